package dev.llmkit.rag;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.rag.internal.Hashing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one ingest has to do, from the documents it was given and the content hashes stored in the index: which
 * documents changed (to embed and write again), how many are unchanged, and which stored documents are gone.
 */
final class IngestPlan {
    /** Up to this many documents, a list ingest looks their stored hashes up one by one instead of walking all. */
    private static final int PER_ID_LOOKUPS = 1024;

    private final DocumentCatalog index;
    private final List<Document> documents;
    private final String hashPrefix;
    private final Map<String, String> known;
    private final List<Document> changed = new ArrayList<>();
    private final List<String> changedHashes = new ArrayList<>();
    private long changedChars;

    private IngestPlan(DocumentCatalog index, List<Document> documents, String hashPrefix, Map<String, String> known) {
        this.index = index;
        this.documents = documents;
        this.hashPrefix = hashPrefix;
        this.known = known;
        for (Document doc : documents) {
            String hash = Hashing.contentHash(doc);
            if (!hash.equals(known.get(doc.id()))) {
                changed.add(doc);
                changedHashes.add(hash);
                changedChars += doc.text().length();
            }
        }
    }

    /**
     * Compares {@code documents} with the hashes the catalog holds.
     *
     * @param hashPrefix the id prefix all of {@code documents} share (a folder's root and "/"), or "" for a list of
     *     documents: then a few are looked up one by one rather than walking every stored document
     */
    static IngestPlan of(DocumentCatalog index, List<Document> documents, String hashPrefix) {
        Map<String, String> known;
        if (hashPrefix.isEmpty() && documents.size() <= PER_ID_LOOKUPS) {
            // a few documents into a possibly large index: look their hashes up rather than walk every document
            known = new HashMap<>();
            for (Document doc : documents) {
                index.documentHash(doc.id()).ifPresent(h -> known.put(doc.id(), h));
            }
        } else {
            known = index.documentHashes(hashPrefix);
        }
        return new IngestPlan(index, documents, hashPrefix, known);
    }

    /** The new or changed documents, in the order given. */
    List<Document> changed() {
        return changed;
    }

    /** The content hash of {@code changed().get(i)}. */
    String hashOfChanged(int i) {
        return changedHashes.get(i);
    }

    /** The characters of text in the changed documents. */
    long changedChars() {
        return changedChars;
    }

    /** How many documents are stored with the same content hash, to be skipped. */
    int unchanged() {
        return documents.size() - changed.size();
    }

    /**
     * The stored documents under {@code deleteScope} (an id prefix) that this ingest did not bring, except those kept:
     * an id in {@code keep}, or under a prefix in {@code keep} ending with "/". With a {@code root}, only documents of
     * exactly that root count: an id that is not {@code root + "/" + its source} belongs to another root sharing the
     * prefix (root {@code handbook/v2} under {@code handbook}) and is kept. Reads the index as it is now.
     */
    Set<String> gone(String deleteScope, @Nullable String root, Set<String> keep) {
        Set<String> gone = new HashSet<>(deleteScope.equals(hashPrefix) ? known.keySet()
                : index.documentHashes(deleteScope).keySet());
        documents.forEach(doc -> gone.remove(doc.id()));
        gone.removeIf(id -> keep.contains(id) || keep.stream().anyMatch(k -> (k.endsWith("/") || k.endsWith(" ")) && id.startsWith(k)));
        if (root != null) {
            gone.removeIf(id -> !index.documentSource(id).map(src -> id.equals(root + "/" + src)).orElse(false));
        }
        return gone;
    }
}
