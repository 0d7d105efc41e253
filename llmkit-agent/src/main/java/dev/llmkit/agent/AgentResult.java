package dev.llmkit.agent;

import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.Message;
import dev.llmkit.api.error.LlmException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How an agent run ended: its {@link AgentOutcome}, the final answer when it completed, the whole transcript (also
 * when a budget ran out, so nothing done is lost), and what it spent. Immutable.
 */
public final class AgentResult {
    private final RunState state;
    private final @Nullable LlmException error;

    AgentResult(RunState state, @Nullable LlmException error) {
        this.state = Objects.requireNonNull(state, "state");
        if (state.outcome() == null) {
            throw new IllegalArgumentException("an AgentResult needs a finished run");
        }
        this.error = error;
    }

    /** The run's id: {@link Agent#resume} takes it. */
    public String runId() {
        return state.runId();
    }

    /** How the run ended. */
    public AgentOutcome outcome() {
        return Objects.requireNonNull(state.outcome());
    }

    /** Whether the model gave a final answer. */
    public boolean completed() {
        return outcome() == AgentOutcome.COMPLETED;
    }

    /** The final answer, when the run completed. */
    public Optional<String> answer() {
        if (!completed()) {
            return Optional.empty();
        }
        List<Message> m = state.messages();
        return Optional.of(((AssistantMessage) m.get(m.size() - 1)).text());
    }

    /** The transcript: system prompt, task, every answer and tool result. */
    public List<Message> transcript() {
        return state.messages();
    }

    /** Model calls made. */
    public int steps() {
        return state.steps();
    }

    /** Input plus output tokens used. */
    public long tokens() {
        return state.tokens();
    }

    /** Dollars spent, as far as the responses said. */
    public BigDecimal cost() {
        return state.cost();
    }

    /** Why the run failed, for {@link AgentOutcome#FAILED}. */
    public Optional<LlmException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return "AgentResult{" + state.runId() + " " + outcome() + ", steps=" + steps() + ", tokens=" + tokens()
                + ", messages=" + state.messages().size() + "}";
    }
}
