package dev.llmkit.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.MetadataFilterBuilder;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Any LangChain4j {@code EmbeddingStore<TextSegment>} (pgvector, Qdrant, OpenSearch, Milvus, Chroma, ...) as an llmkit
 * {@link VectorStore}, so llmkit's dense retriever, hybrid fusion (with a keyword index beside it), reranking and
 * ingestion run on a store a team already operates.
 *
 * <pre>{@code
 * VectorStore store = LangChain4jStores.from(PgVectorEmbeddingStore.builder()...build(), 384);
 * Retriever dense = new DenseRetriever(store, embeddings);
 * }</pre>
 *
 * <p>Each chunk is one embedding whose id is the chunk id and whose text segment holds the chunk's text, with its
 * metadata plus four keys of llmkit's own ({@code llmkit_chunk}, {@code llmkit_doc}, {@code llmkit_source},
 * {@code llmkit_position}); metadata keys starting with {@code llmkit_} are therefore refused. Filters become
 * LangChain4j metadata filters, which each store translates to its own query. Scores are cosine similarities: the
 * store's relevance score {@code (1 + cos) / 2} mapped back. Writes go straight to the store, so {@link #flush()} and
 * {@link #close()} do nothing (the caller closes the store); {@link #deleteDocument} and {@link #deleteWhere} return
 * -1, since LangChain4j does not say how many it removed. A store that does not return embeddings with its matches
 * gives no vectors to {@link VectorStore#vectors} (pseudo-relevance feedback then does nothing).
 */
public final class LangChain4jStores {
    static final String CHUNK = "llmkit_chunk";
    static final String DOC = "llmkit_doc";
    static final String SOURCE = "llmkit_source";
    static final String POSITION = "llmkit_position";

    private LangChain4jStores() {}

    /** {@code store}, holding vectors of {@code dimension}, as an llmkit vector store. */
    public static VectorStore from(EmbeddingStore<TextSegment> store, int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        return new Bridged(Objects.requireNonNull(store, "store"), dimension);
    }

    /** {@code filter} as a LangChain4j metadata filter, or null for {@link MetadataFilter#ALL}. */
    static @Nullable Filter toLangChain4j(MetadataFilter filter) {
        if (filter instanceof MetadataFilter.All) {
            return null;
        } else if (filter instanceof MetadataFilter.Eq eq) {
            return MetadataFilterBuilder.metadataKey(eq.key()).isEqualTo(eq.value());
        } else if (filter instanceof MetadataFilter.In in) {
            return MetadataFilterBuilder.metadataKey(in.key()).isIn(in.values());
        } else if (filter instanceof MetadataFilter.And and) {
            return combine(and.filters(), true);
        } else if (filter instanceof MetadataFilter.Or or) {
            return combine(or.filters(), false);
        } else if (filter instanceof MetadataFilter.Not not) {
            Filter inner = toLangChain4j(not.filter());
            // not(all) matches nothing: every chunk has a non-empty id
            return inner == null ? MetadataFilterBuilder.metadataKey(CHUNK).isEqualTo("") : Filter.not(inner);
        }
        throw new IllegalArgumentException("unknown filter " + filter.getClass().getName());
    }

    private static @Nullable Filter combine(List<MetadataFilter> filters, boolean and) {
        Filter out = null;
        for (MetadataFilter f : filters) {
            Filter next = toLangChain4j(f);
            if (next == null) {
                if (!and) {
                    return null; // x or all = all
                }
                continue; // x and all = x
            }
            out = out == null ? next : and ? out.and(next) : out.or(next);
        }
        return out;
    }

    /** The bridge. */
    private static final class Bridged implements VectorStore {
        private final EmbeddingStore<TextSegment> store;
        private final int dimension;

        Bridged(EmbeddingStore<TextSegment> store, int dimension) {
            this.store = store;
            this.dimension = dimension;
        }

        @Override
        public void upsert(List<EmbeddedChunk> chunks) {
            if (chunks.isEmpty()) {
                return;
            }
            List<String> ids = new ArrayList<>(chunks.size());
            List<Embedding> embeddings = new ArrayList<>(chunks.size());
            List<TextSegment> segments = new ArrayList<>(chunks.size());
            for (EmbeddedChunk ec : chunks) {
                check(ec.vector().length, "chunk " + ec.chunk().id());
                Chunk c = ec.chunk();
                Metadata m = new Metadata();
                c.metadata().forEach((k, v) -> {
                    if (k.startsWith("llmkit_")) {
                        throw new IllegalArgumentException("metadata key '" + k + "' of chunk " + c.id()
                                + " starts with llmkit_, which the LangChain4j bridge keeps for itself; rename it");
                    }
                    m.put(k, v);
                });
                m.put(CHUNK, c.id()).put(DOC, c.documentId()).put(SOURCE, c.source())
                        .put(POSITION, Integer.toString(c.position()));
                ids.add(c.id());
                embeddings.add(Embedding.from(ec.vector()));
                segments.add(TextSegment.from(c.text().isEmpty() ? " " : c.text(), m));
            }
            // not every store replaces an embedding with the same id on add: remove first
            store.removeAll(ids);
            store.addAll(ids, embeddings, segments);
        }

        @Override
        public long deleteDocument(String documentId) {
            store.removeAll(MetadataFilterBuilder.metadataKey(DOC).isEqualTo(documentId));
            return -1;
        }

        @Override
        public long deleteWhere(MetadataFilter filter) {
            Filter f = toLangChain4j(filter);
            if (f == null) {
                store.removeAll();
            } else {
                store.removeAll(f);
            }
            return -1;
        }

        @Override
        public List<ScoredChunk> search(float[] vector, int topK, MetadataFilter filter) {
            check(vector.length, "the query vector");
            if (topK <= 0) {
                return List.of();
            }
            List<ScoredChunk> out = new ArrayList<>();
            for (EmbeddingMatch<TextSegment> m : matches(vector, topK, toLangChain4j(filter))) {
                if (m.embedded() != null) {
                    out.add(new ScoredChunk(toChunk(m.embeddingId(), m.embedded()), 2.0 * m.score() - 1.0));
                }
            }
            return out;
        }

        private List<EmbeddingMatch<TextSegment>> matches(float[] vector, int max, @Nullable Filter filter) {
            var b = EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(vector)).maxResults(max)
                    .minScore(0.0);
            if (filter != null) {
                b.filter(filter);
            }
            return store.search(b.build()).matches();
        }

        @Override
        public Map<String, float[]> vectors(Collection<String> chunkIds) {
            if (chunkIds.isEmpty()) {
                return Map.of();
            }
            // LangChain4j has no get-by-id: a search restricted to these ids returns them with their embeddings
            float[] any = new float[dimension];
            java.util.Arrays.fill(any, 1f);
            Map<String, float[]> out = new LinkedHashMap<>();
            for (EmbeddingMatch<TextSegment> m : matches(any, chunkIds.size(),
                    MetadataFilterBuilder.metadataKey(CHUNK).isIn(chunkIds))) {
                if (m.embedding() != null) {
                    out.put(m.embeddingId(), m.embedding().vector().clone());
                }
            }
            return out;
        }

        private static Chunk toChunk(String id, TextSegment s) {
            Metadata m = s.metadata();
            Map<String, String> meta = new LinkedHashMap<>();
            m.toMap().forEach((k, v) -> {
                if (!k.startsWith("llmkit_")) {
                    meta.put(k, String.valueOf(v));
                }
            });
            String position = m.getString(POSITION);
            String chunkId = m.getString(CHUNK);
            return new Chunk(chunkId == null ? id : chunkId, orEmpty(m.getString(DOC)), s.text().equals(" ") ? ""
                    : s.text(), orEmpty(m.getString(SOURCE)), position == null ? 0 : Integer.parseInt(position),
                    Map.copyOf(meta));
        }

        private static String orEmpty(@Nullable String s) {
            return s == null ? "" : s;
        }

        private void check(int length, String what) {
            if (length != dimension) {
                throw new IllegalArgumentException(what + " has " + length + " dimensions, the store " + dimension);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "LangChain4j store " + store.getClass().getSimpleName() + " (" + dimension + " dimensions)";
        }
    }
}
