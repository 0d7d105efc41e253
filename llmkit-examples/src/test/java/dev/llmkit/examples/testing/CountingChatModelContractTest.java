package dev.llmkit.examples.testing;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.contract.ChatModelContract;

/** Runs every {@link ChatModelContract} scenario, sync, async and streamed, against a user's decorator. */
class CountingChatModelContractTest extends ChatModelContract {

    @Override
    protected ChatModel modelAnswering(String text) {
        return new CountingChatModel(FakeChatModel.always(text));
    }

    @Override
    protected ChatModel modelFailingWithServerError() {
        return new CountingChatModel(FakeChatModel.builder()
                .otherwiseStep(request -> FakeChatModel.Step.fail(new ServerErrorException("HTTP 503 from upstream")))
                .build());
    }
}
