package dev.llmkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.Query;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueValidationTest {

    @Test
    void requestNeedsAtLeastOneMessage() {
        assertThatThrownBy(() -> ChatRequest.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one message");
    }

    @Test
    void requestRejectsBlankModelName() {
        assertThatThrownBy(() -> ChatRequest.builder().user("hi").model("  ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model must not be blank");
    }

    @Test
    void requestRejectsNonPositiveMaxTokensAndOutOfRangeSampling() {
        assertThatThrownBy(() -> ChatRequest.builder().user("hi").maxOutputTokens(-5).build())
                .hasMessageContaining("maxOutputTokens must be at least 1, got -5");
        assertThatThrownBy(() -> ChatRequest.builder().user("hi").maxOutputTokens(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChatRequest.builder().user("hi").temperature(2.5).build())
                .hasMessageContaining("temperature must be between 0 and 2");
        assertThatThrownBy(() -> ChatRequest.builder().user("hi").topP(0.0).build())
                .hasMessageContaining("topP");
    }

    @Test
    void requestChecksToolChoiceAgainstTools() {
        ToolSpec weather = ToolSpec.noParameters("weather", "Current weather");
        assertThatThrownBy(() -> ChatRequest.builder().user("hi").toolChoice(ToolChoice.REQUIRED).build())
                .hasMessageContaining("needs at least one tool");
        assertThatThrownBy(() -> ChatRequest.builder().user("hi").tool(weather).toolChoice(ToolChoice.tool("time")).build())
                .hasMessageContaining("'time', which is not among the tools");
        assertThatThrownBy(() -> ChatRequest.builder().user("hi").tool(weather).tool(weather).build())
                .hasMessageContaining("must be unique");
    }

    @Test
    void requestIsImmutableAndCopiesThroughItsBuilder() {
        List<Message> messages = new ArrayList<>(List.of(Message.user("hi")));
        ChatRequest r = ChatRequest.of(messages);
        messages.add(Message.user("sneaky"));

        assertThat(r.messages()).hasSize(1);
        assertThatThrownBy(() -> r.messages().add(Message.user("x"))).isInstanceOf(UnsupportedOperationException.class);
        ChatRequest copy = r.toBuilder().model("gpt-4o-mini").tag("simple").tenant("acme").build();
        assertThat(copy.model()).contains("gpt-4o-mini");
        assertThat(copy.tags()).containsExactly("simple");
        assertThat(copy.context().tenant()).contains("acme");
        assertThat(copy.context().callId()).isEqualTo(r.context().callId());
        assertThat(copy.messages()).isEqualTo(r.messages());
        assertThat(r.model()).isEmpty();
    }

    @Test
    void messagesValidateTheirContent() {
        assertThatThrownBy(() -> new SystemMessage(" ")).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> new UserMessage(List.of())).hasMessageContaining("at least one content part");
        assertThatThrownBy(() -> ContentPart.image(new byte[] {1}, "text/plain")).hasMessageContaining("image type");
        UserMessage multimodal = UserMessage.of(ContentPart.text("What is this?"),
                ContentPart.image(new byte[] {1, 2, 3}, "image/png"));
        assertThat(multimodal.text()).isEqualTo("What is this?");
        assertThat(multimodal.hasImages()).isTrue();
    }

    @Test
    void toolSpecsFollowTheProvidersNamingRule() {
        assertThatThrownBy(() -> ToolSpec.noParameters("get weather", "x")).hasMessageContaining("invalid");
        assertThatThrownBy(() -> ToolSpec.of("ok", "x", JsonNodeFactory.instance.textNode("nope")))
                .hasMessageContaining("JSON schema object");
        assertThat(ToolSpec.noParameters("get_weather", "x").parameters().get("type").asText()).isEqualTo("object");
    }

    @Test
    void toolCallArgumentsParseOrFailWithATypedError() {
        assertThat(new ToolCall("1", "f", "{\"a\":1}").argumentsJson().get("a").asInt()).isEqualTo(1);
        assertThat(new ToolCall("1", "f", "").argumentsJson().isObject()).isTrue();
        assertThatThrownBy(() -> new ToolCall("1", "f", "{broken").argumentsJson())
                .isInstanceOf(dev.llmkit.api.error.InvalidRequestException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void usageRejectsImpossibleCountsAndAdds() {
        assertThatThrownBy(() -> Usage.of(-1, 0)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Usage.builder().inputTokens(1).cacheReadInputTokens(1).cacheWriteInputTokens(1).build())
                .hasMessageContaining("cannot exceed");
        Usage cached = Usage.builder().inputTokens(3).outputTokens(2).cacheReadInputTokens(1).build();
        assertThat(Usage.of(10, 5).plus(cached))
                .isEqualTo(Usage.builder().inputTokens(13).outputTokens(7).cacheReadInputTokens(1).build());
        assertThat(Usage.of(10, 5).totalTokens()).isEqualTo(15);
    }

    @Test
    void responseValidatesAndRecordsDecoratorAttributes() {
        assertThatThrownBy(() -> ChatResponse.builder().latency(Duration.ofMillis(-1)).build())
                .hasMessageContaining("latency must not be negative");
        ChatResponse r = ChatResponse.of("hi", "m").withAttribute(ChatResponse.ATTR_FALLBACK, "primary down");
        assertThat(r.attribute(ChatResponse.ATTR_FALLBACK)).contains("primary down");
        ChatResponse more = r.toBuilder().attribute("a", "1").attribute("a", "2").attribute("b", "3").build();
        assertThat(more.attributes()).containsOnly(Map.entry(ChatResponse.ATTR_FALLBACK, "primary down"),
                Map.entry("a", "2"), Map.entry("b", "3"));
        assertThat(ChatResponse.of("x", "m").toBuilder().attribute("k", "v").attribute("k", "w").build().attributes())
                .containsOnly(Map.entry("k", "w"));
        assertThat(r.toBuilder().build().attributes()).isSameAs(r.attributes());
        assertThat(r.text()).isEqualTo("hi");
    }

    @Test
    void modelInfoComputesCostFromPricesPerMillion() {
        ModelInfo info = ModelInfo.of("openai", "gpt-4o-mini")
                .withPrices(new BigDecimal("0.15"), new BigDecimal("0.60"));

        assertThat(info.cost(Usage.of(1_000_000, 500_000))).hasValueSatisfying(c ->
                assertThat(c).isEqualByComparingTo("0.45"));
        assertThat(ModelInfo.of("x", "y").cost(Usage.of(1, 1))).isEmpty();
        assertThatThrownBy(() -> ModelInfo.of(" ", "y")).hasMessageContaining("must not be blank");
    }

    @Test
    void retrievalValuesValidate() {
        assertThatThrownBy(() -> Query.of(" ")).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> Query.of("q", 0)).hasMessageContaining("topK must be between 1 and 10000");
        assertThatThrownBy(() -> new Chunk("c", "d", "t", "s", -1, Map.of())).hasMessageContaining("position");
        assertThatThrownBy(() -> MetadataFilter.in("k", Set.of())).hasMessageContaining("at least one value");
    }

    @Test
    void metadataFiltersCompose() {
        MetadataFilter f = MetadataFilter.eq("tenant", "acme").and(MetadataFilter.in("lang", Set.of("en", "de")).negate());

        assertThat(f.test(Map.of("tenant", "acme", "lang", "fr"))).isTrue();
        assertThat(f.test(Map.of("tenant", "acme", "lang", "en"))).isFalse();
        assertThat(f.test(Map.of("tenant", "globex"))).isFalse();
        assertThat(MetadataFilter.ALL.test(Map.of())).isTrue();
    }

    @Test
    void tokenEstimatorIsCloseToWordCountsForProse() {
        TokenCounter counter = TokenCounter.estimator();
        int tokens = counter.count("The quick brown fox jumps over the lazy dog.");

        assertThat(tokens).isBetween(9, 14);
        assertThat(counter.count("")).isZero();
        assertThat(counter.countMessages(List.of(Message.user("hi")))).isGreaterThan(counter.count("hi"));
    }
}
