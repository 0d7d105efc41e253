package dev.llmkit.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.DocumentCatalog;
import dev.llmkit.api.rag.KeywordIndex;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.api.rag.VectorStore;
import dev.llmkit.testing.InMemoryVectorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginsTest {

    private static ScoredChunk hit(String id) {
        return new ScoredChunk(new Chunk(id, id, "t", "s", 0, Map.of()), 1);
    }

    @Test
    void createsAVectorStoreByName() {
        try (VectorStore store = Plugins.vectorStore("memory", Map.of("dimension", "8"))) {
            assertThat(store).isInstanceOf(InMemoryVectorStore.class).isInstanceOf(KeywordIndex.class)
                    .isInstanceOf(DocumentCatalog.class);
            assertThat(((InMemoryVectorStore) store).dimension()).isEqualTo(8);
        }
    }

    @Test
    void aVectorStorePluginRefusesBadSettingsWithAConfigurationError() {
        assertThatThrownBy(() -> Plugins.vectorStore("memory", Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("dimension");
    }

    @Test
    void createsARerankerByNameIgnoringCase() {
        List<ScoredChunk> out = Plugins.reranker("REVERSE", Map.of())
                .rerank(Query.of("q"), List.of(hit("a"), hit("b")));

        assertThat(out).extracting(s -> s.chunk().id()).containsExactly("b", "a");
    }

    @Test
    void createsAGuardrailByName() {
        Guardrail g = Plugins.guardrail("block-word", Map.of("word", "secret"));

        assertThat(g).isNotNull();
        assertThat(Plugins.names(Plugins.GUARDRAILS)).containsExactly("block-word");
    }

    @Test
    void createsTokenCountersByNameIncludingTheBuiltInEstimator() {
        assertThat(Plugins.tokenCounter("words", Map.of()).count("three short words")).isEqualTo(3);
        TokenCounter estimator = Plugins.tokenCounter("estimator", Map.of());
        assertThat(estimator.count("hello world")).isEqualTo(TokenCounter.estimator().count("hello world"));
        assertThat(Plugins.names(Plugins.TOKEN_COUNTERS)).containsExactly("estimator", "words");
    }

    @Test
    void createsListenersByNameAndAllAtOnce() {
        assertThat(Plugins.listener("tagged", Map.of("tag", "x"))).isEqualTo(new TestPlugins.TaggedListener("x"));
        assertThat(Plugins.listeners(Map.of("tag", "y"))).containsExactly(new TestPlugins.TaggedListener("y"));
    }

    @Test
    void anUnknownNameListsTheRegisteredOnes() {
        assertThatThrownBy(() -> Plugins.reranker("cohere", Map.of()))
                .isInstanceOfSatisfying(UnknownPluginException.class, e -> {
                    assertThat(e.pluginName()).isEqualTo("cohere");
                    assertThat(e.available()).containsExactlyInAnyOrder("reverse", "dup");
                })
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'cohere'")
                .hasMessageContaining("dup, reverse")
                .hasMessageContaining("META-INF/services/dev.llmkit.api.spi.RerankerProvider");
    }

    @Test
    void aKindWithNoPluginSaysNoneIsRegistered() {
        PluginLookup<VectorStoreProvider> empty =
                new PluginLookup<>(VectorStoreProvider.class, VectorStoreProvider::name);
        ClassLoader bare = new ClassLoader(null) { };

        assertThatThrownBy(() -> empty.find("lucene", bare)).isInstanceOf(UnknownPluginException.class)
                .hasMessageContaining("Registered: none");
    }

    @Test
    void twoPluginsWithOneNameAreAnError() {
        assertThatThrownBy(() -> Plugins.reranker("dup", Map.of()))
                .isInstanceOfSatisfying(DuplicatePluginException.class, e -> assertThat(e.classes())
                        .containsExactly(TestPlugins.DupOne.class.getName(), TestPlugins.DupTwo.class.getName()))
                .hasMessageContaining("'dup'");
    }
}
