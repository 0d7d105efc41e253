package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.Verdict;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A guardrail decided something other than pass: it rewrote, masked, blocked or asked the model again. In monitor
 * mode ({@link #enforced()} false) the decision was only recorded and the call went on unchanged, so teams can count
 * what a guardrail would do before they let it act.
 *
 * <p>The verdict's reason is safe to log (guardrails never quote the sensitive text in it); the event never holds the
 * checked text. Built by guardrail chains through {@link #builder()}; new values may be added in later versions.
 * Immutable.
 */
public final class GuardrailEvent implements CallEvent {
    private final ChatRequest request;
    private final String guardrail;
    private final GuardrailContext.Stage stage;
    private final Verdict verdict;
    private final boolean enforced;
    private final Duration latency;

    private GuardrailEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "GuardrailEvent: request is required");
        guardrail = Objects.requireNonNull(b.guardrail, "GuardrailEvent: guardrail is required");
        stage = Objects.requireNonNull(b.stage, "GuardrailEvent: stage is required");
        verdict = Objects.requireNonNull(b.verdict, "GuardrailEvent: verdict is required");
        latency = Objects.requireNonNull(b.latency, "GuardrailEvent: latency is required");
        enforced = b.enforced;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The guardrail's name. */
    public String guardrail() {
        return guardrail;
    }

    /** Where in the call it ran. */
    public GuardrailContext.Stage stage() {
        return stage;
    }

    /** What it decided (its restorations, if any, are never printed). */
    public Verdict verdict() {
        return verdict;
    }

    /** Whether the verdict took effect; false in monitor mode, where it was only recorded. */
    public boolean enforced() {
        return enforced;
    }

    /** How long the check took. */
    public Duration latency() {
        return latency;
    }

    @Override
    public String toString() {
        return "GuardrailEvent{callId=" + callId() + " attempt=" + attempt() + ", guardrail=" + guardrail
                + ", stage=" + stage + ", verdict=" + verdict + ", enforced=" + enforced + ", latency=" + latency + "}";
    }

    /** Builds a {@link GuardrailEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String guardrail;
        private GuardrailContext.@Nullable Stage stage;
        private @Nullable Verdict verdict;
        private boolean enforced = true;
        private Duration latency = Duration.ZERO;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The guardrail's name. */
        public Builder guardrail(String guardrail) {
            this.guardrail = guardrail;
            return this;
        }

        /** Where in the call it ran. */
        public Builder stage(GuardrailContext.Stage stage) {
            this.stage = stage;
            return this;
        }

        /** What it decided. */
        public Builder verdict(Verdict verdict) {
            this.verdict = verdict;
            return this;
        }

        /** Whether the verdict took effect (default true). */
        public Builder enforced(boolean enforced) {
            this.enforced = enforced;
            return this;
        }

        /** How long the check took (default zero). */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** Builds and validates. */
        public GuardrailEvent build() {
            return new GuardrailEvent(this);
        }
    }
}
