package dev.llmkit.testing;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.contract.ChatModelContract;

class FakeChatModelContractTest extends ChatModelContract {

    @Override
    protected ChatModel modelAnswering(String text) {
        return FakeChatModel.always(text);
    }

    @Override
    protected ChatModel modelFailingWithServerError() {
        return FakeChatModel.builder()
                .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("HTTP 503 from fake")))
                .build();
    }
}
