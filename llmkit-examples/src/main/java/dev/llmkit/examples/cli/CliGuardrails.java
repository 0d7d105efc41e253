package dev.llmkit.examples.cli;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.Verdict;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.guardrails.GroundingGuardrail;
import dev.llmkit.guardrails.GuardedChatModel;
import dev.llmkit.guardrails.Guardrails;
import dev.llmkit.guardrails.InjectionGuardrail;
import dev.llmkit.guardrails.PiiGuardrail;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CLI's default guardrail chain: PII in the question is masked before a model sees it (and restored in the
 * answer), the question and every retrieved chunk are checked for prompt injection (a flagged chunk is left out of the
 * sources, a flagged question is refused), and a generated answer's grounding in its sources is checked in monitor
 * mode (reported with {@code --verbose}, never blocking). {@code --no-guardrails} turns it off.
 */
final class CliGuardrails {
    private final GuardedChatModel guard;
    private final boolean enabled;
    /** The chain as calls go through it: observed outermost when the command observes its calls. */
    private final ChatModel outer;

    private CliGuardrails(GuardedChatModel guard, boolean enabled, ChatModel outer) {
        this.guard = guard;
        this.enabled = enabled;
        this.outer = outer;
    }

    /** The chain around {@code model} (or, without one, for checks only), reporting to {@code listener}. */
    static CliGuardrails of(Optional<ModelConfig.Configured> model, ChatModelListener listener, boolean enabled) {
        ChatModel inner = model.<ChatModel>map(ModelConfig.Configured::model).orElse(NoModel.INSTANCE);
        GuardedChatModel guard = enabled
                ? Guardrails.builder(inner).add(PiiGuardrail.masking()).add(InjectionGuardrail.heuristic())
                        .monitor(GroundingGuardrail.standard()).checkHistory(true).listener(listener).build()
                : Guardrails.builder(inner).build();
        return new CliGuardrails(guard, enabled, guard);
    }

    /** These guardrails with their model wrapped by {@code observe} (outermost, so verdicts join the call). */
    CliGuardrails observedBy(java.util.function.UnaryOperator<ChatModel> observe) {
        return new CliGuardrails(guard, enabled, observe.apply(guard));
    }

    /** The model with the chain around it. */
    ChatModel model() {
        return outer;
    }

    /**
     * Checks the question.
     *
     * @throws CliException (exit 1) when a guardrail blocks it
     */
    void checkQuestion(String question) {
        if (!enabled) {
            return;
        }
        try {
            guard.checkInput(ChatRequest.of(question));
        } catch (dev.llmkit.api.error.GuardrailBlockedException e) {
            throw new CliException(1, "The question was refused: " + e.getMessage());
        }
    }

    /** {@code chunks} retrieved for {@code question}, without those an injection check flags. */
    List<ScoredChunk> screen(String question, List<ScoredChunk> chunks) {
        if (!enabled) {
            return chunks;
        }
        ChatRequest context = ChatRequest.of(question);
        List<ScoredChunk> kept = new ArrayList<>(chunks.size());
        for (ScoredChunk c : chunks) {
            if (guard.screen(context, GuardrailContext.Source.RETRIEVED, c.chunk().text()).kind()
                    != Verdict.Kind.BLOCK) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** Stands in for the model when none is configured: the chain is then used for its checks only. */
    private enum NoModel implements ChatModel {
        INSTANCE;

        @Override
        public ChatResponse chat(ChatRequest request) {
            throw new ConfigurationException("No model is configured. " + ModelConfig.HOW_TO);
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            StreamHandle ended = StreamHandle.ended();
            handler.onStart(ended);
            handler.onError(new ConfigurationException("No model is configured. " + ModelConfig.HOW_TO));
            return ended;
        }
    }
}
