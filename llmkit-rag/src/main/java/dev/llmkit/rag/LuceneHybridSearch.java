package dev.llmkit.rag;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.lucene.search.ScoreDoc;

/**
 * The hybrid search of {@link HybridRetriever#defaults} on one {@link LuceneIndex}, fused on Lucene doc numbers: both
 * candidate lists (100 each) are ranked in one point-in-time view without loading stored fields, fused, and only the
 * final top k chunks are loaded. Gives exactly what the composed dense-with-feedback and BM25 retrievers give (same
 * searches, same scores, same fusion; a doc number stands in for its chunk id within the view).
 */
final class LuceneHybridSearch {
    private final LuceneIndex index;
    private final EmbeddingModel embeddings;
    private final int feedbackK;
    private final double feedbackBeta;

    LuceneHybridSearch(LuceneIndex index, EmbeddingModel embeddings, int feedbackK, double feedbackBeta) {
        this.index = index;
        this.embeddings = embeddings;
        this.feedbackK = feedbackK;
        this.feedbackBeta = feedbackBeta;
    }

    List<ScoredChunk> retrieve(Query query, int candidates, Function<List<List<ScoredChunk>>, List<ScoredChunk>> fuse) {
        float[] queryVector = embeddings.embedQuery(query.text());
        int wide = Math.max(candidates, query.topK());
        return index.withSnapshot(s -> {
            float[] dense = queryVector;
            if (feedbackK > 0) {
                ScoreDoc[] first = s.vectorHits(queryVector, feedbackK, query.filter());
                float[][] vectors = new float[first.length][];
                for (int i = 0; i < first.length; i++) {
                    vectors[i] = s.vector(first[i].doc);
                }
                dense = DenseRetriever.moveTowards(queryVector, vectors, feedbackBeta);
            }
            List<ScoredChunk> d = new ArrayList<>();
            for (ScoreDoc h : s.vectorHits(dense, wide, query.filter())) {
                d.add(new ScoredChunk(placeholder(h.doc), s.cosineOf(h.score)));
            }
            List<ScoredChunk> b = new ArrayList<>();
            for (ScoreDoc h : s.textHits(query.text(), wide, query.filter())) {
                b.add(new ScoredChunk(placeholder(h.doc), h.score));
            }
            List<ScoredChunk> fused = fuse.apply(List.of(d, b));
            int n = Math.min(query.topK(), fused.size());
            List<ScoredChunk> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ScoredChunk f = fused.get(i);
                out.add(new ScoredChunk(s.chunk(Integer.parseInt(f.chunk().id())), f.score()));
            }
            return List.copyOf(out);
        });
    }

    private static Chunk placeholder(int doc) {
        return new Chunk(Integer.toString(doc), "-", "", "", 0, Map.of());
    }
}
