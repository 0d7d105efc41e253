package dev.llmkit.redis;

import dev.llmkit.batch.JobStatus;
import dev.llmkit.batch.JobStore;
import dev.llmkit.redis.internal.Script;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link JobStore} on Redis, so a fleet shares its batch jobs: a job submitted by one instance can be followed,
 * cancelled or resumed by any other. Every change to an item, with the job's totals, budget and end, is one Lua
 * script, so an item is recorded once however many instances race on it. All keys of the store share one hash tag
 * ({@code {jobs}}), so it also runs on Redis Cluster. A job's keys expire {@link #DEFAULT_RETENTION} (or the retention
 * given) after it ends; running jobs never expire.
 *
 * <pre>{@code
 * try (RedisStores redis = RedisStores.builder("redis://redis.internal:6379").timeout(Duration.ofSeconds(2)).build();
 *         JobStore store = RedisJobStore.on(redis);
 *         BatchRunner runner = BatchRunner.builder(store, model).build()) { ... }
 * }</pre>
 *
 * <p>Unlike the other Redis stores this one never falls back to local state: a job store that forgot what it
 * recorded would send answered items again. A call that cannot reach Redis throws {@link IllegalStateException}; the
 * runner keeps the item and tries again. Redis's own persistence (AOF or snapshots) decides what survives a restart
 * of Redis itself. Needs {@code llmkit-batch} on the class path. Give the stores a timeout above the default 250 ms
 * when jobs have tens of thousands of items: a job's items are written in chunks, each one command.
 */
