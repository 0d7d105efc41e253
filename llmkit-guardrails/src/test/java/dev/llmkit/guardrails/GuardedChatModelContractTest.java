package dev.llmkit.guardrails;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.contract.ChatModelContract;

/** The guarded model keeps every promise of a {@link ChatModel}, sync, async and streaming. */
class GuardedChatModelContractTest extends ChatModelContract {

    @Override
    protected ChatModel modelAnswering(String text) {
        return Guardrails.around(FakeChatModel.always(text), PiiGuardrail.masking(), InjectionGuardrail.heuristic(),
                LeakGuardrail.standard());
    }

    @Override
    protected ChatModel modelFailingWithServerError() {
        return Guardrails.around(FakeChatModel.builder().otherwiseStep(r -> FakeChatModel.Step.fail(
                new ServerErrorException("503 from upstream", null, dev.llmkit.api.error.ErrorInfo.NONE))).build(),
                PiiGuardrail.masking(), LeakGuardrail.standard());
    }
}
