package dev.llmkit.observability;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.Usage;
import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.api.event.RetrievalEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one logical chat call did, from its start to its one end, gathered from the events every layer reported for
 * its call id: the model asked and the one that answered, route, attempts, retries, fallbacks, cache, guardrail
 * verdicts, retrievals, tokens, cost, latency and time to first token. Handed to {@link CallObserver#onCall} and in the
 * {@link Outcome} of the call's scope. Immutable.
 *
 * <p>{@link #request()} and {@link #response()} hold the prompt and the answer: observers that write them anywhere
 * redact them first ({@link Redactor}); {@link #toString()} leaves them out.
 */
public final class CallRecord {
    /** What the response cache did for the call. */
    public enum Cache {
        /** No cache reported on the call. */
        NONE,
        /** A cache answered. */
        HIT,
        /** A cache had no answer and the call went on to a model. */
        MISS
    }

    private final ChatRequest request;
    private final @Nullable ChatResponse response;
    private final String model;
    private final Outcome.Status status;
    private final @Nullable Throwable error;
    private final Instant start;
    private final Duration latency;
    private final @Nullable Duration timeToFirstToken;
    private final boolean streamed;
    private final int chunks;
    private final int attempts;
    private final int retries;
    private final List<String> fallbacks;
    private final @Nullable String route;
    private final Cache cache;
    private final List<GuardrailEvent> guardrails;
    private final List<RetrievalEvent> retrievals;
    private final List<String> rejections;

    private CallRecord(Builder b) {
        request = Objects.requireNonNull(b.request, "CallRecord: request is required");
        response = b.response;
        model = Objects.requireNonNull(b.model, "CallRecord: model is required");
        status = Objects.requireNonNull(b.status, "CallRecord: status is required");
        error = b.error;
        start = Objects.requireNonNull(b.start, "CallRecord: start is required");
        latency = Objects.requireNonNull(b.latency, "CallRecord: latency is required");
        timeToFirstToken = b.timeToFirstToken;
        streamed = b.streamed;
        chunks = b.chunks;
        attempts = b.attempts;
        retries = b.retries;
        fallbacks = List.copyOf(b.fallbacks);
        route = b.route;
        cache = b.cache;
        guardrails = List.copyOf(b.guardrails);
        retrievals = List.copyOf(b.retrievals);
        rejections = List.copyOf(b.rejections);
    }

    /** Starts a builder (for tests of observers; {@link Observability} builds records itself). */
    public static Builder builder() {
        return new Builder();
    }

    /** The request as the caller sent it. */
    public ChatRequest request() {
        return request;
    }

    /** The answer, when the call finished. */
    public Optional<ChatResponse> response() {
        return Optional.ofNullable(response);
    }

    /** The call id. */
    public String callId() {
        return request.context().callId();
    }

    /** The model asked for: the request's model, or the observed model's. */
    public String model() {
        return model;
    }

    /** The model that answered, as the server named it. */
    public Optional<String> responseModel() {
        return response == null ? Optional.empty() : Optional.of(response.model());
    }

    /** How the call ended. */
    public Outcome.Status status() {
        return status;
    }

    /** Why it failed. */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    /** The failure's type, e.g. {@code RateLimitedException}. */
    public Optional<String> errorType() {
        return error == null ? Optional.empty() : Optional.of(error.getClass().getSimpleName());
    }

    /** When the call began. */
    public Instant start() {
        return start;
    }

    /** From start to end, retries included. */
    public Duration latency() {
        return latency;
    }

    /** From start to the first token the caller got (streamed calls). */
    public Optional<Duration> timeToFirstToken() {
        return Optional.ofNullable(timeToFirstToken);
    }

    /** Whether the caller streamed the answer. */
    public boolean streamed() {
        return streamed;
    }

    /** How many token chunks the caller got (streamed calls). */
    public int chunks() {
        return chunks;
    }

    /** Attempts sent to models (0 when a cache answered or a layer refused the call). */
    public int attempts() {
        return attempts;
    }

    /** Retries made. */
    public int retries() {
        return retries;
    }

    /** The fallbacks taken, each {@code "from -> to"}. */
    public List<String> fallbacks() {
        return fallbacks;
    }

    /** The route a router chose. */
    public Optional<String> route() {
        return Optional.ofNullable(route);
    }

    /** What the response cache did. */
    public Cache cache() {
        return cache;
    }

    /** Guardrail verdicts other than pass, in order. */
    public List<GuardrailEvent> guardrails() {
        return guardrails;
    }

    /** Searches reported with this call's id (e.g. the retrieval behind a grounded answer). */
    public List<RetrievalEvent> retrievals() {
        return retrievals;
    }

    /** The components that refused an attempt (bulkhead, rate limiter, breaker, budget), in order. */
    public List<String> rejections() {
        return rejections;
    }

    /** Tokens used, zero when unknown or answered by a cache. */
    public Usage usage() {
        return response == null ? Usage.ZERO : response.usage();
    }

    /** The cost in US dollars, when the model's prices are known; zero for a cache hit. */
    public Optional<BigDecimal> cost() {
        if (cache == Cache.HIT) {
            return Optional.of(BigDecimal.ZERO);
        }
        return response == null ? Optional.empty() : response.cost();
    }

    /** Why the model stopped. */
    public Optional<FinishReason> finishReason() {
        return response == null ? Optional.empty() : Optional.of(response.finishReason());
    }

    /** The provider that answered ({@code openai}, {@code anthropic}, {@code cache}, ...). */
    public Optional<String> provider() {
        if (response == null || response.origin().provider().equals("unknown")) {
            return Optional.empty();
        }
        return Optional.of(response.origin().provider());
    }

    /** The deployment of a pool that answered. */
    public Optional<String> deployment() {
        return response == null ? Optional.empty() : response.origin().deployment();
    }

    /** Call id, model, status, latency, tokens and path; never the prompt or the answer. */
    @Override
    public String toString() {
        return "CallRecord{callId=" + callId() + " model=" + model + " status=" + status + " latency="
                + latency.toMillis() + "ms attempts=" + attempts + " retries=" + retries + " cache=" + cache
                + " tokens=" + usage().totalTokens() + "}";
    }

    /** Builds a {@link CallRecord}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable ChatResponse response;
        private @Nullable String model;
        private Outcome.Status status = Outcome.Status.OK;
        private @Nullable Throwable error;
        private @Nullable Instant start;
        private @Nullable Duration latency;
        private @Nullable Duration timeToFirstToken;
        private boolean streamed;
        private int chunks;
        private int attempts;
        private int retries;
        private final List<String> fallbacks = new ArrayList<>();
        private @Nullable String route;
        private Cache cache = Cache.NONE;
        private final List<GuardrailEvent> guardrails = new ArrayList<>();
        private final List<RetrievalEvent> retrievals = new ArrayList<>();
        private final List<String> rejections = new ArrayList<>();

        private Builder() {}

        /** The request as the caller sent it. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The answer; {@code null} when the call did not finish. */
        public Builder response(@Nullable ChatResponse response) {
            this.response = response;
            return this;
        }

        /** The model asked for. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** How it ended, and why when it failed. */
        public Builder status(Outcome.Status status, @Nullable Throwable error) {
            this.status = status;
            this.error = error;
            return this;
        }

        /** When it began and how long it took. */
        public Builder timing(Instant start, Duration latency) {
            this.start = start;
            this.latency = latency;
            return this;
        }

        /** A streamed call: time to its first token ({@code null} when none came) and how many chunks came. */
        public Builder streamed(@Nullable Duration timeToFirstToken, int chunks) {
            this.streamed = true;
            this.timeToFirstToken = timeToFirstToken;
            this.chunks = chunks;
            return this;
        }

        /** Attempts and retries made. */
        public Builder attempts(int attempts, int retries) {
            this.attempts = attempts;
            this.retries = retries;
            return this;
        }

        /** Adds a fallback taken. */
        public Builder fallback(String from, String to) {
            fallbacks.add(from + " -> " + to);
            return this;
        }

        /** The route chosen. */
        public Builder route(@Nullable String route) {
            this.route = route;
            return this;
        }

        /** What the cache did. */
        public Builder cache(Cache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Adds a guardrail verdict. */
        public Builder guardrail(GuardrailEvent event) {
            guardrails.add(event);
            return this;
        }

        /** Adds a retrieval. */
        public Builder retrieval(RetrievalEvent event) {
            retrievals.add(event);
            return this;
        }

        /** Adds a refusal by {@code component}. */
        public Builder rejection(String component) {
            rejections.add(component);
            return this;
        }

        /** Builds and validates. */
        public CallRecord build() {
            return new CallRecord(this);
        }
    }
}