public final class RedisJobStore implements JobStore {
    /** How long a job's keys are kept after it ends unless {@link #on(RedisStores, Duration)} says otherwise. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    private static final int CHUNK = 500;
    private static final String END = """
            local function finish(job, running, keys, retention)
              redis.call('SREM', running, redis.call('HGET', job, 'id'))
              if redis.call('HGET', job, 'remote') == '0' or redis.call('HGET', job, 'collected') == '1' then
                for _, k in ipairs(keys) do redis.call('PEXPIRE', k, retention) end
              end
            end
            local function finishIfDone(job, pending, running, keys, retention)
              if redis.call('HGET', job, 'state') == 'RUNNING' and redis.call('SCARD', pending) == 0 then
                redis.call('HSET', job, 'state', 'FINISHED')
                finish(job, running, keys, retention)
              end
            end
            """;
    // KEYS: job, in, st, out, pending, lease, running, remote. ARGV: idx, D|F, line, in tokens, out tokens, cost, retention
    private static final Script RECORD = new Script(END + """
            local job, st, out, pending, running = KEYS[1], KEYS[3], KEYS[4], KEYS[5], KEYS[7]
            local all = {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]}
            if redis.call('HGET', st, ARGV[1]) ~= 'P' then return 0 end
            redis.call('HSET', st, ARGV[1], ARGV[2])
            redis.call('HSET', out, ARGV[1], ARGV[3])
            redis.call('SREM', pending, ARGV[1])
            redis.call('HDEL', KEYS[6], ARGV[1])
            if ARGV[2] == 'D' then
              redis.call('HINCRBY', job, 'done', 1)
              redis.call('HINCRBY', job, 'in_tokens', ARGV[4])
              redis.call('HINCRBY', job, 'out_tokens', ARGV[5])
              local cost = tonumber(ARGV[6])
              if cost > 0 then
                local spent = tonumber(redis.call('HINCRBYFLOAT', job, 'cost', ARGV[6]))
                local budget = redis.call('HGET', job, 'budget')
                if redis.call('HGET', job, 'state') == 'RUNNING' and budget and budget ~= '' and spent >= tonumber(budget) then
                  redis.call('HSET', job, 'state', 'BUDGET_EXCEEDED')
                  finish(job, running, all, tonumber(ARGV[7]))
                end
              end
            else
              redis.call('HINCRBY', job, 'failed', 1)
            end
            finishIfDone(job, pending, running, all, tonumber(ARGV[7]))
            if redis.call('HGET', job, 'state') ~= 'RUNNING' then
              finish(job, running, all, tonumber(ARGV[7])) -- an item recorded after the end: its keys expire too
            end
            return 1
            """);
    // KEYS: job, in, st, out, pending, lease, running, remote. ARGV: retention
    private static final Script CANCEL = new Script(END + """
            if redis.call('HGET', KEYS[1], 'state') ~= 'RUNNING' then return 0 end
            redis.call('HSET', KEYS[1], 'state', 'CANCELLED')
            finish(KEYS[1], KEYS[7], {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]}, tonumber(ARGV[1]))
            return 1
            """);
    // KEYS: job, in, st, out, pending, lease, running, remote. ARGV: retention
    private static final Script COLLECTED = new Script(END + """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'collected', '1')
            redis.call('ZREM', KEYS[8], redis.call('HGET', KEYS[1], 'id'))
            local all = {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]}
            if redis.call('HGET', KEYS[1], 'state') ~= 'RUNNING' then
              finish(KEYS[1], KEYS[7], all, tonumber(ARGV[1]))
            else
              finishIfDone(KEYS[1], KEYS[5], KEYS[7], all, tonumber(ARGV[1]))
            end
            return 1
            """);
    // KEYS: job, in, st, out, pending, lease. ARGV: id, name, priority, budget, created, remote, total, token, ttl
    private static final Script BEGIN = new Script("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              if redis.call('HGET', KEYS[1], 'state') == 'CREATING' then return 2 end
              return 1
            end
            redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]) -- what an abandoned create left
            redis.call('HSET', KEYS[1], 'id', ARGV[1], 'name', ARGV[2], 'priority', ARGV[3], 'budget', ARGV[4],
              'created', ARGV[5], 'remote', ARGV[6], 'total', ARGV[7], 'token', ARGV[8], 'state', 'CREATING',
              'collected', '0', 'done', '0', 'failed', '0', 'in_tokens', '0', 'out_tokens', '0', 'cost', '0')
            redis.call('PEXPIRE', KEYS[1], ARGV[9])
            return 0
            """);
    // KEYS: job, in, st, pending. ARGV: token, ttl, first index, then inputs
    private static final Script ADD_ITEMS = new Script("""
            if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'CREATING' then
              return 0
            end
            local first = tonumber(ARGV[3])
            for i = 4, #ARGV do
              local idx = tostring(first + i - 4)
              redis.call('HSET', KEYS[2], idx, ARGV[i])
              redis.call('HSET', KEYS[3], idx, 'P')
              redis.call('SADD', KEYS[4], idx)
            end
            for k = 1, 4 do redis.call('PEXPIRE', KEYS[k], ARGV[2]) end -- an abandoned create goes away
            return 1
            """);
    // KEYS: job, in, st, out, pending, lease, running, remote. ARGV: id, created, remote, token
    private static final Script START = new Script("""
            if redis.call('HGET', KEYS[1], 'token') ~= ARGV[4] or redis.call('HGET', KEYS[1], 'state') ~= 'CREATING' then
              return 0
            end
            for k = 1, 5 do redis.call('PERSIST', KEYS[k]) end
            redis.call('HSET', KEYS[1], 'state', 'RUNNING')
            if ARGV[3] == '1' then
              redis.call('ZADD', KEYS[8], ARGV[2], ARGV[1])
            else
              redis.call('SADD', KEYS[7], ARGV[1])
            end
            return 1
            """);

    // KEYS: job, st, lease. ARGV: idx, owner, lease millis. Timed by the server's clock, shared by the fleet.
    private static final Script CLAIM = new Script("""
            if redis.call('HGET', KEYS[2], ARGV[1]) ~= 'P' or redis.call('HGET', KEYS[1], 'state') ~= 'RUNNING' then
              return 0
            end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local held = redis.call('HGET', KEYS[3], ARGV[1])
            if held then
              local bar = string.find(held, '|', 1, true)
              local owner, untilMs = string.sub(held, 1, bar - 1), tonumber(string.sub(held, bar + 1))
              if owner ~= ARGV[2] and untilMs > now then return 0 end
            end
            redis.call('HSET', KEYS[3], ARGV[1], ARGV[2] .. '|' .. tostring(now + tonumber(ARGV[3])))
            return 1
            """);

    // KEYS: job. ARGV: batch id
    private static final Script REMOTE_ID = new Script("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            return redis.call('HSETNX', KEYS[1], 'remote_id', ARGV[1])
            """);
    /** How long the keys of a job being created live without progress: an abandoned create goes away. */
    private static final long CREATING_TTL_MILLIS = Duration.ofMinutes(10).toMillis();

    private final UnifiedJedis redis;
    private final String base;
    private final long retentionMillis;

    private RedisJobStore(UnifiedJedis redis, String prefix, Duration retention) {
        this.redis = redis;
        this.base = prefix + "{jobs}:";
        this.retentionMillis = retention.toMillis();
    }

