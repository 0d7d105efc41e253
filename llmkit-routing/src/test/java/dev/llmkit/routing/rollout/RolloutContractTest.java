package dev.llmkit.routing.rollout;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.contract.ChatModelContract;
import org.junit.jupiter.api.Nested;

/** The chat model contract (sync, async, streaming, cancel, errors) through the canary and the prompt stamper. */
class RolloutContractTest {

    private static ChatModel failing() {
        return FakeChatModel.builder().otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("HTTP 503")))
                .build();
    }

    @Nested
    class CanaryOnTheCandidate extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return Canary.builder("c", FakeChatModel.always("stable"), FakeChatModel.always(text)).stages(100).build();
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return Canary.builder("c", FakeChatModel.always("stable"), failing()).stages(100).build();
        }
    }

    /** Half the calls on each side: both answer alike, so the contract holds whichever side a call takes. */
    @Nested
    class CanaryOnEitherSide extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return Canary.builder("c", FakeChatModel.always(text), FakeChatModel.always(text)).stages(50, 100).build();
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return Canary.builder("c", failing(), failing()).stages(50, 100).build();
        }
    }

    @Nested
    class RecordedPrompt extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return PromptTemplate.recorded(FakeChatModel.always(text));
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return PromptTemplate.recorded(failing());
        }
    }
}
