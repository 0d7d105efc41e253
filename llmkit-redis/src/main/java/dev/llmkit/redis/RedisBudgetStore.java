package dev.llmkit.redis;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.store.BudgetCheck;
import dev.llmkit.api.store.BudgetStore;
import dev.llmkit.api.store.BudgetWindow;
import dev.llmkit.api.store.InMemoryBudgetStore;
import dev.llmkit.redis.internal.Health;
import dev.llmkit.redis.internal.Script;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

/**
 * Budgets shared by every instance through Redis: one counter per key and window (the window's number is part of
 * the Redis key, so a new window starts at zero), changed by one Lua script that checks the limit and adds in one
 * step, so concurrent reservations never overspend beyond what is reserved and in flight. Each counter expires one
 * window after its window ends ({@link #TOTAL_TTL} for lifetime budgets).
 *
 * <p>While Redis is away, each instance counts on its own {@link InMemoryBudgetStore}, starting from the last spend
 * it saw in Redis for that key, and remembers what it added; when Redis returns, those amounts are added to the
 * shared counters (in their own windows), so nothing spent during the outage is lost.
 */
public final class RedisBudgetStore implements BudgetStore {
    /** How long a lifetime ({@link BudgetWindow#TOTAL}) budget's counter lives untouched. */
    public static final Duration TOTAL_TTL = Duration.ofDays(400);

    /** KEYS[1] counter; ARGV amount, limit ('none' for none), TTL (ms). Returns {accepted, spent}. */
    static final Script SCRIPT = new Script(String.join("\n",
            "local amount = tonumber(ARGV[1])",
            "local spent = tonumber(redis.call('GET', KEYS[1]) or '0')",
            "if ARGV[2] ~= 'none' and spent > tonumber(ARGV[2]) - amount then return {0, spent} end",
            "spent = redis.call('INCRBY', KEYS[1], amount)",
            "redis.call('PEXPIRE', KEYS[1], ARGV[3])",
            "return {1, spent}"));

    private final UnifiedJedis redis;
    private final String prefix;
    private final Health health;
    private final Scheduler clock;
    private final InMemoryBudgetStore local;
    /** What was added locally during an outage, by Redis key, to push when it returns. */
    private final Map<String, Owed> owed = new ConcurrentHashMap<>();
    /** The last spend seen in Redis, by counter: where a local counter starts during an outage. */
    private final Map<String, Seen> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seeded = new ConcurrentHashMap<>();

    RedisBudgetStore(UnifiedJedis redis, String prefix, Health health, Scheduler clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.health = health;
        this.clock = clock;
        this.local = new InMemoryBudgetStore(clock);
        health.onRecovery(this::pushOwed);
    }

    private String redisKey(String key, BudgetWindow window) {
        return prefix + key + ":" + window.length().toMillis() + ":" + window.index(clock.now());
    }

    private long ttlMillis(BudgetWindow window) {
        if (window.length().isZero()) {
            return TOTAL_TTL.toMillis();
        }
        Instant now = clock.now();
        return Math.max(1, Duration.between(now, window.end(now)).toMillis() + window.length().toMillis());
    }

    /** The counter's key without its window number: where the last spend seen is kept (one entry per counter). */
    private static String counter(String redisKey) {
        return redisKey.substring(0, redisKey.lastIndexOf(':'));
    }

    private long[] eval(UnifiedJedis r, String redisKey, long amount, @Nullable Long limit, long ttl) {
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) SCRIPT.eval(r, List.of(redisKey),
                List.of(Long.toString(amount), limit == null ? "none" : Long.toString(limit), Long.toString(ttl)));
        long[] result = {((Number) out.get(0)).longValue(), ((Number) out.get(1)).longValue()};
        seen(redisKey, result[1]);
        return result;
    }

    private void seen(String redisKey, long spent) {
        lastSeen.put(counter(redisKey), new Seen(redisKey, spent));
    }

    /** The last spend seen in Redis for one counter, and the window key it was seen under. */
    private record Seen(String redisKey, long spent) {
    }

    /**
     * The local counter, started from the last spend seen in Redis (in this window) the first time it is used in an
     * outage. Runs under the store's lock with the local operation that follows, so no call uses an unseeded counter.
     */
    private void seed(String key, BudgetWindow window, String redisKey) {
        if (seeded.putIfAbsent(redisKey, Boolean.TRUE) == null) {
            Seen seen = lastSeen.get(counter(redisKey));
            long have = local.spent(key, window);
            if (seen != null && seen.redisKey().equals(redisKey) && seen.spent() > have) {
                local.add(key, window, seen.spent() - have);
            }
        }
    }

    /** An amount still to add to a shared counter, and the counter's TTL. */
    private record Owed(AtomicLong amount, long ttlMillis) {
    }

    private void owe(String redisKey, long amount, long ttl) {
        // compute: atomic with the push's removal of a settled entry, so no amount lands on a removed one
        owed.compute(redisKey, (k, v) -> {
            Owed o = v != null ? v : new Owed(new AtomicLong(), ttl);
            o.amount().addAndGet(amount);
            return o;
        });
    }

    @Override
    public long add(String key, BudgetWindow window, long amount) {
        String rk = redisKey(key, window);
        long ttl = ttlMillis(window);
        return health.run("budgets", redis, r -> eval(r, rk, amount, null, ttl)[1], () -> {
            synchronized (this) {
                seed(key, window, rk);
                owe(rk, amount, ttl);
                return local.add(key, window, amount);
            }
        });
    }

    @Override
    public long spent(String key, BudgetWindow window) {
        String rk = redisKey(key, window);
        return health.run("budgets", redis, r -> {
            String v = r.get(rk);
            long spent = v == null ? 0 : Long.parseLong(v);
            seen(rk, spent);
            return spent;
        }, () -> {
            synchronized (this) {
                seed(key, window, rk);
                return local.spent(key, window);
            }
        }, true);
    }

    @Override
    public BudgetCheck tryAdd(String key, BudgetWindow window, long amount, long limit) {
        if (amount < 0) {
            throw new IllegalArgumentException("tryAdd needs an amount of zero or more, got " + amount
                    + "; use add to give spend back");
        }
        String rk = redisKey(key, window);
        long ttl = ttlMillis(window);
        return health.run("budgets", redis, r -> {
            long[] out = eval(r, rk, amount, limit, ttl);
            return out[0] == 1 ? BudgetCheck.accepted(out[1], limit) : BudgetCheck.refused(out[1], limit);
        }, () -> {
            synchronized (this) {
                seed(key, window, rk);
                BudgetCheck c = local.tryAdd(key, window, amount, limit);
                if (c.accepted()) {
                    owe(rk, amount, ttl);
                }
                return c;
            }
        });
    }

    /** Adds what was spent locally during the outage to the shared counters. */
    private void pushOwed() {
        try {
            for (Map.Entry<String, Owed> e : owed.entrySet()) {
                long amount = e.getValue().amount().getAndSet(0);
                if (amount != 0) {
                    try {
                        SCRIPT.eval(redis, List.of(e.getKey()), List.of(Long.toString(amount), "none",
                                Long.toString(e.getValue().ttlMillis())));
                    } catch (RuntimeException ex) {
                        e.getValue().amount().addAndGet(amount); // still owed: pushed at the next recovery
                        throw ex;
                    }
                }
                owed.computeIfPresent(e.getKey(), (k, v) -> v.amount().get() == 0 ? null : v);
            }
        } finally {
            seeded.clear();
        }
    }

    @Override
    public String toString() {
        return "RedisBudgetStore{" + prefix + "}";
    }
}