    /** A job store on the stores' connection pool, under their prefix; jobs are kept a week after they end. */
    public static RedisJobStore on(RedisStores stores) {
        return on(stores, DEFAULT_RETENTION);
    }

    /** A job store on the stores' connection pool, under their prefix; jobs are kept {@code retention} after they end. */
    public static RedisJobStore on(RedisStores stores, Duration retention) {
        Objects.requireNonNull(stores, "stores");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        return new RedisJobStore(stores.redis, stores.prefix(), retention);
    }

    private String key(String kind, String job) {
        return base + kind + ":" + job;
    }

    private List<String> keys(String job) {
        return List.of(key("job", job), key("in", job), key("st", job), key("out", job), key("pending", job),
                key("lease", job), base + "running", base + "remote");
    }

    private <T> T call(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new IllegalStateException("The Redis job store could not " + what + ": " + e.getMessage()
                    + " (the item stays as it was; it is tried again)", e);
        }
    }

    @Override
    public void create(NewJob job) {
        String id = job.id();
        String token = java.util.UUID.randomUUID().toString();
        String ttl = Long.toString(CREATING_TTL_MILLIS);
        List<String> keys = keys(id);
        call("create job " + id, () -> {
            Object begun = BEGIN.eval(redis, keys.subList(0, 6), List.of(id, job.name(),
                    Integer.toString(job.priority()), job.budget() == null ? "" : Double.toString(job.budget()),
                    Long.toString(System.currentTimeMillis()), job.remote() ? "1" : "0",
                    Integer.toString(job.inputs().size()), token, ttl));
            if (Long.valueOf(1).equals(begun)) {
                throw new IllegalStateException("A job with id " + id + " exists already");
            }
            if (Long.valueOf(2).equals(begun)) {
                throw new IllegalStateException("Job " + id + " is being created by another process; follow it once"
                        + " it runs");
            }
            for (int from = 0; from < job.inputs().size(); from += CHUNK) {
                List<String> args = new ArrayList<>(List.of(token, ttl, Integer.toString(from)));
                args.addAll(job.inputs().subList(from, Math.min(job.inputs().size(), from + CHUNK)));
                if (!Long.valueOf(1).equals(ADD_ITEMS.eval(redis, List.of(keys.get(0), keys.get(1), keys.get(2),
                        keys.get(4)), args))) {
                    throw takenOver(id);
                }
            }
            String created = redis.hget(keys.get(0), "created");
            if (!Long.valueOf(1).equals(START.eval(redis, keys, List.of(id, created == null ? "0" : created,
                    job.remote() ? "1" : "0", token)))) {
                throw takenOver(id);
            }
            return null;
        });
    }

    private static IllegalStateException takenOver(String id) {
        return new IllegalStateException("Job " + id + " expired or was taken over while it was being created; submit"
                + " it again");
    }

    @Override
    public boolean exists(String job) {
        return call("find job " + job, () -> {
            String state = redis.hget(key("job", job), "state");
            return state != null && !state.equals("CREATING");
        });
    }

    /** A running local job, for ordering its items. */
    private record RunningJob(String id, int priority, long created) {}

    @Override
    public List<Item> pendingItems() {
        return call("list pending items", () -> {
            List<RunningJob> jobs = new ArrayList<>();
            for (String id : redis.smembers(base + "running")) {
                List<String> m = redis.hmget(key("job", id), "priority", "created", "state", "remote");
                if ("RUNNING".equals(m.get(2)) && "0".equals(m.get(3))) {
                    jobs.add(new RunningJob(id, Integer.parseInt(m.get(0)), Long.parseLong(m.get(1))));
                }
            }
            jobs.sort(Comparator.comparingInt((RunningJob j) -> -j.priority())
                    .thenComparingLong(RunningJob::created).thenComparing(RunningJob::id));
            List<Item> out = new ArrayList<>();
            for (RunningJob j : jobs) {
                List<Integer> indexes = redis.smembers(key("pending", j.id())).stream().map(Integer::parseInt)
                        .sorted().toList();
                for (int from = 0; from < indexes.size(); from += CHUNK) {
                    List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + CHUNK));
                    List<String> inputs = redis.hmget(key("in", j.id()), chunk.stream().map(String::valueOf)
                            .toArray(String[]::new));
                    for (int i = 0; i < chunk.size(); i++) {
                        out.add(new Item(j.id(), chunk.get(i), inputs.get(i), j.priority()));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<String> inputs(String job) {
        return call("read the requests of job " + job, () -> byIndex(redis.hgetAll(key("in", job))));
    }

    private static List<String> byIndex(Map<String, String> hash) {
        String[] out = new String[hash.size()];
        hash.forEach((k, v) -> out[Integer.parseInt(k)] = v);
        return List.of(out);
    }

    @Override
    public boolean complete(String job, int index, String output, long inputTokens, long outputTokens, double cost) {
        return record(job, index, "D", output, inputTokens, outputTokens, cost);
    }

    @Override
    public boolean fail(String job, int index, String error) {
        return record(job, index, "F", error, 0, 0, 0);
    }

    private boolean record(String job, int index, String status, String line, long in, long out, double cost) {
        return call("record item " + index + " of job " + job, () -> Long.valueOf(1).equals(RECORD.eval(redis,
                keys(job), List.of(Integer.toString(index), status, line, Long.toString(in), Long.toString(out),
                        Double.toString(cost), Long.toString(retentionMillis)))));
    }

    @Override
    public boolean cancel(String job) {
        return call("cancel job " + job, () -> Long.valueOf(1).equals(CANCEL.eval(redis, keys(job),
                List.of(Long.toString(retentionMillis)))));
    }

    @Override
    public boolean claim(String job, int index, String owner, Duration lease) {
        if (owner.indexOf('|') >= 0) {
            throw new IllegalArgumentException("an owner id must not contain '|': " + owner);
        }
        return call("claim item " + index + " of job " + job, () -> Long.valueOf(1).equals(CLAIM.eval(redis,
                List.of(key("job", job), key("st", job), key("lease", job)), List.of(Integer.toString(index), owner,
                        Long.toString(lease.toMillis())))));
    }

    @Override
    public Optional<JobStatus> status(String job) {
        return call("read the status of job " + job, () -> {
            Map<String, String> m = redis.hgetAll(key("job", job));
            if (m.isEmpty() || "CREATING".equals(m.get("state"))) {
                return Optional.empty();
            }
            return Optional.of(new JobStatus(job, JobStatus.State.valueOf(m.get("state")),
                    Integer.parseInt(m.get("total")), Integer.parseInt(m.get("done")), Integer.parseInt(m.get("failed")),
                    Long.parseLong(m.get("in_tokens")), Long.parseLong(m.get("out_tokens")),
                    Double.parseDouble(m.get("cost"))));
        });
    }

    @Override
    public List<Result> results(String job) {
        return call("read the results of job " + job, () -> {
            Map<String, String> st = redis.hgetAll(key("st", job));
            Map<String, String> out = redis.hgetAll(key("out", job));
            List<String> inputs = byIndex(redis.hgetAll(key("in", job)));
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                String s = st.get(Integer.toString(i));
                String line = out.get(Integer.toString(i));
                if ("D".equals(s)) {
                    results.add(new Result(i, inputs.get(i), Optional.ofNullable(line), Optional.empty()));
                } else if ("F".equals(s)) {
                    results.add(new Result(i, inputs.get(i), Optional.empty(), Optional.ofNullable(line)));
                }
            }
            return results;
        });
    }

    @Override
    public List<RemoteJob> remoteJobs() {
        return call("list remote jobs", () -> {
            List<RemoteJob> out = new ArrayList<>();
            for (String id : redis.zrange(base + "remote", 0, -1)) {
                List<String> m = redis.hmget(key("job", id), "state", "remote_id", "created");
                if (m.get(0) != null && !"CREATING".equals(m.get(0))) {
                    out.add(new RemoteJob(id, Optional.ofNullable(m.get(1)), JobStatus.State.valueOf(m.get(0)),
                            Instant.ofEpochMilli(Long.parseLong(m.get(2)))));
                }
            }
            return out;
        });
    }

    @Override
    public boolean remoteId(String job, String remoteId) {
        return call("record the remote batch of job " + job, () -> Long.valueOf(1).equals(REMOTE_ID.eval(redis,
                List.of(key("job", job)), List.of(remoteId))));
    }

    @Override
    public void collected(String job) {
        call("record the collected results of job " + job, () -> COLLECTED.eval(redis, keys(job),
                List.of(Long.toString(retentionMillis))));
    }

    @Override
    public void delete(String job) {
        call("delete job " + job, () -> {
            redis.srem(base + "running", job);
            redis.zrem(base + "remote", job);
            return redis.del(keys(job).subList(0, 6).toArray(String[]::new));
        });
    }

    /** Nothing to release: the connections belong to the {@link RedisStores}, which closes them. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "RedisJobStore[" + base + "]";
    }
}
