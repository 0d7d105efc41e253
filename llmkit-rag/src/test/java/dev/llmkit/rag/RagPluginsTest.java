package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.api.spi.Plugins;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plug-ins this module registers through META-INF/services. */
class RagPluginsTest {
    @TempDir
    Path tmp;

    @Test
    void luceneIsRegisteredAsAVectorStore() {
        assertThat(Plugins.names(Plugins.VECTOR_STORES)).contains("lucene");
        try (VectorStore store = Plugins.vectorStore("lucene", Map.of("embedding-model", "fake", "dimension", "3"))) {
            assertThat(store).isInstanceOf(LuceneIndex.class);
            store.upsert(List.of(new EmbeddedChunk(new Chunk("a", "d", "text", "d.md", 0, Map.of()),
                    new float[] {1, 0, 0})));
            assertThat(store.search(new float[] {1, 0, 0}, 1, MetadataFilter.ALL)).hasSize(1);
        }
    }

    @Test
    void theLucenePluginOpensAFolderAndReadersOfIt() {
        Map<String, String> settings = Map.of("path", tmp.resolve("index").toString(), "embedding-model", "fake",
                "dimension", "3");
        try (VectorStore writer = Plugins.vectorStore("lucene", settings)) {
            writer.upsert(List.of(new EmbeddedChunk(new Chunk("a", "d", "text", "d.md", 0, Map.of()),
                    new float[] {1, 0, 0})));
            writer.flush();
        }
        Map<String, String> readOnly = new java.util.HashMap<>(settings);
        readOnly.put("read-only", "true");
        try (VectorStore reader = Plugins.vectorStore("lucene", readOnly)) {
            assertThat(((LuceneIndex) reader).readOnly()).isTrue();
            assertThat(reader.search(new float[] {1, 0, 0}, 1, MetadataFilter.ALL)).hasSize(1);
        }
    }

    @Test
    void theLucenePluginNamesAMissingOrMalformedSetting() {
        assertThatThrownBy(() -> Plugins.vectorStore("lucene", Map.of("dimension", "3")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("embedding-model");
        assertThatThrownBy(() -> Plugins.vectorStore("lucene", Map.of("embedding-model", "fake")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dimension");
        assertThatThrownBy(() -> Plugins.vectorStore("lucene", Map.of("embedding-model", "fake", "dimension", "x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Plugins.vectorStore("lucene", Map.of("embedding-model", "fake", "dimension", "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dimension");
    }

    @Test
    void theRerankersAreRegisteredAndCheckTheirSettingsBeforeCreatingAModel() {
        assertThat(Plugins.names(Plugins.RERANKERS)).contains("embedding", "llm");
        assertThatThrownBy(() -> Plugins.reranker("embedding", Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("embedding-model");
        assertThatThrownBy(() -> Plugins.reranker("embedding", Map.of("embedding-model", "nosuch:model",
                "lambda", "2"))).isInstanceOf(ConfigurationException.class).hasMessageContaining("lambda");
        assertThatThrownBy(() -> Plugins.reranker("llm", Map.of("chat-model", "nosuch:model", "top-n", "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("top-n");
        assertThatThrownBy(() -> Plugins.reranker("llm", Map.of("chat-model", "nosuch:model")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'nosuch'");
    }
}
