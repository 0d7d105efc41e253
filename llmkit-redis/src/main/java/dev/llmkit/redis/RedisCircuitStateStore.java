package dev.llmkit.redis;

import dev.llmkit.api.event.CircuitState;
import dev.llmkit.api.store.CircuitRecord;
import dev.llmkit.api.store.CircuitStateStore;
import dev.llmkit.api.store.InMemoryCircuitStateStore;
import dev.llmkit.redis.internal.Health;
import dev.llmkit.redis.internal.Script;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Circuit-breaker state shared by every instance through Redis, so one instance's breaker opening opens all: each
 * breaker's record is one string, written only by a Lua script that compares the version and either writes or returns
 * the current record, in one round trip. Records expire after {@link #TTL} untouched (a breaker unused that long
 * starts closed again).
 *
 * <p>While Redis is away each instance keeps its breakers' state in its own {@link InMemoryCircuitStateStore},
 * starting from the last record it saw in Redis (a breaker open across the fleet stays open); when Redis returns the
 * shared records take over (a breaker decides again from what it reads).
 */
public final class RedisCircuitStateStore implements CircuitStateStore {
    /** How long a breaker's record lives untouched. */
    public static final Duration TTL = Duration.ofDays(1);

    /** KEYS[1] record; ARGV expected version, next record (version already set), TTL (ms). */
    static final Script SCRIPT = new Script(String.join("\n",
            "local cur = redis.call('GET', KEYS[1])",
            "local version = 0",
            "if cur then version = tonumber(string.match(cur, '^[^;]+')) end",
            "if version ~= tonumber(ARGV[1]) then return cur or '' end",
            "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])",
            "return 1"));

    private final UnifiedJedis redis;
    private final String prefix;
    private final Health health;
    private final InMemoryCircuitStateStore local = new InMemoryCircuitStateStore();
    /** The last record read from or written to Redis, by breaker: where the local state starts in an outage. */
    private final java.util.Map<String, CircuitRecord> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Boolean> seeded = new java.util.concurrent.ConcurrentHashMap<>();

    RedisCircuitStateStore(UnifiedJedis redis, String prefix, Health health) {
        this.redis = redis;
        this.prefix = prefix;
        this.health = health;
        health.onRecovery(seeded::clear);
    }

    @Override
    public void read(String key, CircuitRecord into) {
        String stored = health.run("circuits", redis, r -> {
            String v = r.get(prefix + key);
            return v == null ? "" : v;
        }, () -> null, true);
        if (stored == null) {
            seedLocal(key);
            local.read(key, into);
        } else {
            decode(stored, into);
            remember(key, into);
        }
    }

    private void remember(String key, CircuitRecord r) {
        lastSeen.computeIfAbsent(key, k -> new CircuitRecord()).copyFrom(r);
    }

    /**
     * Gives the local store the last state seen in Redis (an open breaker stays open through an outage) when it
     * holds an older one.
     */
    private void seedLocal(String key) {
        CircuitRecord seen = lastSeen.get(key);
        if (seen == null || seeded.putIfAbsent(key, Boolean.TRUE) != null) {
            return; // once per outage: after that the local breaker decides on its own
        }
        CircuitRecord mine = new CircuitRecord();
        local.read(key, mine);
        if (mine.state() != seen.state()) {
            CircuitRecord next = new CircuitRecord().copyFrom(seen);
            local.compareAndSet(key, mine.version(), next);
        }
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, CircuitRecord next) {
        Boolean done = health.run("circuits", redis, r -> {
            next.version(expectedVersion + 1);
            Object out = SCRIPT.eval(r, List.of(prefix + key), List.of(Long.toString(expectedVersion),
                    encode(next), Long.toString(TTL.toMillis())));
            if (out instanceof Long l && l == 1L) {
                remember(key, next);
                return true;
            }
            decode(RedisRateLimitStore.text(out), next);
            remember(key, next);
            return false;
        }, () -> null);
        if (done != null) {
            return done;
        }
        seedLocal(key);
        return local.compareAndSet(key, expectedVersion, next);
    }

    /** {@code version;epoch;state;openedAt;probesIssued;probesSucceeded;counter...}. */
    static String encode(CircuitRecord r) {
        StringBuilder sb = new StringBuilder().append(r.version()).append(';').append(r.epoch()).append(';')
                .append(r.state().ordinal()).append(';').append(r.openedAt()).append(';').append(r.probesIssued())
                .append(';').append(r.probesSucceeded());
        for (long c : r.counters()) {
            sb.append(';').append(c);
        }
        return sb.toString();
    }

    static void decode(String stored, CircuitRecord into) {
        if (stored.isEmpty()) {
            into.copyFrom(new CircuitRecord());
            return;
        }
        String[] p = stored.split(";");
        into.version(Long.parseLong(p[0])).epoch(Long.parseLong(p[1]))
                .state(CircuitState.values()[Integer.parseInt(p[2])]).openedAt(Long.parseLong(p[3]))
                .probesIssued(Integer.parseInt(p[4])).probesSucceeded(Integer.parseInt(p[5]));
        into.resizeCounters(p.length - 6);
        long[] counters = into.counters();
        for (int i = 6; i < p.length; i++) {
            counters[i - 6] = Long.parseLong(p[i]);
        }
    }

    @Override
    public String toString() {
        return "RedisCircuitStateStore{" + prefix + "}";
    }
}
