package dev.llmkit.observability;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ToolCall;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A logical operation that begins: a chat call through {@link Observability#observe}, a tool execution through
 * {@link Observability#tool} or an agent run through {@link Observability#invokeAgent}. Handed to
 * {@link CallObserver#onStart}. Immutable.
 */
public final class Operation {
    /** What kind of operation it is; the names are the GenAI {@code gen_ai.operation.name} values. */
    public enum Kind {
        /** A chat call ({@code chat}). */
        CHAT("chat"),
        /** A tool execution ({@code execute_tool}). */
        EXECUTE_TOOL("execute_tool"),
        /** An agent run ({@code invoke_agent}). */
        INVOKE_AGENT("invoke_agent");

        private final String operationName;

        Kind(String operationName) {
            this.operationName = operationName;
        }

        /** The {@code gen_ai.operation.name} value. */
        public String operationName() {
            return operationName;
        }
    }

    private final Kind kind;
    private final String name;
    private final String callId;
    private final Instant start;
    private final @Nullable ChatRequest request;
    private final @Nullable ToolCall toolCall;

    private Operation(Kind kind, String name, String callId, Instant start, @Nullable ChatRequest request,
            @Nullable ToolCall toolCall) {
        this.kind = kind;
        this.name = Objects.requireNonNull(name, "name");
        this.callId = Objects.requireNonNull(callId, "callId");
        this.start = Objects.requireNonNull(start, "start");
        this.request = request;
        this.toolCall = toolCall;
    }

    /** A chat call to {@code model}. */
    public static Operation chat(ChatRequest request, String model, Instant start) {
        return new Operation(Kind.CHAT, model, request.context().callId(), start, request, null);
    }

    /** The execution of {@code call} within call {@code callId}. */
    public static Operation tool(ToolCall call, String callId, Instant start) {
        return new Operation(Kind.EXECUTE_TOOL, call.name(), callId, start, null, call);
    }

    /** A run of the agent {@code agentName}. */
    public static Operation agent(String agentName, String runId, Instant start) {
        return new Operation(Kind.INVOKE_AGENT, agentName, runId, start, null, null);
    }

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    /** The model (chat), the tool (execute_tool) or the agent (invoke_agent). */
    public String name() {
        return name;
    }

    /** The call id (chat), the tool context's call id (execute_tool) or a run id (invoke_agent). */
    public String callId() {
        return callId;
    }

    /** When it began. */
    public Instant start() {
        return start;
    }

    /** The request, for a chat call. */
    public Optional<ChatRequest> request() {
        return Optional.ofNullable(request);
    }

    /** The model's tool call, for a tool execution. */
    public Optional<ToolCall> toolCall() {
        return Optional.ofNullable(toolCall);
    }

    /** Kind, name and call id. */
    @Override
    public String toString() {
        return "Operation{" + kind.operationName() + " " + name + " callId=" + callId + "}";
    }
}
