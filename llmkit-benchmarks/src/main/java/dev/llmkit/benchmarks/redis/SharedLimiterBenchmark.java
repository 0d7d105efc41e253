package dev.llmkit.benchmarks.redis;

import dev.llmkit.api.store.Acquisition;
import dev.llmkit.api.store.InMemoryRateLimitStore;
import dev.llmkit.api.store.RateLimitStore;
import dev.llmkit.api.store.TokenBucket;
import dev.llmkit.redis.RedisStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One rate-limit decision (requests and tokens per minute, both buckets, never refused: the capacity is huge) on
 * the in-memory store and on the Redis store against a {@code redis-server} on loopback that the benchmark starts
 * itself (no persistence). Run with {@code -bm thrpt} for decisions per second and {@code -bm sample} for the
 * latency distribution (p99).
 */
@State(Scope.Benchmark)
public class SharedLimiterBenchmark {
    private static final List<TokenBucket> BUCKETS = List.of(new TokenBucket(1e12, Duration.ofMinutes(1)),
            new TokenBucket(1e15, Duration.ofMinutes(1)));
    private static final double[] UNITS = {1, 500};

    @Param({"memory", "redis"})
    public String store;

    private Process server;
    private RedisStores redis;
    private RateLimitStore limiter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (store.equals("memory")) {
            limiter = new InMemoryRateLimitStore();
            return;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ping(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start; install it (apt-get install redis-server)");
            }
            Thread.sleep(20);
        }
        redis = RedisStores.builder("redis://127.0.0.1:" + port).build();
        limiter = redis.rateLimits();
    }

    private static boolean ping(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return in.read() == '+';
        } catch (IOException e) {
            return false;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    public Acquisition decide() {
        return limiter.tryAcquire("bench", BUCKETS, UNITS, Duration.ZERO);
    }
}
