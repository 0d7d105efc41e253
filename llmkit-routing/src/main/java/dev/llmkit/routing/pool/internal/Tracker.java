package dev.llmkit.routing.pool.internal;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Origin;
import dev.llmkit.api.RateLimitState;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.error.AuthenticationException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.ModelNotFoundException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.RejectedException;
import dev.llmkit.routing.pool.CooldownConfig;
import dev.llmkit.routing.pool.Deployment;
import dev.llmkit.routing.pool.DeploymentState;
import dev.llmkit.routing.pool.PoolExhaustedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The live state of one deployment in a pool: calls in flight, moving-average latencies, passive health (failures in a
 * window, cooldown) and usage against its limits (this minute's counts and its last rate-limit headers). Thread-safe;
 * every time comes from the pool's {@link Scheduler}'s monotonic clock.
 */
public final class Tracker implements DeploymentState {
    /** The weight of a new latency sample in the moving average. */
    public static final double EWMA_ALPHA = 0.3;
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long NONE = Long.MIN_VALUE;

    private final Deployment deployment;
    private final Scheduler scheduler;
    private final CooldownConfig config;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ArrayDeque<Long> failures = new ArrayDeque<>();
    /** Moving-average latencies as {@link Double#doubleToRawLongBits} (NaN until measured), updated without a lock. */
    private final AtomicLong latencyEwma = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
    private final AtomicLong ttftEwma = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
    /** Whether it has RPM or TPM limits of its own, so every call is counted against this minute's window. */
    private final boolean limited;

    // guarded by this
    private long cooldownUntil = NONE;
    /** The end of a cooldown for a rate limit or a refusal that said when it lifts; a probe does not shorten it. */
    private long refusedUntil = NONE;
    /**
     * Whether a call could be refused: set (and never cleared) once the deployment has cooled down or kept rate-limit
     * headers; until then, for one without RPM/TPM limits, {@link #availableFrom} answers and calls are recorded
     * without the lock (nothing reads the counts until headers arrive: those count calls sent after them).
     */
    private volatile boolean mayRefuse;
    /** When (scheduler nanoTime) the shared cooldown store is next asked about this deployment. */
    private final java.util.concurrent.atomic.AtomicLong nextSharedCheck = new java.util.concurrent.atomic.AtomicLong(
            Long.MIN_VALUE);
    private long windowStart = NONE;
    private long windowRequests;
    private long windowTokens;
    private long sent;
    private long sentTokens;
    private RateLimitState headers = RateLimitState.NONE;
    private long headersAt = NONE;
    /** Whether the kept headers say how many tokens are left; read without the lock on every call. */
    private volatile boolean tokensLeftKnown;
    private long sentAtHeaders;
    private long sentTokensAtHeaders;

    /** Tracks {@code deployment} on {@code scheduler}'s clock with the pool's cooldown rules. */
    public Tracker(Deployment deployment, Scheduler scheduler, CooldownConfig config) {
        this.deployment = deployment;
        this.scheduler = scheduler;
        this.config = config;
        this.limited = deployment.rpm().isPresent() || deployment.tpm().isPresent();
    }

    @Override
    public Deployment deployment() {
        return deployment;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public Optional<Duration> latency(boolean streaming) {
        double v = Double.longBitsToDouble((streaming ? ttftEwma : latencyEwma).get());
        return Double.isNaN(v) ? Optional.empty() : Optional.of(Duration.ofNanos((long) v));
    }

    @Override
    public synchronized OptionalLong requestsLeft() {
        return requestsLeft(scheduler.nanoTime());
    }

    private OptionalLong requestsLeft(long now) {
        rollWindow(now);
        OptionalLong own = deployment.rpm().isPresent()
                ? OptionalLong.of(Math.max(0, deployment.rpm().getAsLong() - windowRequests)) : OptionalLong.empty();
        OptionalLong fromHeaders = headersValid(now, headers.resetRequests()) && headers.remainingRequests().isPresent()
                ? OptionalLong.of(Math.max(0, headers.remainingRequests().getAsLong() - (sent - sentAtHeaders)))
                : OptionalLong.empty();
        return min(own, fromHeaders);
    }

    @Override
    public synchronized OptionalLong tokensLeft() {
        return tokensLeft(scheduler.nanoTime());
    }

    private OptionalLong tokensLeft(long now) {
        rollWindow(now);
        OptionalLong own = deployment.tpm().isPresent()
                ? OptionalLong.of(Math.max(0, deployment.tpm().getAsLong() - windowTokens)) : OptionalLong.empty();
        OptionalLong fromHeaders = headersValid(now, headers.resetTokens()) && headers.remainingTokens().isPresent()
                ? OptionalLong.of(Math.max(0, headers.remainingTokens().getAsLong() - (sentTokens - sentTokensAtHeaders)))
                : OptionalLong.empty();
        return min(own, fromHeaders);
    }

    @Override
    public synchronized OptionalLong requestLimit() {
        return deployment.rpm().isPresent() ? deployment.rpm() : headers.limitRequests();
    }

    @Override
    public synchronized OptionalLong tokenLimit() {
        return deployment.tpm().isPresent() ? deployment.tpm() : headers.limitTokens();
    }

    /** The last origin stamped with this deployment's name, kept because a deployment answers from one origin. */
    private volatile Origin @Nullable [] stamped;

    /** {@code origin} with this deployment's name; the same object as last time when the origin is unchanged. */
    public Origin withDeployment(Origin origin) {
        Origin[] last = stamped;
        if (last != null && last[0].equals(origin)) {
            return last[1];
        }
        Origin named = origin.withDeployment(deployment.name());
        stamped = new Origin[] {origin, named};
        return named;
    }

    /** Whether its own rate-limit headers said how many tokens it has left. */
    public boolean knowsTokensLeft() {
        return tokensLeftKnown;
    }

    /**
     * Whether this thread should ask the shared cooldown store about the deployment now: true for one caller per
     * {@code refreshNanos}.
     */
    public boolean sharedCheckDue(long now, long refreshNanos) {
        long next = nextSharedCheck.get();
        return now >= next && nextSharedCheck.compareAndSet(next, now + refreshNanos);
    }

    /** Another instance took it out of rotation until {@code untilNanos} (this scheduler's nanoTime). */
    public synchronized void cooledElsewhere(long untilNanos) {
        if (untilNanos > scheduler.nanoTime()) {
            coolUntil(untilNanos);
        }
    }

    /** How long its cooldown lasts from now; zero when it is not cooling down. */
    public synchronized Duration cooldownLeft() {
        long now = scheduler.nanoTime();
        return cooldownUntil == NONE || now >= cooldownUntil ? Duration.ZERO : Duration.ofNanos(cooldownUntil - now);
    }

    /** Whether it is cooling down now. */
    public synchronized boolean coolingDown() {
        return cooldownUntil != NONE && scheduler.nanoTime() < cooldownUntil;
    }

    /**
     * The monotonic time from which it may take a call of {@code tokens} tokens: {@code now} (a reading of the
     * scheduler's {@code nanoTime}) when it may take one at once, else the end of its cooldown or of the limit window
     * it used up.
     */
    public long availableFrom(long now, long tokens) {
        if (!mayRefuse && !limited) {
            return now; // never cooled, no headers, no limits of its own: nothing can refuse the call
        }
        return availableFromLocked(now, tokens);
    }

    private synchronized long availableFromLocked(long now, long tokens) {
        long at = now;
        if (cooldownUntil != NONE && now < cooldownUntil) {
            at = cooldownUntil;
        }
        OptionalLong requests = requestsLeft(now);
        if (requests.isPresent() && requests.getAsLong() == 0) {
            at = Math.max(at, resetAt(now, headers.resetRequests(), deployment.rpm().isPresent()
                    && windowRequests >= deployment.rpm().getAsLong()));
        }
        OptionalLong left = tokensLeft(now);
        if (left.isPresent() && left.getAsLong() < Math.max(1, tokens)) {
            at = Math.max(at, resetAt(now, headers.resetTokens(), deployment.tpm().isPresent()
                    && windowTokens + tokens > deployment.tpm().getAsLong()));
        }
        return at;
    }

    private long resetAt(long now, Optional<Duration> headerReset, boolean ownLimitReached) {
        long at = now;
        if (ownLimitReached && windowStart != NONE) {
            at = Math.max(at, windowStart + MINUTE);
        }
        if (headersAt != NONE) {
            at = Math.max(at, headersAt + headerReset.map(Duration::toNanos).orElse(MINUTE));
        }
        return at == now ? now + 1 : at;
    }

    /** A call of about {@code tokens} tokens was sent to it. */
    public void started(long tokens) {
        started(tokens, scheduler.nanoTime());
    }

    /** {@link #started(long)} at {@code now}, a reading of the scheduler's {@code nanoTime} the caller already has. */
    public void started(long tokens, long now) {
        inFlight.incrementAndGet();
        if (mayRefuse || limited) {
            count(tokens, now);
        }
    }

    private synchronized void count(long tokens, long now) {
        rollWindow(now);
        windowRequests++;
        windowTokens += tokens;
        sent++;
        sentTokens += tokens;
    }

    /** A call sent to it ended (answered, failed or cancelled); called exactly once per {@link #started}. */
    public void ended() {
        inFlight.decrementAndGet();
    }

    /** The first token of a stream arrived {@code nanos} after the call was sent. */
    public void firstToken(long nanos) {
        ewma(ttftEwma, nanos);
    }

    /**
     * A call answered after {@code nanos}; its usage corrects the token estimate, its rate-limit headers are kept.
     *
     * @param estimatedTokens the tokens counted when it was sent
     */
    public void succeeded(ChatResponse response, long nanos, long estimatedTokens) {
        ewma(latencyEwma, nanos);
        if (mayRefuse || limited || response.rateLimit().isKnown()) {
            settle(response, estimatedTokens);
        }
    }

    private synchronized void settle(ChatResponse response, long estimatedTokens) {
        long actual = response.usage().inputTokens() + response.usage().outputTokens();
        if (actual > 0) {
            long extra = actual - estimatedTokens;
            windowTokens = Math.max(0, windowTokens + extra);
            sentTokens += extra;
        }
        if (response.rateLimit().isKnown()) {
            headers = response.rateLimit();
            headersAt = scheduler.nanoTime();
            tokensLeftKnown = headers.remainingTokens().isPresent();
            mayRefuse = true;
            sentAtHeaders = sent;
            sentTokensAtHeaders = sentTokens;
        }
    }

    /**
     * A call failed with {@code error}. A rate limit or a refusal puts the deployment in cooldown at once, for its
     * {@code Retry-After}; another failure of the deployment counts towards the cooldown threshold; a failure of the
     * request itself (invalid, too long, blocked) counts for nothing. Returns whether it entered cooldown now.
     */
    public synchronized boolean failed(LlmException error) {
        long now = scheduler.nanoTime();
        if (error instanceof RateLimitedException || error instanceof RejectedException
                || error instanceof PoolExhaustedException) {
            Duration wait = error.retryAfter().orElse(config.cooldown());
            if (wait.compareTo(config.maxCooldown()) > 0) {
                wait = config.maxCooldown();
            }
            if (error instanceof RateLimitedException && error.retryAfter().isEmpty()) {
                headersAt = NONE;
                tokensLeftKnown = false;
            }
            refusedUntil = refusedUntil == NONE ? now + wait.toNanos() : Math.max(refusedUntil, now + wait.toNanos());
            return coolUntil(now + wait.toNanos());
        }
        if (!isDeploymentFailure(error)) {
            return false;
        }
        long horizon = now - config.window().toNanos();
        while (!failures.isEmpty() && failures.peekFirst() <= horizon) {
            failures.pollFirst();
        }
        failures.addLast(now);
        if (failures.size() >= config.failures()) {
            failures.clear();
            return coolUntil(now + config.cooldown().toNanos());
        }
        return false;
    }

    /**
     * A health probe answered: failures are forgotten and a cooldown they caused ends now; one for a rate limit or a
     * refusal lasts until it lifts. Returns whether the deployment came back into rotation now.
     */
    public synchronized boolean probeSucceeded() {
        long now = scheduler.nanoTime();
        failures.clear();
        if (cooldownUntil == NONE || now >= cooldownUntil) {
            return false;
        }
        if (refusedUntil != NONE && now < refusedUntil) {
            cooldownUntil = refusedUntil;
            return false;
        }
        cooldownUntil = NONE;
        return true;
    }

    /**
     * A health probe failed with {@code error}: a failure of the deployment puts it in cooldown at once (a rate limit
     * as for a call); a failure of the probe itself changes nothing. Returns whether it entered cooldown now.
     */
    public synchronized boolean probeFailed(LlmException error) {
        if (error instanceof RateLimitedException || error instanceof RejectedException) {
            return failed(error);
        }
        if (!isDeploymentFailure(error)) {
            return false;
        }
        failures.clear();
        return coolUntil(scheduler.nanoTime() + config.cooldown().toNanos());
    }

    /**
     * Whether {@code error} says something about the deployment rather than the request: a retryable failure, a
     * rejection, a bad key or an unknown model.
     */
    public static boolean isDeploymentFailure(LlmException error) {
        return error.isRetryable() || error instanceof RejectedException || error instanceof AuthenticationException
                || error instanceof ModelNotFoundException;
    }

    private boolean coolUntil(long until) {
        boolean entered = cooldownUntil == NONE || scheduler.nanoTime() >= cooldownUntil;
        cooldownUntil = cooldownUntil == NONE ? until : Math.max(cooldownUntil, until);
        mayRefuse = true;
        return entered && scheduler.nanoTime() < until;
    }

    private void rollWindow(long now) {
        if (windowStart == NONE || now - windowStart >= MINUTE) {
            windowStart = now;
            windowRequests = 0;
            windowTokens = 0;
        }
    }

    private boolean headersValid(long now, Optional<Duration> reset) {
        return headersAt != NONE && now - headersAt < reset.map(Duration::toNanos).orElse(MINUTE);
    }

    private static void ewma(AtomicLong average, long sample) {
        while (true) {
            long bits = average.get();
            double old = Double.longBitsToDouble(bits);
            double next = Double.isNaN(old) ? sample : old + EWMA_ALPHA * (sample - old);
            if (average.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
                return;
            }
        }
    }

    private static OptionalLong min(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
    }

    @Override
    public String toString() {
        return deployment.name() + "{inFlight=" + inFlight() + ", cooling=" + coolingDown() + "}";
    }
}
