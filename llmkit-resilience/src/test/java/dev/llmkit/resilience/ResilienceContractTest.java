package dev.llmkit.resilience;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.contract.ChatModelContract;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

class ResilienceContractTest {

    static FakeChatModel failing() {
        return FakeChatModel.builder()
                .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("HTTP 503"))).build();
    }

    static RetryConfig fastRetry() {
        return RetryConfig.attempts(2).withBackoff(Duration.ZERO, Duration.ZERO);
    }

    @Nested
    class FullStack extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return Resilient.builder().retry(fastRetry()).build(FakeChatModel.always(text));
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return Resilient.builder().retry(fastRetry()).build(failing());
        }
    }

    @Nested
    class RetryOnly extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return Retry.of(FakeChatModel.always(text), fastRetry());
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return Retry.of(failing(), fastRetry());
        }
    }

    @Nested
    class BreakerOnly extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return CircuitBreaker.of("b", FakeChatModel.always(text));
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return CircuitBreaker.of("b", failing());
        }
    }

    @Nested
    class FallbackChain extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return Fallback.of(failing(), FakeChatModel.always(text));
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return Fallback.of(failing(), failing());
        }
    }

    @Nested
    class TimeoutsOnly extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return Timeouts.of(FakeChatModel.always(text), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return Timeouts.of(failing(), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        }
    }

    @Nested
    class Hedged extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return Hedge.of(failing(), FakeChatModel.always(text), Duration.ofSeconds(1));
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return Hedge.of(failing(), failing(), Duration.ofSeconds(1));
        }
    }
}
