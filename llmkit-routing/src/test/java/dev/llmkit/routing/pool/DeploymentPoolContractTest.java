package dev.llmkit.routing.pool;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeChatModel.Step;
import dev.llmkit.testing.contract.ChatModelContract;

/** A pool keeps the chat-model contract, sync, async and streamed. */
class DeploymentPoolContractTest extends ChatModelContract {

    @Override
    protected ChatModel modelAnswering(String text) {
        return DeploymentPool.of("contract", Strategies.roundRobin(),
                Deployment.of("a", FakeChatModel.always(text)), Deployment.of("b", FakeChatModel.always(text)));
    }

    @Override
    protected ChatModel modelFailingWithServerError() {
        return DeploymentPool.of("contract", Strategies.leastInFlight(),
                Deployment.of("a", failing()), Deployment.of("b", failing()));
    }

    private static FakeChatModel failing() {
        return FakeChatModel.builder().otherwiseStep(r -> Step.fail(new ServerErrorException("503 from upstream")))
                .build();
    }
}
