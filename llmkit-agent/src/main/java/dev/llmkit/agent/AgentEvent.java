package dev.llmkit.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One step of an agent run, as it happened: a model call (its tokens and cost) or a tool call (its name, arguments,
 * result and whether it failed, was denied or timed out). Made by the agent; new values may be added in later
 * versions. Immutable.
 */
public final class AgentEvent {
    /** What the step was. */
    public enum Kind {
        /** The model was called. */
        MODEL_CALL,
        /** A tool ran (or was refused, or timed out). */
        TOOL_CALL
    }

    private final Kind kind;
    private final String runId;
    private final int step;
    private final @Nullable String tool;
    private final @Nullable String arguments;
    private final @Nullable String result;
    private final boolean error;
    private final Duration latency;
    private final long tokens;
    private final @Nullable BigDecimal cost;

    private AgentEvent(Kind kind, String runId, int step, @Nullable String tool, @Nullable String arguments,
            @Nullable String result, boolean error, Duration latency, long tokens, @Nullable BigDecimal cost) {
        this.kind = kind;
        this.runId = Objects.requireNonNull(runId, "runId");
        this.step = step;
        this.tool = tool;
        this.arguments = arguments;
        this.result = result;
        this.error = error;
        this.latency = Objects.requireNonNull(latency, "latency");
        this.tokens = tokens;
        this.cost = cost;
    }

    /** A model call of step {@code step}. */
    public static AgentEvent modelCall(String runId, int step, Duration latency, long tokens,
            @Nullable BigDecimal cost) {
        return new AgentEvent(Kind.MODEL_CALL, runId, step, null, null, null, false, latency, tokens, cost);
    }

    /** A tool call of step {@code step}. */
    public static AgentEvent toolCall(String runId, int step, String tool, String arguments, String result,
            boolean error, Duration latency) {
        return new AgentEvent(Kind.TOOL_CALL, runId, step, tool, arguments, result, error, latency, 0, null);
    }

    /** What the step was. */
    public Kind kind() {
        return kind;
    }

    /** The run's id. */
    public String runId() {
        return runId;
    }

    /** The model step this event belongs to, from 1. */
    public int step() {
        return step;
    }

    /** The tool's name, for a tool call. */
    public Optional<String> tool() {
        return Optional.ofNullable(tool);
    }

    /** The tool call's JSON arguments, for a tool call. */
    public Optional<String> arguments() {
        return Optional.ofNullable(arguments);
    }

    /** The tool's result, for a tool call. */
    public Optional<String> result() {
        return Optional.ofNullable(result);
    }

    /** Whether the tool call failed, was denied or timed out. */
    public boolean error() {
        return error;
    }

    /** How long the step took. */
    public Duration latency() {
        return latency;
    }

    /** Input plus output tokens of a model call; 0 for a tool call. */
    public long tokens() {
        return tokens;
    }

    /** The model call's cost, when known. */
    public Optional<BigDecimal> cost() {
        return Optional.ofNullable(cost);
    }

    /** Kind, run, step, tool and sizes; arguments and results are left out (they may be private). */
    @Override
    public String toString() {
        return "AgentEvent{" + kind + " run=" + runId + " step=" + step + (tool == null ? "" : " tool=" + tool)
                + (error ? " error" : "") + " latency=" + latency.toMillis() + "ms"
                + (kind == Kind.MODEL_CALL ? " tokens=" + tokens : "") + "}";
    }
}
