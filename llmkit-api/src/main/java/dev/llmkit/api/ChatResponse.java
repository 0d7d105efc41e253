package dev.llmkit.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The model's answer to one {@link ChatRequest}, with what it cost, how long it took, who answered
 * ({@link #origin()}) and what the provider says is left of its rate limits ({@link #rateLimit()}). Immutable; build
 * one with {@link #builder()}.
 *
 * <p>Decorators record what they did in {@link #attributes()} under the {@code ATTR_*} keys (for example the
 * fallback layer sets {@link #ATTR_FALLBACK} to why it left the primary), so a caller can see the path a call
 * took without a listener.
 */
public final class ChatResponse {
    /** Attribute: the fallback layer's reason for leaving the primary, e.g. {@code "primary failed: ServerErrorException"}. */
    public static final String ATTR_FALLBACK = "llmkit.fallback";
    /** Attribute: the cache that served the answer, {@code "exact"} or {@code "semantic"}. */
    public static final String ATTR_CACHE = "llmkit.cache";
    /** Attribute: the route a router chose. */
    public static final String ATTR_ROUTE = "llmkit.route";
    /** Attribute: the deployment of a pool that answered. */
    public static final String ATTR_DEPLOYMENT = "llmkit.deployment";
    /** Attribute: how many attempts a retry layer made, when more than one. */
    public static final String ATTR_ATTEMPTS = "llmkit.attempts";

    private final AssistantMessage message;
    private final Usage usage;
    private final FinishReason finishReason;
    private final String model;
    private final Origin origin;
    private final RateLimitState rateLimit;
    private final Duration latency;
    private final @Nullable Duration timeToFirstToken;
    private final @Nullable String requestId;
    private final @Nullable BigDecimal cost;
    private final Map<String, String> attributes;

    private ChatResponse(Builder b) {
        message = b.message;
        usage = b.usage;
        finishReason = b.finishReason;
        model = b.model;
        origin = b.origin;
        rateLimit = b.rateLimit;
        latency = b.latency;
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        timeToFirstToken = b.timeToFirstToken;
        requestId = b.requestId;
        cost = b.cost;
        if (cost != null && cost.signum() < 0) {
            throw new IllegalArgumentException("cost must not be negative: " + cost);
        }
        attributes = b.sharedAttributes != null ? b.sharedAttributes : b.attributes();
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A plain text answer, for fakes and static fallbacks. */
    public static ChatResponse of(String text, String model) {
        return builder().text(text).model(model).build();
    }

    /**
     * {@code base} plus one or two entries, a later value winning. Small results (the common stamps of a router, a
     * pool and a cache) are built directly as immutable maps, without an intermediate hash map.
     */
    private static Map<String, String> plus(Map<String, String> base, String k1, String v1, @Nullable String k2,
            @Nullable String v2) {
        boolean two = k2 != null && !k1.equals(k2);
        boolean fresh = !base.containsKey(k1) && (k2 == null || !base.containsKey(k2));
        if (fresh && base.size() <= 2) {
            String[] kv = new String[4];
            int n = 0;
            for (Map.Entry<String, String> e : base.entrySet()) {
                kv[n++] = e.getKey();
                kv[n++] = e.getValue();
            }
            if (k2 != null && !two) {
                v1 = Objects.requireNonNull(v2);
            }
            return switch (base.size() * 2 + (two ? 2 : 1)) {
                case 1 -> Map.of(k1, v1);
                case 2 -> Map.of(k1, v1, k2, v2);
                case 3 -> Map.of(kv[0], kv[1], k1, v1);
                case 4 -> Map.of(kv[0], kv[1], k1, v1, k2, v2);
                case 5 -> Map.of(kv[0], kv[1], kv[2], kv[3], k1, v1);
                default -> Map.of(kv[0], kv[1], kv[2], kv[3], k1, v1, k2, v2);
            };
        }
        Map<String, String> m = new java.util.HashMap<>(base.size() * 2 + 4);
        m.putAll(base);
        m.put(k1, v1);
        if (k2 != null) {
            m.put(k2, Objects.requireNonNull(v2));
        }
        return Map.copyOf(m);
    }

    /** A builder holding this response's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with two more attributes, made in one copy (routers and caches stamp a pair per call). */
    public ChatResponse withAttributes(String key1, String value1, String key2, String value2) {
        Builder b = new Builder(this, 0);
        b.sharedAttributes = plus(attributes, Objects.requireNonNull(key1, "key1"),
                Objects.requireNonNull(value1, "value1"), Objects.requireNonNull(key2, "key2"),
                Objects.requireNonNull(value2, "value2"));
        return new ChatResponse(b);
    }

    /** A copy with one more attribute. */
    public ChatResponse withAttribute(String key, String value) {
        return toBuilder().attribute(key, value).build();
    }

    /** The assistant's message: text and tool calls. */
    public AssistantMessage message() {
        return message;
    }

    /** Tokens used; {@link Usage#ZERO} when the server did not report them. */
    public Usage usage() {
        return usage;
    }

    /** Why generation stopped. */
    public FinishReason finishReason() {
        return finishReason;
    }

    /** The model that actually answered (after routing and fallback), as the server named it. */
    public String model() {
        return model;
    }

    /** Who answered: provider, endpoint and deployment; {@link Origin#UNKNOWN} for fakes. */
    public Origin origin() {
        return origin;
    }

    /** What the provider's headers say is left of its rate limits; {@link RateLimitState#NONE} when none were sent. */
    public RateLimitState rateLimit() {
        return rateLimit;
    }

    /** From the call to the complete answer. */
    public Duration latency() {
        return latency;
    }

    /** From the call to the first streamed token; empty for non-streamed calls. */
    public Optional<Duration> timeToFirstToken() {
        return Optional.ofNullable(timeToFirstToken);
    }

    /** The provider's request id. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /**
     * What the call cost in US dollars, when the answering model's prices are known (set them on the provider's
     * builder, or price responses from llmkit-routing's {@code PriceTable}); cache reads and writes at their prices.
     */
    public Optional<BigDecimal> cost() {
        return Optional.ofNullable(cost);
    }

    /** What decorators recorded about the call; unmodifiable. */
    public Map<String, String> attributes() {
        return attributes;
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

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ChatResponse r && message.equals(r.message) && usage.equals(r.usage)
                && finishReason == r.finishReason && model.equals(r.model) && origin.equals(r.origin)
                && rateLimit.equals(r.rateLimit) && latency.equals(r.latency)
                && Objects.equals(timeToFirstToken, r.timeToFirstToken) && Objects.equals(requestId, r.requestId)
                && (cost == null ? r.cost == null : r.cost != null && cost.compareTo(r.cost) == 0)
                && attributes.equals(r.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, usage, finishReason, model, origin, latency, requestId);
    }

    /** The answer's shape without its text, which may be private: safe to log. */
    @Override
    public String toString() {
        return "ChatResponse{model=" + model + ", origin=" + origin + ", finishReason=" + finishReason
                + ", chars=" + message.text().length() + ", toolCalls=" + message.toolCalls().size()
                + ", " + usage + (cost == null ? "" : ", cost=$" + cost.toPlainString()) + ", latency=" + latency + (requestId == null ? "" : ", requestId=" + requestId)
                + (attributes.isEmpty() ? "" : ", attributes=" + attributes) + "}";
    }

    /** Builds a {@link ChatResponse}. Not thread-safe. */
    public static final class Builder {
        private AssistantMessage message = AssistantMessage.of("");
        private Usage usage = Usage.ZERO;
        private FinishReason finishReason = FinishReason.STOP;
        private String model = "unknown";
        private Origin origin = Origin.UNKNOWN;
        private RateLimitState rateLimit = RateLimitState.NONE;
        private Duration latency = Duration.ZERO;
        private @Nullable Duration timeToFirstToken;
        private @Nullable String requestId;
        private @Nullable BigDecimal cost;
        /** The attributes copied from a response, shared until one is added. */
        private Map<String, String> baseAttributes = Map.of();
        /** Attributes added on this builder, as key, value, key, value; null until the first. */
        private java.util.@Nullable ArrayList<String> added;
        private @Nullable Map<String, String> sharedAttributes;

        private Builder() {}

        /** A builder for one copy: every value but the attributes, which the caller sets as an immutable map. */
        private Builder(ChatResponse r, int unused) {
            message = r.message;
            usage = r.usage;
            finishReason = r.finishReason;
            model = r.model;
            origin = r.origin;
            rateLimit = r.rateLimit;
            latency = r.latency;
            timeToFirstToken = r.timeToFirstToken;
            requestId = r.requestId;
            cost = r.cost;
        }

        private Builder(ChatResponse r) {
            this(r, 0);
            baseAttributes = r.attributes;
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

        /** Who answered. */
        public Builder origin(Origin origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /** The provider's rate-limit state after the call. */
        public Builder rateLimit(RateLimitState rateLimit) {
            this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
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

        /** The call's cost in US dollars; {@code null} when unknown. */
        public Builder cost(@Nullable BigDecimal cost) {
            this.cost = cost;
            return this;
        }

        /** Adds an attribute. */
        public Builder attribute(String key, String value) {
            if (added == null) {
                added = new java.util.ArrayList<>(4);
            }
            added.add(Objects.requireNonNull(key, "key"));
            added.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The attributes to build with: the copied ones plus those added, a later value winning. */
        private Map<String, String> attributes() {
            java.util.ArrayList<String> a = added;
            if (a == null) {
                return baseAttributes;
            }
            if (a.size() == 2) {
                return plus(baseAttributes, a.get(0), a.get(1), null, null);
            }
            if (a.size() == 4) {
                return plus(baseAttributes, a.get(0), a.get(1), a.get(2), a.get(3));
            }
            Map<String, String> m = new java.util.HashMap<>(baseAttributes);
            for (int i = 0; i < a.size(); i += 2) {
                m.put(a.get(i), a.get(i + 1));
            }
            return Map.copyOf(m);
        }

        /** Builds and validates. */
        public ChatResponse build() {
            return new ChatResponse(this);
        }
    }
}
