package dev.llmkit.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The model's answer to one {@link ChatRequest}, with what it cost and how long it took.
 *
 * <p>Decorators record what they did in {@link #attributes()} under the {@code ATTR_*} keys (for example the
 * fallback layer sets {@link #ATTR_FALLBACK} to why it left the primary), so a caller can see the path a call
 * took without a listener.
 *
 * @param message the assistant's message: text and tool calls
 * @param usage tokens used; {@link Usage#ZERO} when the server did not report them
 * @param finishReason why generation stopped
 * @param model the model that actually answered (after routing and fallback)
 * @param latency from the call to the complete answer
 * @param timeToFirstToken from the call to the first streamed token; empty for non-streamed calls
 * @param requestId the provider's request id
 * @param attributes what decorators recorded about the call; unmodifiable
 */
public record ChatResponse(
        AssistantMessage message,
        Usage usage,
        FinishReason finishReason,
        String model,
        Duration latency,
        Optional<Duration> timeToFirstToken,
        Optional<String> requestId,
        Map<String, String> attributes) {

    /** Attribute: the fallback layer's reason for leaving the primary, e.g. {@code "primary failed: ServerErrorException"}. */
    public static final String ATTR_FALLBACK = "llmkit.fallback";
    /** Attribute: the cache that served the answer, {@code "exact"} or {@code "semantic"}. */
    public static final String ATTR_CACHE = "llmkit.cache";
    /** Attribute: the route a router chose. */
    public static final String ATTR_ROUTE = "llmkit.route";
    /** Attribute: how many attempts a retry layer made, when more than one. */
    public static final String ATTR_ATTEMPTS = "llmkit.attempts";

    /** Validates and copies. */
    public ChatResponse {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(requestId, "requestId");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A plain text answer, for fakes and static fallbacks. */
    public static ChatResponse of(String text, String model) {
        return builder().text(text).model(model).build();
    }

    /** A builder holding this response's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with one more attribute. */
    public ChatResponse withAttribute(String key, String value) {
        return toBuilder().attribute(key, value).build();
    }

    /** The answer's text. */
    public String text() {
        return message.text();
    }

    /** The tool calls the model asked for. */
    public List<ToolCall> toolCalls() {
        return message.toolCalls();
    }

    /** An attribute's value. */
    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** Builds a {@link ChatResponse}. Not thread-safe. */
    public static final class Builder {
        private AssistantMessage message = AssistantMessage.of("");
        private Usage usage = Usage.ZERO;
        private FinishReason finishReason = FinishReason.STOP;
        private String model = "unknown";
        private Duration latency = Duration.ZERO;
        private @Nullable Duration timeToFirstToken;
        private @Nullable String requestId;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder() {}

        private Builder(ChatResponse r) {
            message = r.message;
            usage = r.usage;
            finishReason = r.finishReason;
            model = r.model;
            latency = r.latency;
            timeToFirstToken = r.timeToFirstToken.orElse(null);
            requestId = r.requestId.orElse(null);
            attributes.putAll(r.attributes);
        }

        /** The assistant message. */
        public Builder message(AssistantMessage message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        /** A text-only assistant message. */
        public Builder text(String text) {
            return message(AssistantMessage.of(text));
        }

        /** Tokens used. */
        public Builder usage(Usage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        /** Why generation stopped. */
        public Builder finishReason(FinishReason finishReason) {
            this.finishReason = Objects.requireNonNull(finishReason, "finishReason");
            return this;
        }

        /** The model that answered. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Total latency. */
        public Builder latency(Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** Time to the first streamed token; {@code null} for none. */
        public Builder timeToFirstToken(@Nullable Duration timeToFirstToken) {
            this.timeToFirstToken = timeToFirstToken;
            return this;
        }

        /** The provider's request id; {@code null} for none. */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** Adds an attribute. */
        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Builds and validates. */
        public ChatResponse build() {
            return new ChatResponse(message, usage, finishReason, model, latency,
                    Optional.ofNullable(timeToFirstToken), Optional.ofNullable(requestId), attributes);
        }
    }
}
