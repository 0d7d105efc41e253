package dev.llmkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeChatModel.Step;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelVerifierTest {
    private final ManualScheduler time = new ManualScheduler();

    @Test
    void sameIsAHitAnythingElseIsADifference() {
        FakeChatModel judge = FakeChatModel.builder().respond("SAME").respond("Different.").respond("maybe")
                .fail(new ServerErrorException("503")).build();
        ModelVerifier v = ModelVerifier.of(judge, Duration.ofSeconds(2), time);

        assertThat(v.difference("a", "b")).isEmpty();
        assertThat(v.difference("a", "b")).contains("the verifier model found a difference");
        assertThat(v.difference("a", "b")).contains("the verifier model gave no clear answer");
        assertThat(v.difference("a", "b")).contains("the verifier model failed");
    }

    @Test
    void itsQuestionIsBoundedDeterministicAndNeverCachedItself() {
        FakeChatModel judge = FakeChatModel.builder().otherwiseStep(r -> Step.respond("SAME")).build();
        ModelVerifier.of(judge, Duration.ofSeconds(2), time).difference("How old is Ada?", "Ada's age?");

        ChatRequest asked = judge.requests().get(0);
        assertThat(asked.deadline()).contains(time.now().plusSeconds(2));
        assertThat(asked.temperature()).contains(0.0);
        assertThat(asked.attributes()).containsEntry(ResponseCache.ATTR_CACHE_CONTROL, ResponseCache.CONTROL_OFF);
        assertThat(asked.lastUserText()).contains("How old is Ada?").contains("Ada's age?");
    }

    @Test
    void itRunsOnlyOnCandidatesTheLexicalCheckLetThrough() {
        FakeChatModel judge = FakeChatModel.builder().otherwiseStep(r -> Step.respond("SAME")).build();
        HitVerifier both = HitVerifier.lexical().and(ModelVerifier.of(judge, Duration.ofSeconds(2), time));
        assertThat(both.difference("What is 2+2?", "What is 2+3?")).contains("numbers differ");
        assertThat(judge.callCount()).isZero();
        assertThat(both.difference("What is 2+2?", "what's 2+2")).isEmpty();
        assertThat(judge.callCount()).isEqualTo(1);
    }
}
