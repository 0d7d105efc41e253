package dev.llmkit.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Who a call is for and how it must run, kept apart from the prompt: the call id that ties the retries, hedges and
 * fallbacks of one logical call together, tenant, user, the caller's deadline, tags, budget key, trace parent
 * and free attributes. It travels inside {@link ChatRequest#context()} and never changes the request's
 * {@link ChatRequest#contentHash() content hash}. Immutable.
 *
 * <p>A call id is made when the context is built. A request built once and sent twice is one logical call to every
 * listener; give each logical call its own request (or {@link Builder#newCallId()}).
 *
 * <p>The attempt number and any deadline a decorator tightens are per attempt, so they live on the
 * {@link ChatRequest} ({@link ChatRequest#attempt()}, {@link ChatRequest#deadline()}); the context holds the
 * caller's deadline and the counter that makes attempt numbers unique within the call.
 */
public final class CallContext {
    /** The largest attribute value, in characters: contexts travel in every event and span. */
    public static final int MAX_ATTRIBUTE_LENGTH = 1024;

    private final String callId;
    private final AtomicInteger attempts;
    private final @Nullable String tenant;
    private final @Nullable String user;
    private final @Nullable Instant deadline;
    private final Set<String> tags;
    private final @Nullable String budgetKey;
    private final @Nullable String traceParent;
    private final Map<String, String> attributes;

    private CallContext(Builder b, AtomicInteger attempts) {
        this.callId = b.callId == null ? newId() : requireText(b.callId, "callId");
        this.attempts = attempts;
        this.tenant = b.tenant == null ? null : requireText(b.tenant, "tenant");
        this.user = b.user == null ? null : requireText(b.user, "user");
        this.deadline = b.deadline;
        this.tags = Set.copyOf(b.tags);
        this.budgetKey = b.budgetKey == null ? null : requireText(b.budgetKey, "budgetKey");
        this.traceParent = b.traceParent == null ? null : requireText(b.traceParent, "traceParent");
        for (Map.Entry<String, String> e : b.attributes.entrySet()) {
            if (e.getValue().length() > MAX_ATTRIBUTE_LENGTH) {
                throw new IllegalArgumentException("attribute '" + e.getKey() + "' is " + e.getValue().length()
                        + " characters; the limit is " + MAX_ATTRIBUTE_LENGTH + " (keep large data out of the context)");
            }
        }
        this.attributes = Map.copyOf(b.attributes);
    }

    private CallContext(CallContext c, @Nullable Instant deadline) {
        this.callId = c.callId;
        this.attempts = c.attempts;
        this.tenant = c.tenant;
        this.user = c.user;
        this.deadline = deadline;
        this.tags = c.tags;
        this.budgetKey = c.budgetKey;
        this.traceParent = c.traceParent;
        this.attributes = c.attributes;
    }

    private static String requireText(String value, String what) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank; leave it unset instead");
        }
        return value;
    }

    /** A fresh 32-hex-digit call id. Not a secret and not guessable-proof: an id for correlation only. */
    static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String hi = Long.toHexString(r.nextLong());
        String lo = Long.toHexString(r.nextLong());
        return "0".repeat(16 - hi.length()) + hi + "0".repeat(16 - lo.length()) + lo;
    }

    /** A context with a fresh call id and nothing else. */
    public static CallContext create() {
        return builder().build();
    }

    /** Starts a builder; the call id is made at {@link Builder#build()} unless one is set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this context's values, its call id included (same logical call). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Identifies the logical call across retries, hedges and fallbacks. */
    public String callId() {
        return callId;
    }

    /** The tenant the call is made for. */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /** The end user the call is made for. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The instant by which the whole call, retries included, must finish. */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /** The deadline, or {@code null}; for hot paths that must not allocate. */
    public @Nullable Instant deadlineOrNull() {
        return deadline;
    }

    /** Labels for routing and accounting (e.g. {@code "simple"}); unmodifiable. */
    public Set<String> tags() {
        return tags;
    }

    /** The key a budget is charged to (e.g. a team or a feature); empty for none. */
    public Optional<String> budgetKey() {
        return Optional.ofNullable(budgetKey);
    }

    /** A W3C {@code traceparent} to continue, when the caller is traced. */
    public Optional<String> traceParent() {
        return Optional.ofNullable(traceParent);
    }

    /** Free key-value context; unmodifiable. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** An attribute's value. */
    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** This context with another deadline; everything else, the call id included, is shared. */
    public CallContext withDeadline(@Nullable Instant deadline) {
        return new CallContext(this, deadline);
    }

    /** The next attempt number of this call, from 2: unique across every copy of the call. */
    int takeAttemptNumber() {
        return attempts.incrementAndGet();
    }

    /** Equal when every value, the call id included, is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CallContext c && callId.equals(c.callId)
                && Objects.equals(tenant, c.tenant) && Objects.equals(user, c.user)
                && Objects.equals(deadline, c.deadline) && tags.equals(c.tags)
                && Objects.equals(budgetKey, c.budgetKey) && Objects.equals(traceParent, c.traceParent)
                && attributes.equals(c.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(callId, tenant, user, deadline, tags, budgetKey, attributes);
    }

    /** Call id, attempt, tenant, deadline and tags; user and attribute values are left out of logs. */
    @Override
    public String toString() {
        return "CallContext{callId=" + callId
                + (tenant == null ? "" : ", tenant=" + tenant)
                + (deadline == null ? "" : ", deadline=" + deadline)
                + (tags.isEmpty() ? "" : ", tags=" + tags)
                + (attributes.isEmpty() ? "" : ", attributes=" + attributes.keySet()) + "}";
    }

    /** Builds a {@link CallContext}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String callId;
        private @Nullable AtomicInteger attempts;
        private @Nullable String tenant;
        private @Nullable String user;
        private @Nullable Instant deadline;
        private final Set<String> tags = new LinkedHashSet<>();
        private @Nullable String budgetKey;
        private @Nullable String traceParent;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder() {}

        private Builder(CallContext c) {
            callId = c.callId;
            attempts = c.attempts;
            tenant = c.tenant;
            user = c.user;
            deadline = c.deadline;
            tags.addAll(c.tags);
            budgetKey = c.budgetKey;
            traceParent = c.traceParent;
            attributes.putAll(c.attributes);
        }

        /** Joins an existing logical call (e.g. one received from another service); {@code null} makes a new id. */
        public Builder callId(@Nullable String callId) {
            this.callId = callId;
            this.attempts = null;
            return this;
        }

        /** Starts a new logical call: a fresh call id, whose attempts count from 1 again. */
        public Builder newCallId() {
            return callId(null);
        }

        /** The tenant; {@code null} for none. */
        public Builder tenant(@Nullable String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** The end user; {@code null} for none. */
        public Builder user(@Nullable String user) {
            this.user = user;
            return this;
        }

        /** The instant by which the whole call must finish; {@code null} for none. */
        public Builder deadline(@Nullable Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Adds a tag. */
        public Builder tag(String tag) {
            tags.add(Objects.requireNonNull(tag, "tag"));
            return this;
        }

        /** Replaces the tags. */
        public Builder tags(Set<String> tags) {
            this.tags.clear();
            tags.forEach(this::tag);
            return this;
        }

        /** The budget key; {@code null} for none. */
        public Builder budgetKey(@Nullable String budgetKey) {
            this.budgetKey = budgetKey;
            return this;
        }

        /** A W3C {@code traceparent} header value to continue; {@code null} for none. */
        public Builder traceParent(@Nullable String traceParent) {
            this.traceParent = traceParent;
            return this;
        }

        /** Sets an attribute. */
        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Builds and validates. */
        public CallContext build() {
            return new CallContext(this, attempts != null ? attempts : new AtomicInteger(1));
        }
    }
}
