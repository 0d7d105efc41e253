package dev.llmkit.redis;

import dev.llmkit.api.store.ChangeFeed;
import dev.llmkit.redis.internal.Health;
import dev.llmkit.redis.internal.Script;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A {@link ChangeFeed} on a Redis stream: {@link #publish} appends to the stream (trimmed to about
 * {@link #MAX_LENGTH} messages, and expiring a day after the last one), and each subscriber reads it on a daemon
 * thread from where it started, in order. A subscriber that loses Redis keeps its place and, when Redis returns,
 * reads on from there, so it misses nothing that the trimmed stream still holds. A message published while Redis is
 * away waits in a bounded local queue ({@link #MAX_QUEUED}; beyond it the oldest is dropped with a WARN) and is
 * appended when Redis returns; later messages queue behind them, so the order holds. If Redis cannot be reached when
 * a reader subscribes, it starts from the newest message it finds once Redis answers.
 */
public final class RedisChangeFeed implements ChangeFeed {
    /** About how many messages the stream keeps. */
    public static final long MAX_LENGTH = 10_000;
    /** Messages kept locally while Redis is away. */
    public static final int MAX_QUEUED = 1_000;
    /** How long a reader waits for new messages per read (under the command time limit). */
    static final int BLOCK_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeFeed.class);
    private static final long TTL_SECONDS = 86_400;

    private final UnifiedJedis redis;
    private final String key;
    private final Health health;
    private final int blockMillis;
    private final ArrayDeque<String> queued = new ArrayDeque<>();
    private final List<Reader> readers = new java.util.concurrent.CopyOnWriteArrayList<>();

    RedisChangeFeed(UnifiedJedis redis, String key, Health health, long timeoutMillis) {
        this.redis = redis;
        this.key = key;
        this.health = health;
        this.blockMillis = (int) Math.max(1, Math.min(BLOCK_MILLIS, timeoutMillis / 2));
        health.onRecovery(this::flush);
    }

    /** KEYS[1] stream; ARGV max length, message, TTL (s): append and refresh the TTL in one step. */
    static final Script APPEND = new Script(String.join("\n",
            "redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[2])",
            "redis.call('EXPIRE', KEYS[1], ARGV[3])",
            "return 1"));

    @Override
    public void publish(String message) {
        Objects.requireNonNull(message, "message");
        boolean waiting;
        synchronized (queued) {
            waiting = !queued.isEmpty();
        }
        if (waiting) {
            queue(message); // behind what waits, so the order holds
            health.run("changes", redis, r -> {
                flush();
                return null;
            }, () -> null);
            return;
        }
        health.run("changes", redis, r -> {
            append(r, message);
            return null;
        }, () -> {
            queue(message);
            return null;
        });
    }

    private void append(UnifiedJedis r, String message) {
        APPEND.eval(r, List.of(key), List.of(Long.toString(MAX_LENGTH), message, Long.toString(TTL_SECONDS)));
    }

    private void queue(String message) {
        synchronized (queued) {
            if (queued.size() >= MAX_QUEUED) {
                queued.pollFirst();
                LOG.warn("Redis is away and {} changes wait already; the oldest is dropped", MAX_QUEUED);
            }
            queued.addLast(message);
        }
    }

    /** Appends what waited while Redis was away, in order. */
    private synchronized void flush() {
        while (true) {
            String next;
            synchronized (queued) {
                next = queued.pollFirst();
            }
            if (next == null) {
                return;
            }
            try {
                append(redis, next);
            } catch (RuntimeException e) {
                synchronized (queued) {
                    queued.addFirst(next);
                }
                throw e;
            }
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        Reader reader = new Reader(listener);
        Thread t = new Thread(reader, "llmkit-redis-changes-" + key);
        t.setDaemon(true);
        reader.thread = t;
        readers.add(reader);
        t.start();
        return () -> stop(reader);
    }

    private void stop(Reader reader) throws InterruptedException {
        readers.remove(reader);
        reader.stopped.set(true);
        Thread t = reader.thread;
        if (t != null) {
            t.interrupt();
            t.join(5_000);
        }
    }

    /** Stops every reader (when the pool closes). */
    void close() {
        for (Reader r : readers) {
            try {
                stop(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reads the stream from where it started, in order, until stopped. */
    private final class Reader implements Runnable {
        private final Consumer<String> listener;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private volatile @Nullable Thread thread;
        private @Nullable StreamEntryID last;

        Reader(Consumer<String> listener) {
            this.listener = listener;
            this.last = start();
        }

        /**
         * The id of the newest message now, so the reader starts after it; null when Redis cannot be asked yet (the
         * reader then starts from the newest message it finds when Redis answers, not from the stream's start).
         */
        private @Nullable StreamEntryID start() {
            try {
                List<StreamEntry> newest = redis.xrevrange(key, "+", "-", 1);
                return newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID();
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public void run() {
            long backoff = 100;
            while (!stopped.get()) {
                try {
                    if (last == null) {
                        last = start();
                        if (last == null) {
                            throw new IllegalStateException("Redis is not reachable yet");
                        }
                    }
                    List<Map.Entry<String, List<StreamEntry>>> read = redis.xread(XReadParams.xReadParams()
                            .block(blockMillis).count(100), Map.of(key, last));
                    backoff = 100;
                    if (read == null) {
                        continue;
                    }
                    for (Map.Entry<String, List<StreamEntry>> stream : read) {
                        for (StreamEntry e : stream.getValue()) {
                            last = e.getID();
                            String m = e.getFields().get("m");
                            if (m != null) {
                                try {
                                    listener.accept(m);
                                } catch (RuntimeException ex) {
                                    LOG.warn("A change feed subscriber threw; it gets the next message", ex);
                                }
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    if (stopped.get()) {
                        return;
                    }
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    backoff = Math.min(5_000, backoff * 2);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RedisChangeFeed{" + key + "}";
    }
}
