package dev.llmkit.rag.internal;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;
import org.jspecify.annotations.Nullable;

/**
 * Lists the documents of an index by walking the terms of the document-id field (one term per document, whatever its
 * number of chunks) and reading each document's content hash from doc values: no stored field is loaded.
 */
public final class DocumentWalk {
    private DocumentWalk() {}

    /** The content hash of one live document, or null when it is not in the index. */
    public static @Nullable String hash(IndexReader reader, String docField, String hashField, String id)
            throws IOException {
        BytesRef term = new BytesRef(id);
        for (LeafReaderContext leaf : reader.leaves()) {
            Terms terms = leaf.reader().terms(docField);
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            if (!te.seekExact(term)) {
                continue;
            }
            String h = firstLiveHash(leaf, te.postings(null, PostingsEnum.NONE), hashField);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    private static @Nullable String firstLiveHash(LeafReaderContext leaf, PostingsEnum postings, String hashField)
            throws IOException {
        Bits live = leaf.reader().getLiveDocs();
        for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
            if (live == null || live.get(d)) {
                BinaryDocValues hashes = leaf.reader().getBinaryDocValues(hashField);
                return hashes != null && hashes.advanceExact(d) ? hashes.binaryValue().utf8ToString() : "";
            }
        }
        return null;
    }

    /**
     * The id and content hash of every live document whose id starts with {@code prefix}, sorted by id.
     *
     * @param docField the indexed (not tokenised) document-id field
     * @param hashField the binary doc-values field holding each chunk's document hash
     */
    public static Map<String, String> hashes(IndexReader reader, String docField, String hashField, String prefix)
            throws IOException {
        Map<String, String> out = new TreeMap<>();
        BytesRef p = new BytesRef(prefix);
        for (LeafReaderContext leaf : reader.leaves()) {
            Terms terms = leaf.reader().terms(docField);
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            if (te.seekCeil(p) == TermsEnum.SeekStatus.END) {
                continue;
            }
            PostingsEnum postings = null;
            for (BytesRef t = te.term(); t != null && StringHelper.startsWith(t, p); t = te.next()) {
                postings = te.postings(postings, PostingsEnum.NONE);
                String hash = firstLiveHash(leaf, postings, hashField);
                if (hash != null) {
                    out.put(t.utf8ToString(), hash);
                }
            }
        }
        return out;
    }
}
