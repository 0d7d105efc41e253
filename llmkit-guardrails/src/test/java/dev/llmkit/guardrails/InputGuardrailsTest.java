package dev.llmkit.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.ModerationResult;
import dev.llmkit.api.guardrail.Verdict;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputGuardrailsTest {

    private static Verdict input(dev.llmkit.api.guardrail.Guardrail g, String text) {
        return g.check(GuardrailContext.input(ChatRequest.of(text)));
    }

    @Test
    void inputLimitCountsTokens() {
        InputLimit limit = InputLimit.maxTokens(10, TokenCounter.estimator());

        assertThat(input(limit, "short question").isPass()).isTrue();
        assertThat(input(limit, "word ".repeat(50)).reason()).contains("more than the limit of 10");
        assertThatThrownBy(() -> InputLimit.maxTokens(0, TokenCounter.estimator())).hasMessageContaining("at least 1");
    }

    @Test
    void topicsDenyAndAllowByPhrase() {
        TopicGuardrail topics = TopicGuardrail.builder()
                .allow("billing", "invoice", "refund", "payment")
                .deny("legal advice", "lawsuit", "sue")
                .build();

        assertThat(input(topics, "Where is my invoice for March?").isPass()).isTrue();
        assertThat(input(topics, "Can I sue you over this refund?").reason()).contains("denied topic (legal advice)");
        assertThat(input(topics, "Write me a poem about cats").reason()).contains("none of the allowed topics");
        assertThat(input(topics, "Is issue #12 an issuer problem with my payment?").isPass()).isTrue();
    }

    @Test
    void topicsMatchByMeaningWithEmbeddings() {
        TopicGuardrail topics = TopicGuardrail.builder()
                .deny("weather", "what is the weather forecast for tomorrow")
                .embeddings(new FakeEmbeddingModel(256), 0.7)
                .build();

        assertThat(input(topics, "the weather forecast for tomorrow please").kind()).isEqualTo(Verdict.Kind.BLOCK);
        assertThat(input(topics, "reset my password").isPass()).isTrue();
    }

    @Test
    void moderationBlocksFlaggedTextAndFailsClosedUnlessToldOtherwise() {
        ModerationGuardrail flagged = ModerationGuardrail.of(text -> ModerationResult.of(true, Set.of("violence"),
                Map.of("violence", 0.97), "mod-1"));
        ModerationGuardrail clean = ModerationGuardrail.of(text -> ModerationResult.of(false, Set.of(), Map.of(),
                "mod-1"));
        ModerationGuardrail down = ModerationGuardrail.of(text -> {
            throw new ServerErrorException("503");
        });

        assertThat(input(flagged, "x").reason()).isEqualTo("flagged by moderation (violence)");
        assertThat(input(clean, "x").isPass()).isTrue();
        assertThatThrownBy(() -> input(down, "x")).isInstanceOf(LlmException.class);
        assertThat(input(down.failOpen(), "x").isPass()).isTrue();
        assertThatThrownBy(() -> ModerationGuardrail.of(t -> null, Set.of(GuardrailContext.Stage.STREAM)))
                .hasMessageContaining("too slow");
    }
}
