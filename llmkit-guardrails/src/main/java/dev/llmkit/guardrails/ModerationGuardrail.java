package dev.llmkit.guardrails;

import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.GuardrailContext.Stage;
import dev.llmkit.api.guardrail.ModerationModel;
import dev.llmkit.api.guardrail.ModerationResult;
import dev.llmkit.api.guardrail.Verdict;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks text that a {@link ModerationModel} flags (hate, harassment, self-harm, sexual, violence, ...), on the user's
 * input and on the answer. The moderation SPI is {@link ModerationModel}; llmkit-providers has an OpenAI-compatible
 * {@code /v1/moderations} client ({@code OpenAiModerationModel}).
 *
 * <pre>{@code
 * ChatModel guarded = Guardrails.around(model, ModerationGuardrail.of(OpenAiModerationModel.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY")).build()));
 * }</pre>
 *
 * When the moderation service fails, the guardrail fails closed (the error ends the call) unless built with
 * {@link #failOpen()}, which logs a WARN and lets the text pass. Thread-safe.
 */
public final class ModerationGuardrail implements Guardrail {
    private static final Logger LOG = LoggerFactory.getLogger(ModerationGuardrail.class);

    private final ModerationModel model;
    private final Set<Stage> stages;
    private final boolean failOpen;

    private ModerationGuardrail(ModerationModel model, Set<Stage> stages, boolean failOpen) {
        this.model = Objects.requireNonNull(model, "model");
        this.stages = Set.copyOf(stages);
        if (this.stages.isEmpty() || this.stages.contains(Stage.STREAM)) {
            throw new IllegalArgumentException("moderation runs at INPUT, OUTPUT or UNTRUSTED (a call per token at"
                    + " STREAM would be far too slow)");
        }
        this.failOpen = failOpen;
    }

    /** Moderates input and output with {@code model}, failing closed. */
    public static ModerationGuardrail of(ModerationModel model) {
        return new ModerationGuardrail(model, Set.of(Stage.INPUT, Stage.OUTPUT), false);
    }

    /** Moderates at {@code stages} with {@code model}, failing closed. */
    public static ModerationGuardrail of(ModerationModel model, Set<Stage> stages) {
        return new ModerationGuardrail(model, stages, false);
    }

    /** This guardrail, letting text pass (with a WARN) when the moderation service fails. */
    public ModerationGuardrail failOpen() {
        return new ModerationGuardrail(model, stages, true);
    }

    @Override
    public Verdict check(GuardrailContext context) {
        if (context.text().isBlank()) {
            return Verdict.pass();
        }
        ModerationResult r;
        try {
            r = model.moderate(context.text());
        } catch (LlmException e) {
            if (failOpen) {
                LOG.warn("Moderation failed at {} and the guardrail fails open; the text passed unchecked: {}",
                        context.stage(), e.getMessage());
                return Verdict.pass();
            }
            throw e;
        }
        if (!r.flagged()) {
            return Verdict.pass();
        }
        return Verdict.block("flagged by moderation (" + String.join(", ", new TreeSet<>(r.categories())) + ")");
    }

    @Override
    public String name() {
        return "moderation";
    }

    @Override
    public Set<Stage> stages() {
        return stages;
    }

    @Override
    public String toString() {
        return "ModerationGuardrail{" + model + " at " + stages + (failOpen ? ", fail open" : "") + "}";
    }
}
