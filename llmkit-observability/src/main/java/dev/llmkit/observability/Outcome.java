package dev.llmkit.observability;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link Operation} ended, with its record: a {@link CallRecord} for a chat call, a {@link ToolRecord} for a
 * tool execution, neither for an agent run. Immutable.
 */
public final class Outcome {
    /** How an operation ended. */
    public enum Status {
        /** It finished. */
        OK,
        /** It failed; {@link #error()} says why. */
        ERROR,
        /** The caller cancelled it. */
        CANCELLED
    }

    private final Status status;
    private final @Nullable Throwable error;
    private final @Nullable CallRecord call;
    private final @Nullable ToolRecord tool;

    private Outcome(Status status, @Nullable Throwable error, @Nullable CallRecord call, @Nullable ToolRecord tool) {
        this.status = Objects.requireNonNull(status, "status");
        this.error = error;
        this.call = call;
        this.tool = tool;
    }

    /** A chat call's end. */
    public static Outcome of(CallRecord call) {
        return new Outcome(call.status(), call.error().orElse(null), call, null);
    }

    /** A tool execution's end. */
    public static Outcome of(ToolRecord tool) {
        return new Outcome(tool.error() ? Status.ERROR : Status.OK, null, null, tool);
    }

    /** An agent run's end: {@code error} is null when it finished. */
    public static Outcome agent(@Nullable Throwable error) {
        return new Outcome(error == null ? Status.OK : Status.ERROR, error, null, null);
    }

    /** How it ended. */
    public Status status() {
        return status;
    }

    /** Why it failed. Its message may hold what a server sent: redact it before it leaves the process. */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    /** The chat call's record. */
    public Optional<CallRecord> call() {
        return Optional.ofNullable(call);
    }

    /** The tool execution's record. */
    public Optional<ToolRecord> tool() {
        return Optional.ofNullable(tool);
    }

    @Override
    public String toString() {
        return "Outcome{" + status + (error == null ? "" : " " + error.getClass().getSimpleName()) + "}";
    }
}
