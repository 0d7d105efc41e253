package dev.llmkit.guardrails;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.guardrails.internal.Chain;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Puts a guardrail chain around a model. The result is a {@link GuardedChatModel}, itself a {@link ChatModel}, so it
 * stacks with every other decorator; put it outermost, so that it checks what the caller sends and sees what the
 * caller gets (a cached answer included):
 *
 * <pre>{@code
 * ChatModel guarded = Guardrails.builder(model)
 *         .add(PiiGuardrail.masking())                    // input: <EMAIL_1> instead of the address; restored after
 *         .add(InjectionGuardrail.heuristic())            // input and untrusted content
 *         .monitor(GroundingGuardrail.standard())         // counted, never blocks
 *         .add(LeakGuardrail.secrets())                   // stream and output
 *         .listener(myListener)
 *         .build();
 * }</pre>
 *
 * Guardrails run in the order added, at the stages each declares ({@link Guardrail#stages()}); see
 * {@link GuardedChatModel} for what each verdict does at each stage.
 */
public final class Guardrails {
    /** Re-asks an output guardrail may request per call before the chain gives up with a block. */
    public static final int DEFAULT_MAX_REASKS = 2;
    /**
     * Characters of a streamed answer held back for the stream guardrails, so that a secret or a leaked prompt is
     * caught before its first characters reach the caller. Long enough for the prefix of every secret format the
     * leak guardrail knows.
     */
    public static final int DEFAULT_LOOKAHEAD = 64;

    private Guardrails() {}

    /** {@code model} with {@code guardrails}, all enforced, in order, and the defaults. */
    public static GuardedChatModel around(ChatModel model, Guardrail... guardrails) {
        Builder b = builder(model);
        for (Guardrail g : guardrails) {
            b.add(g);
        }
        return b.build();
    }

    /** A builder for a chain around {@code model}. */
    public static Builder builder(ChatModel model) {
        return new Builder(model);
    }

    /** Builds a {@link GuardedChatModel}. Not thread-safe. */
    public static final class Builder {
        private final ChatModel model;
        private final List<Chain.Entry> entries = new ArrayList<>();
        private int maxReasks = DEFAULT_MAX_REASKS;
        private int lookahead = DEFAULT_LOOKAHEAD;
        private ChatModelListener listener = ChatModelListener.NONE;
        private boolean checkHistory;

        private Builder(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Adds {@code guardrail}, enforced, after those added before. */
        public Builder add(Guardrail guardrail) {
            return add(guardrail, Mode.ENFORCE);
        }

        /** Adds {@code guardrail} in monitor mode: its verdicts are reported, never acted on. */
        public Builder monitor(Guardrail guardrail) {
            return add(guardrail, Mode.MONITOR);
        }

        /** Adds {@code guardrail} in {@code mode}. */
        public Builder add(Guardrail guardrail, Mode mode) {
            Objects.requireNonNull(guardrail, "guardrail");
            Objects.requireNonNull(mode, "mode");
            entries.add(new Chain.Entry(guardrail, mode == Mode.ENFORCE));
            return this;
        }

        /** Re-asks allowed per call (default {@value Guardrails#DEFAULT_MAX_REASKS}); 0 turns a re-ask into a block. */
        public Builder maxReasks(int maxReasks) {
            if (maxReasks < 0 || maxReasks > 10) {
                throw new IllegalArgumentException("maxReasks must be between 0 and 10, was " + maxReasks);
            }
            this.maxReasks = maxReasks;
            return this;
        }

        /** Characters held back while streaming (default {@value Guardrails#DEFAULT_LOOKAHEAD}). */
        public Builder lookahead(int chars) {
            if (chars < 0 || chars > 4096) {
                throw new IllegalArgumentException("lookahead must be between 0 and 4096 characters, was " + chars);
            }
            this.lookahead = chars;
            return this;
        }

        /**
         * Whether the input stage checks every user message of the conversation, oldest first, rather than only the
         * newest (default false). Turn it on with PII masking in a multi-turn chat: the caller keeps the restored
         * conversation, so without it earlier turns would reach the model unmasked. Each turn is then checked on every
         * call, which costs one check per earlier turn.
         */
        public Builder checkHistory(boolean checkHistory) {
            this.checkHistory = checkHistory;
            return this;
        }

        /** Receives a {@link dev.llmkit.api.event.GuardrailEvent} for every verdict other than pass. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the guarded model. */
        public GuardedChatModel build() {
            String names = entries.stream()
                    .map(e -> e.guardrail().name() + (e.enforced() ? "" : " (monitor)"))
                    .collect(Collectors.joining(", "));
            return new GuardedChatModel(model, new Chain(List.copyOf(entries), listener, checkHistory), maxReasks, lookahead, names);
        }
    }
}
