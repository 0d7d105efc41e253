package dev.llmkit.redis;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.store.Acquisition;
import dev.llmkit.api.store.InMemoryRateLimitStore;
import dev.llmkit.api.store.RateLimitStore;
import dev.llmkit.api.store.TokenBucket;
import dev.llmkit.redis.internal.Health;
import dev.llmkit.redis.internal.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import redis.clients.jedis.UnifiedJedis;

/**
 * Token buckets shared by every instance through Redis: one hash per bucket group, changed only by one Lua script that
 * refills by the Redis server's clock (so instances' clocks do not matter), takes the units or refuses, and sets the
 * key's TTL to twice the longest refill period (a group untouched that long is full again anyway). Reservations
 * and refunds are atomic: a grant may leave a bucket below zero by at most what {@code maxWait} allows, exactly as
 * {@link InMemoryRateLimitStore} does.
 *
 * <p>While Redis is away, each instance limits on its own {@link InMemoryRateLimitStore}: the fleet may then send up to
 * the limit per instance. When Redis returns, the shared buckets take over again (the local levels are not merged:
 * spend during the outage is not charged twice).
 */
public final class RedisRateLimitStore implements RateLimitStore {
    /** KEYS[1] group; ARGV: mode, n, then per bucket capacity, period (us), units; then max wait (us), TTL (ms). */
    static final Script SCRIPT = new Script(String.join("\n",
            "local mode = ARGV[1]",
            "local n = tonumber(ARGV[2])",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
            "local cap, period, units, level = {}, {}, {}, {}",
            "for i = 1, n do",
            "  cap[i] = tonumber(ARGV[3 * i])",
            "  period[i] = tonumber(ARGV[3 * i + 1])",
            "  units[i] = tonumber(ARGV[3 * i + 2])",
            "end",
            "local maxWait = tonumber(ARGV[3 * n + 3])",
            "local ttl = tonumber(ARGV[3 * n + 4])",
            "local stored = redis.call('GET', KEYS[1])",
            "local at = now",
            "if stored then",
            "  local parts = {}",
            "  for p in string.gmatch(stored, '[^;]+') do parts[#parts + 1] = tonumber(p) end",
            "  if #parts ~= n + 1 then return redis.error_reply('bucket group ' .. KEYS[1] .. ' holds ' ..",
            "    (#parts - 1) .. ' buckets, not ' .. n) end",
            "  at = parts[1]",
            "  for i = 1, n do level[i] = parts[i + 1] end",
            "else",
            "  for i = 1, n do level[i] = cap[i] end",
            "end",
            "if now < at then now = at end",
            "local elapsed = now - at",
            "for i = 1, n do level[i] = math.min(cap[i], level[i] + elapsed / period[i] * cap[i]) end",
            "local function save()",
            "  local out = {string.format('%.0f', now)}",
            "  for i = 1, n do out[#out + 1] = string.format('%.17g', level[i]) end",
            "  redis.call('SET', KEYS[1], table.concat(out, ';'), 'PX', ttl)",
            "end",
            "if mode == 'peek' then",
            "  local out = {}",
            "  for i = 1, n do out[i] = string.format('%.17g', level[i]) end",
            "  return out",
            "end",
            "if mode == 'adjust' then",
            "  for i = 1, n do level[i] = math.min(cap[i], level[i] + units[i]) end",
            "  save()",
            "  return {'1', '0'}",
            "end",
            "local wait = 0",
            "for i = 1, n do",
            "  local need = units[i] - level[i]",
            "  if need > 0 then wait = math.max(wait, need / cap[i] * period[i]) end",
            "end",
            "if wait > maxWait then return {'0', string.format('%.0f', wait)} end",
            "for i = 1, n do level[i] = level[i] - units[i] end",
            "save()",
            "return {'1', string.format('%.0f', wait)}"));

    private final UnifiedJedis redis;
    private final String prefix;
    private final Health health;
    private final InMemoryRateLimitStore local;

    RedisRateLimitStore(UnifiedJedis redis, String prefix, Health health, Scheduler scheduler) {
        this.redis = redis;
        this.prefix = prefix;
        this.health = health;
        this.local = new InMemoryRateLimitStore(scheduler);
    }

    private List<String> args(String mode, List<TokenBucket> buckets, double[] units, Duration maxWait) {
        if (buckets.isEmpty() || buckets.size() != units.length) {
            throw new IllegalArgumentException("Need one amount per bucket, got " + units.length + " for "
                    + buckets.size() + " buckets");
        }
        List<String> args = new ArrayList<>(3 * buckets.size() + 4);
        args.add(mode);
        args.add(Integer.toString(buckets.size()));
        long longest = 0;
        for (int i = 0; i < units.length; i++) {
            TokenBucket b = buckets.get(i);
            long periodMicros = Math.max(1, b.period().toNanos() / 1000);
            longest = Math.max(longest, b.period().toMillis());
            args.add(num(b.capacity()));
            args.add(Long.toString(periodMicros));
            args.add(num(units[i]));
        }
        args.add(Long.toString(Math.max(0, maxWait.toNanos() / 1000)));
        args.add(Long.toString(Math.max(1000, 2 * longest)));
        return args;
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.17g", d);
    }

    @Override
    public Acquisition tryAcquire(String key, List<TokenBucket> buckets, double[] units, Duration maxWait) {
        for (int i = 0; i < units.length && i < buckets.size(); i++) {
            if (!(units[i] >= 0) || units[i] > buckets.get(i).capacity()) {
                throw new IllegalArgumentException("Cannot take " + units[i] + " units from a bucket of "
                        + buckets.get(i).capacity());
            }
        }
        List<String> args = args("acquire", buckets, units, maxWait);
        return health.run("rate-limits", redis, r -> {
            @SuppressWarnings("unchecked")
            List<Object> out = (List<Object>) SCRIPT.eval(r, List.of(prefix + key), args);
            Duration wait = Duration.ofNanos(Long.parseLong(text(out.get(1))) * 1000);
            return "1".equals(text(out.get(0))) ? Acquisition.granted(wait) : Acquisition.refused(wait);
        }, () -> local.tryAcquire(key, buckets, units, maxWait));
    }

    @Override
    public void adjust(String key, List<TokenBucket> buckets, double[] deltas) {
        List<String> args = args("adjust", buckets, deltas, Duration.ZERO);
        health.run("rate-limits", redis, r -> SCRIPT.eval(r, List.of(prefix + key), args), () -> {
            local.adjust(key, buckets, deltas);
            return null;
        });
    }

    @Override
    public double[] available(String key, List<TokenBucket> buckets) {
        List<String> args = args("peek", buckets, new double[buckets.size()], Duration.ZERO);
        return health.run("rate-limits", redis, r -> {
            @SuppressWarnings("unchecked")
            List<Object> out = (List<Object>) SCRIPT.eval(r, List.of(prefix + key), args);
            double[] levels = new double[out.size()];
            for (int i = 0; i < levels.length; i++) {
                levels[i] = Double.parseDouble(text(out.get(i)));
            }
            return levels;
        }, () -> local.available(key, buckets), true);
    }

    static String text(Object o) {
        return o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(o);
    }

    @Override
    public String toString() {
        return "RedisRateLimitStore{" + prefix + "}";
    }
}
