package dev.llmkit.observability;

import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One tool execution through {@link Observability#tool}: the model's call (id, name, JSON arguments), the result,
 * whether it failed, and timing. The arguments and the result may hold private data: observers redact them before
 * writing them anywhere; {@link #toString()} leaves them out. Immutable.
 *
 * @param callId the call id of the tool's {@link dev.llmkit.api.ToolContext}
 * @param call the model's tool call
 * @param result what the tool returned (an error result when it threw)
 * @param start when it began
 * @param latency how long it ran
 */
public record ToolRecord(String callId, ToolCall call, ToolResult result, Instant start, Duration latency) {

    /** Validates. */
    public ToolRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(latency, "latency");
    }

    /** Whether the tool failed. */
    public boolean error() {
        return result.isError();
    }

    /** Tool, call id and latency; never arguments or results. */
    @Override
    public String toString() {
        return "ToolRecord{" + call.name() + " id=" + call.id() + (error() ? " error" : "") + " latency="
                + latency.toMillis() + "ms}";
    }
}
