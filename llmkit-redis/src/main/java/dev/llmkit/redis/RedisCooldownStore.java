package dev.llmkit.redis;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.store.CooldownStore;
import dev.llmkit.api.store.InMemoryCooldownStore;
import dev.llmkit.redis.internal.Health;
import dev.llmkit.redis.internal.Script;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Deployment cooldowns shared by every router of the fleet through Redis: one key per pool deployment holding the
 * epoch millisecond until which it is out of rotation, written by a Lua script that keeps the later of two cooldowns
 * and expires the key when the cooldown ends. A pool reads each deployment's key at most once per refresh.
 *
 * <p>While Redis is away each instance keeps its cooldowns in its own {@link InMemoryCooldownStore}.
 */
public final class RedisCooldownStore implements CooldownStore {
    /** KEYS[1] deployment; ARGV until (epoch ms). Keeps the later cooldown; the key expires with it. */
    static final Script SCRIPT = new Script(String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "local untilMs = tonumber(ARGV[1])",
            "local cur = tonumber(redis.call('GET', KEYS[1]) or '0')",
            "if cur >= untilMs or untilMs <= now then return 0 end",
            "redis.call('SET', KEYS[1], ARGV[1], 'PX', untilMs - now)",
            "return 1"));

    private final UnifiedJedis redis;
    private final String prefix;
    private final Health health;
    private final Scheduler clock;
    private final InMemoryCooldownStore local;

    RedisCooldownStore(UnifiedJedis redis, String prefix, Health health, Scheduler clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.health = health;
        this.clock = clock;
        this.local = new InMemoryCooldownStore(clock);
    }

    @Override
    public void coolDown(String key, Instant until) {
        local.coolDown(key, until);
        health.run("cooldowns", redis, r -> SCRIPT.eval(r, List.of(prefix + key),
                List.of(Long.toString(until.toEpochMilli()))), () -> null);
    }

    @Override
    public Optional<Instant> coolingUntil(String key) {
        String stored = health.run("cooldowns", redis, r -> {
            String v = r.get(prefix + key);
            return v == null ? "" : v;
        }, () -> null, true);
        if (stored == null) {
            return local.coolingUntil(key);
        }
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Instant until = Instant.ofEpochMilli(Long.parseLong(stored));
        return until.isAfter(clock.now()) ? Optional.of(until) : Optional.empty();
    }

    @Override
    public void clear(String key) {
        local.clear(key);
        health.run("cooldowns", redis, r -> r.del(prefix + key), () -> null);
    }

    @Override
    public String toString() {
        return "RedisCooldownStore{" + prefix + "}";
    }
}
