package dev.llmkit.routing.pool;

import dev.llmkit.api.ChatRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Active health checks for a {@link DeploymentPool}: every {@link #interval()} the pool sends a tiny probe request to
 * each deployment, one after another, each bounded by {@link #timeout()}.
 * <ul>
 *   <li>A probe that fails in a way that says something about the deployment (server error, timeout, connection,
 *       bad key, unknown model) puts it in cooldown at once, so callers stop reaching a replica that went down
 *       between their calls instead of discovering it one failure at a time.</li>
 *   <li>A probe that succeeds ends a cooldown caused by failures early and forgets those failures. A cooldown for a
 *       rate limit or a refusal that said when it lifts ({@code Retry-After}) is kept until then.</li>
 *   <li>A probe that fails because of the probe itself (an invalid request, for instance) changes nothing and is
 *       logged: fix the probe with {@link #withProbe}.</li>
 * </ul>
 * The next round is scheduled only after the last one ended, so rounds never pile up; {@link DeploymentPool#close()}
 * stops them. Probes run on a daemon thread the pool owns, or on {@link #withExecutor the executor given}. They spend
 * tokens (one output token per deployment per round with the default probe) and do not count towards latency
 * averages or limits. Immutable.
 *
 * <pre>{@code
 * DeploymentPool pool = DeploymentPool.builder("chat")
 *         .deployment("gpu-a", vllmA).deployment("gpu-b", vllmB)
 *         .healthCheck(HealthCheck.every(Duration.ofSeconds(15)))
 *         .build();
 * }</pre>
 */
public final class HealthCheck {
    /** The probe sent by default: one short user turn asking for one output token. */
    public static final ChatRequest DEFAULT_PROBE = ChatRequest.builder().user("Reply with OK.").maxOutputTokens(1)
            .temperature(0.0).attribute("llmkit.health", "probe").build();
    /** The longest a probe may take by default (never longer than the interval). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Duration interval;
    private final ChatRequest probe;
    private final Duration timeout;
    private final @Nullable Executor executor;

    private HealthCheck(Duration interval, ChatRequest probe, Duration timeout, @Nullable Executor executor) {
        this.interval = interval;
        this.probe = probe;
        this.timeout = timeout;
        this.executor = executor;
    }

    /**
     * Checks every deployment each {@code interval} with {@link #DEFAULT_PROBE}, each probe bounded by the smaller of
     * {@link #DEFAULT_TIMEOUT} and the interval.
     *
     * @throws IllegalArgumentException when the interval is under one second
     */
    public static HealthCheck every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a health check interval must be at least one second, not " + interval
                    + "; probes cost tokens and load on every deployment");
        }
        Duration timeout = DEFAULT_TIMEOUT.compareTo(interval) < 0 ? DEFAULT_TIMEOUT : interval;
        return new HealthCheck(interval, DEFAULT_PROBE, timeout, null);
    }

    /** The same checks sending {@code probe} (its deadline is replaced by the timeout's). */
    public HealthCheck withProbe(ChatRequest probe) {
        return new HealthCheck(interval, Objects.requireNonNull(probe, "probe"), timeout, executor);
    }

    /**
     * The same checks with each probe bounded by {@code timeout}.
     *
     * @throws IllegalArgumentException when it is not positive or longer than the interval
     */
    public HealthCheck withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("a probe timeout must be positive and at most the interval ("
                    + interval + "), not " + timeout);
        }
        return new HealthCheck(interval, probe, timeout, executor);
    }

    /**
     * The same checks running their probes on {@code executor} (which the caller owns) instead of a thread of the
     * pool's own; a direct executor ({@code Runnable::run}) runs them on the scheduler's thread, for tests.
     */
    public HealthCheck withExecutor(Executor executor) {
        return new HealthCheck(interval, probe, timeout, Objects.requireNonNull(executor, "executor"));
    }

    /** How often every deployment is probed. */
    public Duration interval() {
        return interval;
    }

    /** The request sent as a probe. */
    public ChatRequest probe() {
        return probe;
    }

    /** The longest one probe may take. */
    public Duration timeout() {
        return timeout;
    }

    /** The executor the probes run on, when one was given. */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    @Override
    public String toString() {
        return "HealthCheck[every " + interval + ", timeout " + timeout + "]";
    }
}
