package dev.llmkit.redis;

import dev.llmkit.api.Scheduler;
import dev.llmkit.api.store.BudgetStore;
import dev.llmkit.api.store.CircuitStateStore;
import dev.llmkit.api.store.CooldownStore;
import dev.llmkit.api.store.RateLimitStore;
import dev.llmkit.redis.internal.Health;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * One Redis connection pool and the shared-state stores on it, for a fleet of application instances. Every key
 * starts with the {@link Builder#prefix prefix} and carries a TTL, so one Redis can serve several applications.
 *
 * <pre>{@code
 * try (RedisStores redis = RedisStores.builder("redis://redis.internal:6379").prefix("shop:").build()) {
 *     ChatModel model = Resilient.builder().rateLimit(500, 200_000, Duration.ofSeconds(2))
 *             .stores(redis.rateLimits(), redis.circuits()).build(provider);
 *     ChatModel budgeted = Budgets.builder(model).store(redis.budgets())...build();
 * }
 * }</pre>
 *
 * <p><b>Failure.</b> A Redis outage never becomes an LLM outage: every command has a time limit
 * ({@link Builder#timeout}, also the longest wait for a pooled connection); a call that cannot reach Redis marks it
 * down, logs one WARN, reports a {@link RedisStatusEvent} and runs on the store's local state. While down, calls do
 * not wait for Redis; one call per retry delay (from {@link Builder#retryDelay}, doubling up to 30 s) probes it, and
 * the first that succeeds resynchronises (budgets push what was spent locally) and shares again.
 * {@link #localCalls()} and {@link #outages()} count what happened, for a metric.
 *
 * <p>Thread-safe. {@link #close()} closes the pool.
 */
public final class RedisStores implements AutoCloseable {
    /** The key prefix unless the builder says otherwise. */
    public static final String DEFAULT_PREFIX = "llmkit:";
    /** The time limit of each Redis command unless the builder says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);
    /** The first delay before Redis is probed again after an outage. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    /** The longest delay between probes. */
    public static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    /** Pooled connections unless the builder says otherwise. */
    public static final int DEFAULT_POOL_SIZE = 16;

    final UnifiedJedis redis; // package-private: RedisJobStore shares the pool
    private final String prefix;
    private final Health health;
    private final Scheduler scheduler;
    private final long timeoutMillis;
    private final java.util.Map<String, RedisChangeFeed> feeds = new java.util.concurrent.ConcurrentHashMap<>();
    private final RedisRateLimitStore rateLimits;
    private final RedisBudgetStore budgets;
    private final RedisCircuitStateStore circuits;
    private final RedisCooldownStore cooldowns;

    private RedisStores(Builder b) {
        URI uri = URI.create(b.uri);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("A Redis URI starts with redis:// or rediss://, got '"
                    + uri.getScheme() + "://...'");
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) b.timeout.toMillis()).socketTimeoutMillis((int) b.timeout.toMillis())
                .blockingSocketTimeoutMillis((int) b.timeout.toMillis() + RedisChangeFeed.BLOCK_MILLIS)
                .ssl("rediss".equals(uri.getScheme()));
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(userInfo.substring(colon + 1));
            } else {
                config.password(userInfo);
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                config.database(Integer.parseInt(path.substring(1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The Redis URI's path names a database by number (redis://host/2),"
                        + " got '" + path + "'");
            }
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(b.poolSize);
        pool.setMaxIdle(b.poolSize);
        pool.setMaxWait(b.timeout);
        pool.setBlockWhenExhausted(true);
        this.redis = RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379))
                .clientConfig(config.build()).poolConfig(pool).build();
        this.prefix = b.prefix;
        this.scheduler = b.scheduler;
        this.timeoutMillis = b.timeout.toMillis();
        this.health = new Health(b.retryDelay, MAX_RETRY_DELAY, b.listener, b.clock);
        this.rateLimits = new RedisRateLimitStore(redis, prefix + "rl:", health, scheduler);
        this.budgets = new RedisBudgetStore(redis, prefix + "budget:", health, scheduler);
        this.circuits = new RedisCircuitStateStore(redis, prefix + "cb:", health);
        this.cooldowns = new RedisCooldownStore(redis, prefix + "cd:", health, scheduler);
    }

    /** Starts a builder for the Redis at {@code uri} ({@code redis://[[user]:password@]host[:port]}). */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** Shared client-side rate limits (requests and tokens per window), for {@code RateLimiter} or a pool. */
    public RateLimitStore rateLimits() {
        return rateLimits;
    }

    /** Shared budgets, for {@code Budgets}. */
    public BudgetStore budgets() {
        return budgets;
    }

    /** Shared circuit-breaker state, for {@code CircuitBreaker} or {@code Resilient.stores(...)}. */
    public CircuitStateStore circuits() {
        return circuits;
    }

    /** Shared deployment cooldowns, for {@code DeploymentPool.builder(..).cooldowns(...)}. */
    public CooldownStore cooldowns() {
        return cooldowns;
    }

    /**
     * A shared cache of values under {@code name}, kept with each entry's TTL; values are written and read with
     * {@code codec}.
     */
    public <V> RedisCacheStore<V> cache(String name, RedisCacheStore.Codec<V> codec) {
        return new RedisCacheStore<>(redis, prefix + "cache:" + Objects.requireNonNull(name, "name") + ":", health,
                codec);
    }

    /**
     * A change feed on the Redis stream {@code name}, e.g. for {@code ResponseCache.builder(..).sync(...)}: each
     * instance's semantic cache learns of the answers the others stored.
     */
    public RedisChangeFeed changes(String name) {
        return feeds.computeIfAbsent(Objects.requireNonNull(name, "name"),
                n -> new RedisChangeFeed(redis, prefix + "feed:" + n, health, timeoutMillis));
    }

    /** Whether Redis is taken for reachable now. */
    public boolean available() {
        return health.up();
    }

    /** Outages seen since start. */
    public long outages() {
        return health.outages();
    }

    /** Store calls answered from local state since start (during outages). */
    public long localCalls() {
        return health.localCalls();
    }

    /** The key prefix. */
    public String prefix() {
        return prefix;
    }

    /** Stops the change feeds' readers and closes the pool. */
    @Override
    public void close() {
        feeds.values().forEach(RedisChangeFeed::close);
        redis.close();
    }

    @Override
    public String toString() {
        return "RedisStores{prefix=" + prefix + ", up=" + health.up() + "}";
    }

    /** Configures {@link RedisStores}. Not thread-safe. */
    public static final class Builder {
        private final String uri;
        private String prefix = DEFAULT_PREFIX;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private int poolSize = DEFAULT_POOL_SIZE;
        private Consumer<RedisStatusEvent> listener = e -> { };
        private Scheduler scheduler = Scheduler.system();
        private Clock clock = Clock.systemUTC();

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** What every key starts with; default {@value #DEFAULT_PREFIX}. Give each application its own. */
        public Builder prefix(String prefix) {
            if (prefix.isBlank() || prefix.contains(" ")) {
                throw new IllegalArgumentException("The key prefix must be non-blank without spaces, got '" + prefix
                        + "'");
            }
            this.prefix = prefix;
            return this;
        }

        /** The time limit of each command and of the wait for a pooled connection; default 250 ms. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The first delay before Redis is probed again after an outage; default 1 s, doubling up to 30 s. */
        public Builder retryDelay(Duration retryDelay) {
            if (retryDelay.isNegative() || retryDelay.isZero()) {
                throw new IllegalArgumentException("retryDelay must be positive, got " + retryDelay);
            }
            this.retryDelay = retryDelay;
            return this;
        }

        /** Pooled connections; default {@value #DEFAULT_POOL_SIZE}. */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /** Who hears of outages and recoveries (besides the WARN and INFO log lines). */
        public Builder listener(Consumer<RedisStatusEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock of budget windows and of the local fallback stores; default the system's. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The clock of status events. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds; connects lazily, so Redis may be down now. */
        public RedisStores build() {
            return new RedisStores(this);
        }
    }
}
