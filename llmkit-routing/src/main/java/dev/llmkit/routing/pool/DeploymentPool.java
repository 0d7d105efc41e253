package dev.llmkit.routing.pool;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.api.event.RouteEvent;
import dev.llmkit.api.store.CooldownStore;
import dev.llmkit.routing.pool.internal.Tracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical model over several deployments (replicas of a self-hosted model, a managed API). Each call goes to the
 * deployment its {@link Strategy} chooses among those that may take it now:
 * <ul>
 *   <li><b>healthy</b>: a deployment that failed {@link CooldownConfig#failures()} times within the window, or that
 *       answered 429 (for its {@code Retry-After}), is cooling down and gets no traffic while another can take it;</li>
 *   <li><b>within its limits</b>: this minute's calls and tokens below {@link Deployment#rpm()} and
 *       {@link Deployment#tpm()}, and not at zero by its own rate-limit headers;</li>
 *   <li><b>large enough</b>: a context window (when known) that holds the prompt's estimated tokens plus
 *       {@code maxOutputTokens}; a {@link dev.llmkit.api.error.ContextLengthExceededException} sends the call to a
 *       deployment with a larger window.</li>
 * </ul>
 * When a deployment fails in a way another may not (server error, timeout, connection, rate limit, refusal, bad key)
 * and nothing has reached the caller yet, the call goes to the next deployment the strategy chooses, each deployment
 * at most once per call; a stream never fails over after its first token or tool call (no replayed output). When every
 * deployment is cooling down or at its limits the call fails with a {@link PoolExhaustedException} naming the pool and
 * when it frees up. The answer names the deployment in {@link #ATTR_DEPLOYMENT} and in its
 * {@link ChatResponse#origin()}; every choice is a {@link RouteEvent}, every switch a {@link FallbackEvent}.
 *
 * <pre>{@code
 * ChatModel chat = DeploymentPool.builder("chat")
 *         .deployment(Deployment.builder("gpu-a", vllmA).contextWindow(32_768).build())
 *         .deployment(Deployment.builder("gpu-b", vllmB).contextWindow(32_768).build())
 *         .deployment(Deployment.builder("managed", openai).contextWindow(128_000).tpm(2_000_000).build())
 *         .strategy(Strategies.lowestLatency())
 *         .build();
 * }</pre>
 *
 * <p>Put per-deployment retries and breakers inside a deployment ({@code Deployment.of("gpu-a", Resilient.wrap(m))})
 * and a retry of the whole pool outside it: it waits out a {@link PoolExhaustedException}'s {@code retryAfter()}.
 * Optional {@link HealthCheck active health checks} probe every deployment on a schedule; such a pool must be
 * {@link #close() closed}. Thread-safe. Strategy and token counting run on the calling thread.
 */
public final class DeploymentPool implements ChatModel, AutoCloseable {
    /** Response attribute: the name of the deployment that answered. */
    public static final String ATTR_DEPLOYMENT = ChatResponse.ATTR_DEPLOYMENT;
    /** Response attribute: the name of the pool that answered. */
    public static final String ATTR_POOL = "llmkit.pool";
    /** The output tokens a strategy assumes for a request without {@code maxOutputTokens} (for cost estimates). */
    public static final int DEFAULT_OUTPUT_TOKENS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentPool.class);

    private final String name;
    private final List<Tracker> trackers;
    /** The same trackers as states: the candidates of a call that finds every deployment available. */
    private final List<DeploymentState> states;
    private final Strategy strategy;
    private final Scheduler scheduler;
    /** How often a pool asks a shared cooldown store about each deployment, unless the builder says otherwise. */
    public static final Duration DEFAULT_SHARED_REFRESH = Duration.ofSeconds(1);

    private final ChatModelListener listener;
    private final TokenCounter tokenCounter;
    /** Whether every call's prompt must be counted: a window or TPM limit to check, or a strategy that reads it. */
    private final boolean alwaysEstimate;
    private final CooldownConfig cooldown;
    private final @Nullable Prober prober;
    private final @Nullable SharedCooldowns shared;

    private DeploymentPool(Builder b) {
        name = b.name;
        if (b.deployments.isEmpty()) {
            throw new IllegalArgumentException("pool '" + name + "' has no deployments; add one with .deployment(...)");
        }
        strategy = b.strategy;
        scheduler = b.scheduler;
        listener = ChatModelListener.safe(b.listener);
        tokenCounter = b.tokenCounter;
        alwaysEstimate = b.strategy.needsTokenEstimate() || b.deployments.stream()
                .anyMatch(d -> d.contextWindow().isPresent() || d.tpm().isPresent());
        cooldown = b.cooldown;
        shared = b.shared == null ? null : new SharedCooldowns(name, b.shared, b.sharedRefresh, scheduler);
        List<Tracker> list = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Deployment d : b.deployments) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("pool '" + name + "' has two deployments named '" + d.name()
                        + "'; deployment names must be unique");
            }
            list.add(new Tracker(d, scheduler, cooldown));
        }
        trackers = List.copyOf(list);
        states = List.copyOf(list);
        prober = b.healthCheck == null ? null : new Prober(this, b.healthCheck);
        if (prober != null) {
            prober.start();
        }
    }

    /**
     * Stops the {@link Builder#healthCheck health checks}, if any (their thread ends); calls keep working. Idempotent.
     * Closing does not close the deployments' models.
     */
    @Override
    public void close() {
        if (prober != null) {
            prober.close();
        }
    }

    /** Starts a builder for a pool named {@code name} (reported in events, errors and responses). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A pool of {@code deployments} with {@code strategy} and every other setting at its default. */
    public static DeploymentPool of(String name, Strategy strategy, Deployment... deployments) {
        Builder b = builder(name).strategy(strategy);
        for (Deployment d : deployments) {
            b.deployment(d);
        }
        return b.build();
    }

    /** The pool's name. */
    public String name() {
        return name;
    }

    /** The deployments' live states, in the order they were added; unmodifiable. */
    public List<DeploymentState> deployments() {
        return states;
    }

    /** The live state of the deployment named {@code deployment}. */
    public Optional<DeploymentState> deployment(String deployment) {
        for (Tracker t : trackers) {
            if (t.deployment().name().equals(deployment)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Whether the deployment named {@code deployment} is cooling down now (false for an unknown name). */
    public boolean isCoolingDown(String deployment) {
        for (Tracker t : trackers) {
            if (t.deployment().name().equals(deployment)) {
                return t.coolingDown();
            }
        }
        return false;
    }

    /** Tells the other instances that {@code t} entered (or extended) a cooldown here. */
    void publishCooldown(Tracker t) {
        if (shared != null) {
            shared.published(t);
        }
    }

    /** Tells the other instances that {@code t} is back in rotation (a health probe found it well). */
    void publishRecovery(Tracker t) {
        if (shared != null) {
            shared.recovered(t);
        }
    }

    /** Takes in the cooldowns other instances shared, at most once per refresh per deployment. */
    void syncSharedCooldowns(long now) {
        if (shared != null) {
            shared.sync(trackers, now);
        }
    }

    List<Tracker> trackers() {
        return trackers;
    }

    List<DeploymentState> states() {
        return states;
    }

    Strategy strategy() {
        return strategy;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Whether this call's prompt must be counted: always when a window, a TPM limit or the strategy needs it, else only
     * once a deployment reported its tokens left in rate-limit headers. Uncounted calls are charged their real usage
     * when they end.
     */
    boolean estimates() {
        if (alwaysEstimate) {
            return true;
        }
        for (Tracker t : trackers) {
            if (t.knowsTokensLeft()) {
                return true;
            }
        }
        return false;
    }

    TokenCounter tokenCounter() {
        return tokenCounter;
    }

    /** Blocks the calling thread while the chosen deployment answers, and while each one it fails over to does. */
    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        PoolCall call = new PoolCall(this, request, false);
        ChatRequest current = request;
        Tracker previous = null;
        LlmException cause = null;
        while (true) {
            Tracker t = call.select(current);
            if (previous != null && cause != null) {
                current = switched(current, previous, t, cause);
            }
            routed(current, t, previous == null ? "chosen by strategy" : "failed over");
            long start = call.selectedAt();
            t.started(call.tokens(), start);
            try {
                ChatResponse r = t.deployment().model().chat(current);
                t.succeeded(r, scheduler.nanoTime() - start, call.tokens());
                return answered(r, t);
            } catch (LlmException e) {
                if (t.failed(e)) {
                    LOG.warn("Pool {}: deployment {} is cooling down after {}", name, t.deployment().name(),
                            e.getClass().getSimpleName());
                }
                if (shared != null && t.coolingDown()) {
                    publishCooldown(t); // a new cooldown, or one a longer Retry-After extended
                }
                if (!call.mayFailOver(t, e) || deadlinePassed(current)) {
                    throw e;
                }
                previous = t;
                cause = e;
            } catch (RuntimeException e) {
                throw unexpected(e, t);
            } finally {
                t.ended();
            }
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        PooledStream s = new PooledStream(this, request, Objects.requireNonNull(handler, "handler"));
        s.start();
        return s;
    }

    /** The request for the attempt on {@code to} after {@code from} failed with {@code cause}; reports the switch. */
    ChatRequest switched(ChatRequest request, Tracker from, Tracker to, LlmException cause) {
        ChatRequest next = request.nextAttempt();
        LOG.warn("Pool {}: deployment {} failed ({}); trying {}", name, from.deployment().name(),
                cause.getClass().getSimpleName(), to.deployment().name());
        listener.onFallback(FallbackEvent.builder().request(next).from(from.deployment().name())
                .to(to.deployment().name()).cause(cause).build());
        return next;
    }

    void routed(ChatRequest request, Tracker t, String reason) {
        if (listener == ChatModelListener.NONE) {
            return;
        }
        listener.onRoute(RouteEvent.builder().request(request).route(name).model(t.deployment().name())
                .reason(reason).build());
    }

    boolean deadlinePassed(ChatRequest request) {
        return request.deadlineMillis() != ChatRequest.NO_DEADLINE
                && scheduler.currentTimeMillis() >= request.deadlineMillis();
    }

    /** {@code r} with the deployment that answered recorded on it. */
    ChatResponse answered(ChatResponse r, Tracker t) {
        String deployment = t.deployment().name();
        if (r.origin().deployment().isPresent()) {
            return r.withAttributes(ATTR_DEPLOYMENT, deployment, ATTR_POOL, name);
        }
        return r.toBuilder().attribute(ATTR_DEPLOYMENT, deployment).attribute(ATTR_POOL, name)
                .origin(t.withDeployment(r.origin())).build();
    }

    static LlmException unexpected(RuntimeException e, @Nullable Tracker t) {
        if (e instanceof LlmException l) {
            return l;
        }
        return new LlmException("Deployment " + (t == null ? "?" : t.deployment().name()) + " failed unexpectedly with "
                + e + "; this is a bug in that model or a decorator, not a provider error. It was not sent elsewhere.",
                e, false, ErrorInfo.NONE);
    }

    /** The first deployment's info with the pool's name as the model and the largest known context window. */
    @Override
    public ModelInfo info() {
        ModelInfo first = trackers.get(0).deployment().info();
        int largest = 0;
        for (Tracker t : trackers) {
            largest = Math.max(largest, t.deployment().contextWindow().orElse(0));
        }
        return ModelInfo.builder(first.provider(), name).contextWindow(largest > 0 ? largest : null)
                .inputPricePerMillion(first.inputPricePerMillion().orElse(null))
                .outputPricePerMillion(first.outputPricePerMillion().orElse(null)).build();
    }

    @Override
    public String toString() {
        return "DeploymentPool[" + name + ", " + trackers + "]";
    }

    /** Builds a {@link DeploymentPool}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Deployment> deployments = new ArrayList<>();
        private Strategy strategy = Strategies.weightedRandom();
        private Scheduler scheduler = Scheduler.system();
        private ChatModelListener listener = ChatModelListener.NONE;
        private TokenCounter tokenCounter = TokenCounter.estimator();
        private CooldownConfig cooldown = CooldownConfig.DEFAULTS;
        private @Nullable HealthCheck healthCheck;
        private @Nullable CooldownStore shared;
        private Duration sharedRefresh = DEFAULT_SHARED_REFRESH;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a pool's name must not be blank");
            }
        }

        /** Adds a deployment. */
        public Builder deployment(Deployment deployment) {
            deployments.add(Objects.requireNonNull(deployment, "deployment"));
            return this;
        }

        /** Adds a deployment named {@code name} with default settings. */
        public Builder deployment(String name, ChatModel model) {
            return deployment(Deployment.of(name, model));
        }

        /** How calls are spread; default {@link Strategies#weightedRandom()}. */
        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Shares cooldowns with the other instances' pools of the same name through {@code store} (e.g. Redis from
         * llmkit-redis): a cooldown entered here is written to it, and each deployment's entry is read at most once
         * per {@code refresh} (default {@link #DEFAULT_SHARED_REFRESH}), off the store's failures. The write and the
         * read happen on the calling thread (for a stream that fails, on its callback thread), each bounded by the
         * store's own time limit; a store that fails is logged and never fails the call.
         */
        public Builder cooldowns(CooldownStore store, Duration refresh) {
            this.shared = Objects.requireNonNull(store, "store");
            if (refresh.isNegative() || refresh.isZero()) {
                throw new IllegalArgumentException("refresh must be positive, got " + refresh);
            }
            this.sharedRefresh = refresh;
            return this;
        }

        /** {@link #cooldowns(CooldownStore, Duration)} with the default refresh. */
        public Builder cooldowns(CooldownStore store) {
            return cooldowns(store, DEFAULT_SHARED_REFRESH);
        }

        /** When a deployment is taken out of rotation; default {@link CooldownConfig#DEFAULTS}. */
        public Builder cooldown(CooldownConfig cooldown) {
            this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
            return this;
        }

        /**
         * Probes every deployment on a schedule (active health checks) besides watching calls (passive health); off by
         * default. A pool with health checks must be {@link DeploymentPool#close() closed} to stop them.
         */
        public Builder healthCheck(HealthCheck healthCheck) {
            this.healthCheck = Objects.requireNonNull(healthCheck, "healthCheck");
            return this;
        }

        /** The clock for cooldowns, limits, latencies and health checks; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Receives a {@link RouteEvent} per choice and a {@link FallbackEvent} per switch. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Counts a prompt's tokens for context-window checks, TPM limits and cost estimates; default
         * {@link TokenCounter#estimator()}.
         */
        public Builder tokenCounter(TokenCounter tokenCounter) {
            this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
            return this;
        }

        /** Builds the pool. */
        public DeploymentPool build() {
            return new DeploymentPool(this);
        }
    }
}
