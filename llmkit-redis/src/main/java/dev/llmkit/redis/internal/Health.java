package dev.llmkit.redis.internal;

import dev.llmkit.redis.RedisStatusEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 * Whether Redis is reachable, shared by every store of one connection. A call that fails to reach Redis (connection
 * refused or lost, timeout, pool exhausted) marks it down: calls then run on local state without waiting, and one
 * caller per retry delay (doubling up to a limit) probes Redis again; the first success marks it up and runs the
 * stores' resynchronisation hooks. A data error (a script bug, a wrong type) is not an outage and is thrown.
 */
public final class Health {
    private static final Logger LOG = LoggerFactory.getLogger("dev.llmkit.redis");

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

    /** Health with a first retry delay doubling up to {@code maxDelay}, reporting transitions to {@code listener}. */
    public Health(Duration firstDelay, Duration maxDelay, Consumer<RedisStatusEvent> listener, Clock clock) {
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.listener = listener;
        this.clock = clock;
        this.delayNanos = firstDelay.toNanos();
    }

    /** Runs {@code hook} each time Redis comes back (after an outage), before the call that noticed returns. */
    public void onRecovery(Runnable hook) {
        onRecovery.add(hook);
    }

    /**
     * {@code remote} on Redis, or {@code local} when Redis is down (or the call finds it down).
     *
     * @throws IllegalStateException when Redis answers with an error (not an outage)
     */
    public <T> T run(String store, UnifiedJedis redis, Function<UnifiedJedis, T> remote, Supplier<T> local) {
        if (down.get()) {
            if (System.nanoTime() < retryAtNanos || !probing.compareAndSet(false, true)) {
                localCalls.incrementAndGet();
                return local.get();
            }
            try {
                T result = remote.apply(redis);
                recovered(store);
                return result;
            } catch (JedisDataException e) {
                throw dataError(store, e);
            } catch (JedisException e) {
                stillDown();
                localCalls.incrementAndGet();
                return local.get();
            } finally {
                probing.set(false);
            }
        }
        try {
            return remote.apply(redis);
        } catch (JedisDataException e) {
            throw dataError(store, e);
        } catch (JedisException first) {
            // a pooled connection can be stale (Redis restarted, a proxy dropped it): the pool discards a broken
            // one, so one more try on a fresh connection tells a stale connection from an outage. Not after a
            // timeout: the command may have run, and a budget must not be charged twice
            if (timedOut(first)) {
                wentDown(store, first);
                localCalls.incrementAndGet();
                return local.get();
            }
            try {
                return remote.apply(redis);
            } catch (JedisDataException e) {
                throw dataError(store, e);
            } catch (JedisException e) {
                wentDown(store, e);
                localCalls.incrementAndGet();
                return local.get();
            }
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static IllegalStateException dataError(String store, JedisDataException e) {
        return new IllegalStateException("Redis refused a " + store + " command: " + e.getMessage()
                + " (check that the key prefix is not shared with other data)", e);
    }

    private void wentDown(String store, JedisException e) {
        if (!down.compareAndSet(false, true)) {
            return;
        }
        outages.incrementAndGet();
        delayNanos = firstDelay.toNanos();
        retryAtNanos = System.nanoTime() + delayNanos;
        String cause = e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        LOG.warn("Redis is unreachable ({}); {} and the other stores run on local state until it returns", cause,
                store);
        emit(new RedisStatusEvent(false, store, cause, clock.instant()));
    }

    private void stillDown() {
        delayNanos = Math.min(maxDelay.toNanos(), delayNanos * 2);
        retryAtNanos = System.nanoTime() + delayNanos;
    }

    private void recovered(String store) {
        if (!down.get()) {
            return;
        }
        for (Runnable hook : onRecovery) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("Resynchronising with Redis failed in part; local state stays local", e);
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
