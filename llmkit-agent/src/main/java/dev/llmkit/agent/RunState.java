package dev.llmkit.agent;

import dev.llmkit.api.Message;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A run's checkpoint: its id and task, the transcript so far (every model answer and every tool result, as they were
 * recorded), and what it has spent. A {@link RunStore} keeps the latest one per run; {@link Agent#resume} continues
 * from it. Immutable.
 *
 * @param runId the run's id
 * @param task the task the run was started with
 * @param messages the transcript: system prompt, task, answers, tool results
 * @param steps model calls made
 * @param tokens input plus output tokens used
 * @param cost dollars spent, as far as the responses said
 * @param outcome how the run ended; {@code null} while it runs
 */
public record RunState(String runId, String task, List<Message> messages, int steps, long tokens, BigDecimal cost,
        @org.jspecify.annotations.Nullable AgentOutcome outcome) {

    /** Validates and copies. */
    public RunState {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(task, "task");
        messages = List.copyOf(messages);
        Objects.requireNonNull(cost, "cost");
        if (steps < 0 || tokens < 0) {
            throw new IllegalArgumentException("steps and tokens must not be negative");
        }
    }

    /** Whether the run has ended. */
    public boolean finished() {
        return outcome != null;
    }

    /** Id, sizes and outcome; never the task or the transcript (they may be private). */
    @Override
    public String toString() {
        return "RunState{" + runId + ", messages=" + messages.size() + ", steps=" + steps + ", tokens=" + tokens
                + ", cost=" + cost + (outcome == null ? "" : ", " + outcome) + "}";
    }
}
