package dev.llmkit.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DocumentCatalog} must show. Extend it and return a new, empty store for 3-dimensional
 * vectors that plays both the {@link VectorStore} and the catalog role; the suite closes it after each test. A store
 * whose {@link DocumentCatalog#rollback()} throws {@link UnsupportedOperationException} skips the rollback scenario.
 *
 * <p>Writes of the catalog may be buffered until the store's {@link VectorStore#flush()} (the Lucene index buffers
 * them), so the suite flushes before it reads.
 *
 * @param <S> the store's type
 */
public abstract class DocumentCatalogContract<S extends VectorStore & DocumentCatalog> {
    private final List<S> opened = new ArrayList<>();

    /** A new, empty store for vectors of dimension 3. */
    protected abstract S newStore();

    private S store() {
        S s = newStore();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(VectorStore::close);
        opened.clear();
    }

    private static List<EmbeddedChunk> chunks(String doc, int n) {
        List<EmbeddedChunk> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new EmbeddedChunk(new Chunk(doc + "#" + i, doc, "text " + i + " of " + doc, "src/" + doc, i,
                    Map.of()), new float[] {1, i, 0}));
        }
        return out;
    }

    private static long count(VectorStore s) {
        return s.search(new float[] {1, 0, 0}, 100, MetadataFilter.ALL).size();
    }

    @Test
    void recordsEachDocumentWithItsHashAndSource() {
        S s = store();
        s.replaceDocument("docs/a", "ha", chunks("docs/a", 2));
        s.replaceDocument("docs/b", "hb", chunks("docs/b", 1));
        s.replaceDocument("other/c", "hc", chunks("other/c", 1));
        s.flush();

        assertThat(s.documentHashes("docs/")).containsExactly(Map.entry("docs/a", "ha"), Map.entry("docs/b", "hb"));
        assertThat(s.documentHashes("")).hasSize(3);
        assertThat(s.documentHash("docs/a")).contains("ha");
        assertThat(s.documentHash("docs/")).isEmpty();
        assertThat(s.documentSource("other/c")).contains("src/other/c");
        assertThat(s.documentSource("missing")).isEmpty();
    }

    @Test
    void replacingADocumentDropsItsOldChunks() {
        S s = store();
        s.replaceDocument("d", "h1", chunks("d", 3));
        s.flush();
        s.replaceDocument("d", "h2", chunks("d", 1));
        s.flush();

        assertThat(count(s)).isEqualTo(1);
        assertThat(s.documentHash("d")).contains("h2");
    }

    @Test
    void refusesAChunkOfAnotherDocument() {
        S s = store();
        assertThatThrownBy(() -> s.replaceDocument("d", "h", chunks("e", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletesDocumentsAndTheirHashes() {
        S s = store();
        s.replaceDocument("a", "ha", chunks("a", 2));
        s.replaceDocument("b", "hb", chunks("b", 1));
        s.flush();

        s.deleteDocuments(List.of("a", "missing"));
        s.flush();

        assertThat(s.documentHashes("")).containsOnlyKeys("b");
        assertThat(count(s)).isEqualTo(1);
    }

    @Test
    void rollbackDiscardsWritesSinceTheLastFlush() {
        S s = store();
        s.replaceDocument("kept", "h", chunks("kept", 1));
        s.flush();
        s.replaceDocument("discarded", "h", chunks("discarded", 1));
        s.deleteDocuments(List.of("kept"));

        try {
            s.rollback();
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("the store cannot roll back: " + e.getMessage());
        }

        assertThat(s.documentHashes("")).containsOnlyKeys("kept");
        assertThat(count(s)).isEqualTo(1);
    }
}
