package dev.llmkit.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatModels;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.EmbeddingModels;
import dev.llmkit.api.error.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatModelsLookupTest {

    @Test
    void findsTheProviderRegisteredInMetaInfServices() {
        ChatModel model = ChatModels.create("test:my-model", Map.of("greeting", "hi"));

        assertThat(model.chat("anything")).isEqualTo("hi from my-model");
        assertThat(model.info().provider()).isEqualTo("test");
    }

    @Test
    void prefixMatchingIsCaseInsensitiveAndKeepsColonsInTheModelName() {
        ChatModel model = ChatModels.create("Test-Alias:org/model:latest", Map.of());

        assertThat(model.info().model()).isEqualTo("org/model:latest");
    }

    @Test
    void unknownPrefixNamesTheRegisteredOnes() {
        assertThatThrownBy(() -> ChatModels.create("nosuch:model", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'nosuch'")
                .hasMessageContaining("test, test-alias");
    }

    @Test
    void malformedSpecSaysWhatAValidOneLooksLike() {
        assertThatThrownBy(() -> ChatModels.create("gpt-4o-mini", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("provider:model");
        assertThatThrownBy(() -> ChatModels.create("openai:", Map.of()))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void findsEmbeddingProvidersToo() {
        EmbeddingModel model = EmbeddingModels.create("test:fake", Map.of());

        assertThat(model.embed("hello")).hasSize(model.dimension());
    }

    @Test
    void twoProvidersServingOnePrefixAreAnErrorNamingBoth() {
        assertThatThrownBy(() -> ChatModels.create("dup:model", Map.of()))
                .isInstanceOf(DuplicatePluginException.class)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'dup'")
                .hasMessageContaining(DuplicateChatModelProviders.One.class.getName())
                .hasMessageContaining(DuplicateChatModelProviders.Two.class.getName());
    }
}
