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

/**
 * Lists the documents of an index by walking the terms of the document-id field (one term per document, whatever its
 * number of chunks) and reading each document's content hash from doc values: no stored field is loaded.
 */
public final class DocumentWalk {
    private DocumentWalk() {}

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
            Bits live = leaf.reader().getLiveDocs();
            TermsEnum te = terms.iterator();
            if (te.seekCeil(p) == TermsEnum.SeekStatus.END) {
                continue;
            }
            PostingsEnum postings = null;
            for (BytesRef t = te.term(); t != null && StringHelper.startsWith(t, p); t = te.next()) {
                postings = te.postings(postings, PostingsEnum.NONE);
                for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
                    if (live == null || live.get(d)) {
                        BinaryDocValues hashes = leaf.reader().getBinaryDocValues(hashField);
                        String hash = hashes != null && hashes.advanceExact(d) ? hashes.binaryValue().utf8ToString() : "";
                        out.put(t.utf8ToString(), hash);
                        break;
                    }
                }
            }
        }
        return out;
    }
}
