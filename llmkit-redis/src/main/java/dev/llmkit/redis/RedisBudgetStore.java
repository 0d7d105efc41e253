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

    /** KEYS[1] counter; ARGV amount, limit (-1 for none), TTL (ms). Returns {accepted, spent}. */
    static final Script SCRIPT = new Script(String.join("\n",
            "local amount = tonumber(ARGV[1])",
            "local limit = tonumber(ARGV[2])",
            "local spent = tonumber(redis.call('GET', KEYS[1]) or '0')",
            "if limit >= 0 and spent > limit - amount then return {0, spent} end",
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
    /** The last spend seen in Redis, by Redis key: where a local counter starts during an outage. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
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

    private long[] eval(UnifiedJedis r, String redisKey, long amount, long limit, long ttl) {
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) SCRIPT.eval(r, List.of(redisKey),
                List.of(Long.toString(amount), Long.toString(limit), Long.toString(ttl)));
        long[] result = {((Number) out.get(0)).longValue(), ((Number) out.get(1)).longValue()};
        lastSeen.put(redisKey, result[1]);
        return result;
    }

    /** The local counter, started from the last spend seen in Redis the first time it is used in an outage. */
    private void seed(String key, BudgetWindow window, String redisKey) {
        if (seeded.putIfAbsent(redisKey, Boolean.TRUE) == null) {
            Long seen = lastSeen.get(redisKey);
            long have = local.spent(key, window);
            if (seen != null && seen > have) {
                local.add(key, window, seen - have);
            }
        }
    }

    /** An amount still to add to a shared counter, and the counter's TTL. */
    private record Owed(AtomicLong amount, long ttlMillis) {
    }

    private void owe(String redisKey, long amount, long ttl) {
        owed.computeIfAbsent(redisKey, k -> new Owed(new AtomicLong(), ttl)).amount().addAndGet(amount);
    }

    @Override
    public long add(String key, BudgetWindow window, long amount) {
        String rk = redisKey(key, window);
        long ttl = ttlMillis(window);
        return health.run("budgets", redis, r -> eval(r, rk, amount, -1, ttl)[1], () -> {
            seed(key, window, rk);
            owe(rk, amount, ttl);
            return local.add(key, window, amount);
        });
    }

    @Override
    public long spent(String key, BudgetWindow window) {
        String rk = redisKey(key, window);
        return health.run("budgets", redis, r -> {
            String v = r.get(rk);
            long spent = v == null ? 0 : Long.parseLong(v);
            lastSeen.put(rk, spent);
            return spent;
        }, () -> {
            seed(key, window, rk);
            return local.spent(key, window);
        });
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
            seed(key, window, rk);
            BudgetCheck c = local.tryAdd(key, window, amount, limit);
            if (c.accepted()) {
                owe(rk, amount, ttl);
            }
            return c;
        });
    }

    /** Adds what was spent locally during the outage to the shared counters. */
    private void pushOwed() {
        for (Map.Entry<String, Owed> e : owed.entrySet()) {
            long amount = e.getValue().amount().getAndSet(0);
            if (amount != 0) {
                try {
                    SCRIPT.eval(redis, List.of(e.getKey()), List.of(Long.toString(amount), "-1",
                            Long.toString(e.getValue().ttlMillis())));
                } catch (RuntimeException ex) {
                    e.getValue().amount().addAndGet(amount); // still owed: pushed at the next recovery
                    throw ex;
                }
            }
        }
        owed.values().removeIf(v -> v.amount().get() == 0);
        seeded.clear();
    }

    @Override
    public String toString() {
        return "RedisBudgetStore{" + prefix + "}";
    }
}
