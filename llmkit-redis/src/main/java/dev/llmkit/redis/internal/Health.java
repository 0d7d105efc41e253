package dev.llmkit.redis.internal;

import dev.llmkit.redis.RedisStatusEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether Redis is reachable, shared by every store of one connection pool.
 *
 * <ul>
 *   <li>A call that cannot reach Redis (refused, reset, timed out) or that Redis answers with a transient error
 *       (loading, read-only replica, out of memory, busy script, no primary, wrong password) marks it down: calls then
 *       run on local state without waiting.</li>
 *   <li>One caller per retry delay (doubling up to a limit) probes with {@code PING}; when it answers, the stores'
 *       resynchronisation hooks run (budgets push what they spent locally, feeds append what waited), then Redis is
 *       marked up, then the caller's own command runs.</li>
 *   <li>A read that failed on a connection is retried once (a pooled connection may be stale after a restart); a
 *       write is not (it may have run, and a budget must not be charged twice).</li>
 *   <li>Every pooled connection busy is this instance's load, not an outage: that one call runs locally.</li>
 *   <li>Any other error reply (a key of the wrong type under the prefix) also runs the call locally, with a WARN at
 *       most once a minute: a store never fails a model call.</li>
 * </ul>
 */
public final class Health {
    private static final Logger LOG = LoggerFactory.getLogger("dev.llmkit.redis");
    private static final List<String> TRANSIENT = List.of("LOADING", "READONLY", "OOM", "BUSY", "MASTERDOWN",
            "NOAUTH", "WRONGPASS", "NOPERM", "CLUSTERDOWN", "TRYAGAIN");
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Consumer<RedisStatusEvent> listener;
    private final Clock clock;
    private final List<Runnable> onRecovery = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long retryAtNanos;
    private volatile long delayNanos;
    private final AtomicLong outages = new AtomicLong();
    private final AtomicLong localCalls = new AtomicLong();
    private final AtomicLong lastDataWarning = new AtomicLong(Long.MIN_VALUE);

    /** Health with a first retry delay doubling up to {@code maxDelay}, reporting transitions to {@code listener}. */
    public Health(Duration firstDelay, Duration maxDelay, Consumer<RedisStatusEvent> listener, Clock clock) {
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.listener = listener;
        this.clock = clock;
        this.delayNanos = firstDelay.toNanos();
    }

    /** Runs {@code hook} each time Redis comes back (after an outage), before any command is sent again. */
    public void onRecovery(Runnable hook) {
        onRecovery.add(hook);
    }

    /** {@link #run(String, UnifiedJedis, Function, Supplier, boolean)} for a write. */
    public <T> T run(String store, UnifiedJedis redis, Function<UnifiedJedis, T> remote, Supplier<T> local) {
        return run(store, redis, remote, local, false);
    }

    /**
     * {@code remote} on Redis, or {@code local} when Redis is down (or the call finds it down); never throws for
     * Redis's sake.
     *
     * @param read whether {@code remote} only reads (so it may be retried on a fresh connection)
     */
    public <T> T run(String store, UnifiedJedis redis, Function<UnifiedJedis, T> remote, Supplier<T> local,
            boolean read) {
        if (down.get() && !probe(store, redis)) {
            localCalls.incrementAndGet();
            return local.get();
        }
        try {
            return remote.apply(redis);
        } catch (JedisException first) {
            if (read && connectionFailure(first)) {
                try {
                    return remote.apply(redis);
                } catch (JedisException second) {
                    return failed(store, second, local);
                }
            }
            return failed(store, first, local);
        }
    }

    private <T> T failed(String store, JedisException e, Supplier<T> local) {
        localCalls.incrementAndGet();
        if (poolExhausted(e)) {
            return local.get(); // this instance's own load: Redis is fine
        }
        if (e instanceof JedisDataException && !transientReply(e)) {
            long now = System.nanoTime();
            long last = lastDataWarning.get();
            if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY_NANOS) && lastDataWarning.compareAndSet(last, now)) {
                LOG.warn("Redis refused a {} command ({}); this call runs on local state. Check that the key prefix"
                        + " is not shared with other data.", store, e.getMessage());
            }
            return local.get();
        }
        wentDown(store, e);
        return local.get();
    }

    /** Whether this caller should, and did, find Redis back: one caller per retry delay sends a PING. */
    private boolean probe(String store, UnifiedJedis redis) {
        if (System.nanoTime() < retryAtNanos || !probing.compareAndSet(false, true)) {
            return false;
        }
        try {
            redis.ping();
            recovered(store);
            return true;
        } catch (JedisException e) {
            stillDown();
            return false;
        } finally {
            probing.set(false);
        }
    }

    private static boolean connectionFailure(Throwable e) {
        return !(e instanceof JedisDataException) && !timedOut(e) && !poolExhausted(e);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean poolExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.NoSuchElementException) {
                return true;
            }
        }
        return false;
    }

    private static boolean transientReply(JedisException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip().toUpperCase(Locale.ROOT);
        for (String prefix : TRANSIENT) {
            if (m.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private void wentDown(String store, JedisException e) {
        retryAtNanos = System.nanoTime() + firstDelay.toNanos(); // before the flag: no one probes at once
        if (!down.compareAndSet(false, true)) {
            return;
        }
        outages.incrementAndGet();
        delayNanos = firstDelay.toNanos();
        String cause = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        LOG.warn("Redis is unreachable ({}); {} and the other stores run on local state until it returns", cause,
                store);
        emit(new RedisStatusEvent(false, store, cause, clock.instant()));
    }

    private void stillDown() {
        delayNanos = Math.min(maxDelay.toNanos(), delayNanos * 2);
        retryAtNanos = System.nanoTime() + delayNanos;
    }

    private void recovered(String store) {
        for (Runnable hook : onRecovery) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("Resynchronising with Redis failed in part; what is left is pushed at the next recovery", e);
            }
        }
        down.set(false);
        LOG.info("Redis is reachable again; the stores share state again");
        emit(new RedisStatusEvent(true, store, "", clock.instant()));
    }

    private void emit(RedisStatusEvent e) {
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("A Redis status listener threw", ex);
        }
    }

    /** Whether Redis is taken for reachable. */
    public boolean up() {
        return !down.get();
    }

    /** Outages seen since start. */
    public long outages() {
        return outages.get();
    }

    /** Store calls answered from local state since start. */
    public long localCalls() {
        return localCalls.get();
    }
}
