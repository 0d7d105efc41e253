package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HedgeTest {
    private final ManualScheduler time = new ManualScheduler();

    @Test
    void aSlowPrimaryIsOvertakenByTheHedgeAndCancelled() {
        FakeChatModel slow = FakeChatModel.builder().stream("slow").latency(Duration.ofSeconds(5)).scheduler(time).build();
        FakeChatModel fast = FakeChatModel.builder().stream("fa", "st").latency(Duration.ofSeconds(1)).scheduler(time).build();
        Collect c = new Collect();

        Hedge.of(slow, fast, Duration.ofSeconds(2), time).stream(ChatRequest.of("hi"), c);
        time.advance(Duration.ofSeconds(10));

        assertThat(c.tokens).containsExactly("fa", "st");
        assertThat(c.response.attribute(Hedge.ATTR_HEDGE)).contains("secondary");
        assertThat(slow.cancelledStreams()).isEqualTo(1);
        assertThat(c.terminals).hasValue(1);
    }

    @Test
    void aFastPrimaryNeverStartsTheHedge() {
        FakeChatModel primary = FakeChatModel.builder().stream("ok").latency(Duration.ofSeconds(1)).scheduler(time).build();
        FakeChatModel spare = FakeChatModel.echo();
        Collect c = new Collect();

        Hedge.of(primary, spare, Duration.ofSeconds(2), time).stream(ChatRequest.of("hi"), c);
        time.advance(Duration.ofSeconds(10));

        assertThat(c.tokens).containsExactly("ok");
        assertThat(spare.callCount()).isZero();
    }

    @Test
    void aPrimaryThatFailsEarlyHandsOverAtOnceAndTwoFailuresFail() {
        FakeChatModel broken = FakeChatModel.builder().fail(new ServerErrorException("503")).fail(new ServerErrorException("503")).build();
        FakeChatModel spare = FakeChatModel.builder().respond("saved")
                .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("also down"))).build();
        Hedge hedge = Hedge.of(broken, spare, Duration.ofMinutes(1), time);

        assertThat(hedge.chat(ChatRequest.of("hi")).text()).isEqualTo("saved");
        Collect c = new Collect();
        hedge.stream(ChatRequest.of("hi"), c);
        assertThat(c.error).hasMessageContaining("down");
        assertThat(c.terminals).hasValue(1);
    }
}
