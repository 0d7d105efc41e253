package dev.llmkit.redis;

import dev.llmkit.batch.JobStatus;
import dev.llmkit.batch.JobStore;
import dev.llmkit.redis.internal.JobScripts;
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

    /** A job store on the stores' pool, under their prefix; jobs are kept {@code retention} after they end. */
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
                key("lease", job), base + "running", base + "remote", base + "all");
    }

    private <T> T call(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new IllegalStateException("The Redis job store could not " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void create(NewJob job) {
        String id = job.id();
        String token = java.util.UUID.randomUUID().toString();
        String ttl = Long.toString(CREATING_TTL_MILLIS);
        List<String> keys = keys(id);
        call("create job " + id, () -> {
            Object begun = JobScripts.BEGIN.eval(redis, keys.subList(0, 6), List.of(id, job.name(),
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
                List<String> itemKeys = List.of(keys.get(0), keys.get(1), keys.get(2), keys.get(4));
                if (!Long.valueOf(1).equals(JobScripts.ADD_ITEMS.eval(redis, itemKeys, args))) {
                    throw takenOver(id);
                }
            }
            String created = redis.hget(keys.get(0), "created");
            if (!Long.valueOf(1).equals(JobScripts.START.eval(redis, keys, List.of(id, created == null ? "0" : created,
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
    public List<String> jobs() {
        return call("list jobs", () -> {
            List<String> out = new ArrayList<>();
            for (String id : redis.zrevrange(base + "all", 0, -1)) {
                // a job whose keys expired after it ended leaves the listing, in one step with the check
                if (Long.valueOf(1).equals(JobScripts.LISTED.eval(redis, List.of(key("job", id), base + "all"),
                        List.of(id)))) {
                    out.add(id);
                }
            }
            return out;
        });
    }

    @Override
    public List<Item> pendingItems() {
        return call("list pending items", () -> {
            List<RunningJob> jobs = new ArrayList<>();
            for (String id : redis.smembers(base + "running")) {
                running(id).ifPresent(jobs::add);
            }
            jobs.sort(Comparator.comparingInt((RunningJob j) -> -j.priority())
                    .thenComparingLong(RunningJob::created).thenComparing(RunningJob::id));
            List<Item> out = new ArrayList<>();
            for (RunningJob j : jobs) {
                out.addAll(pending(j));
            }
            return out;
        });
    }

    @Override
    public List<Item> pendingItems(String job) {
        return call("list the pending items of job " + job, () -> running(job).map(this::pending).orElse(List.of()));
    }

    private Optional<RunningJob> running(String id) {
        List<String> m = redis.hmget(key("job", id), "priority", "created", "state", "remote");
        return "RUNNING".equals(m.get(2)) && "0".equals(m.get(3))
                ? Optional.of(new RunningJob(id, Integer.parseInt(m.get(0)), Long.parseLong(m.get(1))))
                : Optional.empty();
    }

    private List<Item> pending(RunningJob j) {
        List<Integer> indexes = redis.smembers(key("pending", j.id())).stream().map(Integer::parseInt).sorted()
                .toList();
        List<Item> out = new ArrayList<>();
        for (int from = 0; from < indexes.size(); from += CHUNK) {
            List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + CHUNK));
            List<String> inputs = redis.hmget(key("in", j.id()), chunk.stream().map(String::valueOf)
                    .toArray(String[]::new));
            for (int i = 0; i < chunk.size(); i++) {
                out.add(new Item(j.id(), chunk.get(i), inputs.get(i), j.priority()));
            }
        }
        return out;
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
        return call("record item " + index + " of job " + job, () -> Long.valueOf(1).equals(JobScripts.RECORD.eval(
                redis, keys(job), List.of(Integer.toString(index), status, line, Long.toString(in), Long.toString(out),
                        Double.toString(cost), Long.toString(retentionMillis)))));
    }

    @Override
    public boolean cancel(String job) {
        return call("cancel job " + job, () -> Long.valueOf(1).equals(JobScripts.CANCEL.eval(redis, keys(job),
                List.of(Long.toString(retentionMillis)))));
    }

    @Override
    public boolean claim(String job, int index, String owner, Duration lease) {
        if (owner.indexOf('|') >= 0) {
            throw new IllegalArgumentException("an owner id must not contain '|': " + owner);
        }
        return call("claim item " + index + " of job " + job, () -> Long.valueOf(1).equals(JobScripts.CLAIM.eval(redis,
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
                    Integer.parseInt(m.get("total")), Integer.parseInt(m.get("done")),
                    Integer.parseInt(m.get("failed")),
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
        return call("record the remote batch of job " + job, () -> Long.valueOf(1).equals(
                JobScripts.REMOTE_ID.eval(redis, List.of(key("job", job)), List.of(remoteId))));
    }

    @Override
    public void collected(String job) {
        call("record the collected results of job " + job, () -> JobScripts.COLLECTED.eval(redis, keys(job),
                List.of(Long.toString(retentionMillis), job)));
    }

    @Override
    public void delete(String job) {
        call("delete job " + job, () -> JobScripts.DELETE.eval(redis, keys(job), List.of(job)));
    }

    /** Nothing to release: the connections belong to the {@link RedisStores}, which closes them. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "RedisJobStore[" + base + "]";
    }
}
