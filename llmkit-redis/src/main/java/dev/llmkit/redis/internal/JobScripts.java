package dev.llmkit.redis.internal;

/**
 * The Lua scripts of the Redis job store, each one atomic step on one job's keys. Keys, in order: the job's hash,
 * its inputs, item statuses, outputs, pending set and leases, then the set of running local jobs and the sorted set of
 * remote jobs (each script names the ones it takes).
 */
public final class JobScripts {
    private JobScripts() {}

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
    /**
     * Records an item answered (D) or failed (F) once, with the job's totals, budget and end. KEYS: job, in, st,
     * out, pending, lease, running, remote. ARGV: idx, D|F, line, in tokens, out tokens, cost, retention
     */
    public static final Script RECORD = new Script(END + """
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
                local over = budget and budget ~= '' and spent >= tonumber(budget)
                if redis.call('HGET', job, 'state') == 'RUNNING' and over then
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
    /**
     * Cancels a running job. KEYS: job, in, st, out, pending, lease, running, remote, all. ARGV: retention
     */
    public static final Script CANCEL = new Script(END + """
            if redis.call('HGET', KEYS[1], 'state') ~= 'RUNNING' then return 0 end
            redis.call('HSET', KEYS[1], 'state', 'CANCELLED')
            finish(KEYS[1], KEYS[7], {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]}, tonumber(ARGV[1]))
            return 1
            """);
    /**
     * Marks a remote job's results collected and ends it. KEYS: job, in, st, out, pending, lease, running, remote, all.
     * ARGV: retention, id
     */
    public static final Script COLLECTED = new Script(END + """
            redis.call('ZREM', KEYS[8], ARGV[2])
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'collected', '1')
            local all = {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]}
            if redis.call('HGET', KEYS[1], 'state') ~= 'RUNNING' then
              finish(KEYS[1], KEYS[7], all, tonumber(ARGV[1]))
            else
              finishIfDone(KEYS[1], KEYS[5], KEYS[7], all, tonumber(ARGV[1]))
            end
            return 1
            """);
    /**
     * Starts creating a job under a token; 1 when it exists, 2 when another creates it. KEYS: job, in, st, out,
     * pending, lease. ARGV: id, name, priority, budget, created, remote, total, token, ttl
     */
    public static final Script BEGIN = new Script("""
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
    /** Whether the job in KEYS[1] is being created under {@code token}. */
    private static final String CREATING_BY = """
            local function creatingBy(token)
              return redis.call('HGET', KEYS[1], 'token') == token and redis.call('HGET', KEYS[1], 'state') == 'CREATING'
            end
            """;
    /**
     * Adds a chunk of items to a job the token is creating. KEYS: job, in, st, pending. ARGV: token, ttl, first
     * index, then inputs
     */
    public static final Script ADD_ITEMS = new Script(CREATING_BY + """
            if not creatingBy(ARGV[1]) then return 0 end
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
    /**
     * Makes a job the token created run. KEYS: job, in, st, out, pending, lease, running, remote, all. ARGV: id, created,
     * remote, token
     */
    public static final Script START = new Script(CREATING_BY + """
            if not creatingBy(ARGV[4]) then return 0 end
            for k = 1, 5 do redis.call('PERSIST', KEYS[k]) end
            redis.call('HSET', KEYS[1], 'state', 'RUNNING')
            redis.call('ZADD', KEYS[9], ARGV[2], ARGV[1])
            -- the oldest listed jobs whose keys expired leave the listing (a few each time, so it stays bounded)
            local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #ARGV[1])
            for _, old in ipairs(redis.call('ZRANGE', KEYS[9], 0, 4)) do
              if redis.call('EXISTS', prefix .. old) == 0 then redis.call('ZREM', KEYS[9], old) end
            end
            if ARGV[3] == '1' then
              redis.call('ZADD', KEYS[8], ARGV[2], ARGV[1])
            else
              redis.call('SADD', KEYS[7], ARGV[1])
            end
            return 1
            """);

    /**
     * Claims or renews an item's lease, timed by the server's clock. KEYS: job, st, lease. ARGV: idx, owner, lease
     * millis.
     */
    public static final Script CLAIM = new Script("""
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

    /**
     * Records a remote job's batch id unless it has one. KEYS: job. ARGV: batch id
     */
    public static final Script REMOTE_ID = new Script("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            return redis.call('HSETNX', KEYS[1], 'remote_id', ARGV[1])
            """);

    /** Forgets a job and its items. KEYS: job, in, st, out, pending, lease, running, remote, all. ARGV: id */
    public static final Script DELETE = new Script("""
            redis.call('SREM', KEYS[7], ARGV[1])
            redis.call('ZREM', KEYS[8], ARGV[1])
            redis.call('ZREM', KEYS[9], ARGV[1])
            return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
            """);

    /**
     * Whether a listed job still exists (and is not being created); one that expired leaves the listing. KEYS: job,
     * all. ARGV: id
     */
    public static final Script LISTED = new Script("""
            local state = redis.call('HGET', KEYS[1], 'state')
            if not state then
              redis.call('ZREM', KEYS[2], ARGV[1])
              return 0
            end
            if state == 'CREATING' then return 0 end
            return 1
            """);
}
