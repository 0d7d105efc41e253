package dev.llmkit.api;

import dev.llmkit.api.spi.EmbeddingModelProvider;
import dev.llmkit.api.spi.ProviderLookup;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Creates embedding models from a spec such as {@code "openai:text-embedding-3-small"}, finding the provider on the classpath
 * through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * EmbeddingModel model = EmbeddingModels.create("local:bge-small-en-v1.5");
 * }</pre>
 *
 * <p>It also holds the {@linkplain #asyncExecutor() executor} on which {@link EmbeddingModel#embedBatchAsync(List)}
 * runs blocking calls by default.
 */
public final class EmbeddingModels {
    private static final ProviderLookup<EmbeddingModelProvider> LOOKUP =
            new ProviderLookup<>(EmbeddingModelProvider.class, EmbeddingModelProvider::prefixes);

    private EmbeddingModels() {}

    /**
     * Creates the model a spec names.
     *
     * @param spec {@code prefix:model}
     * @param properties provider settings; see {@link dev.llmkit.api.spi.ChatModelProvider#API_KEY} and {@code BASE_URL}, which apply here too
     * @throws dev.llmkit.api.error.ConfigurationException for a malformed spec, an unknown prefix or bad settings
     */
    public static EmbeddingModel create(String spec, Map<String, String> properties) {
        Map.Entry<String, String> parts = ProviderLookup.split(spec);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        EmbeddingModelProvider provider = LOOKUP.find(parts.getKey(), loader != null ? loader : EmbeddingModels.class.getClassLoader());
        return provider.create(parts.getKey(), parts.getValue(), Map.copyOf(properties));
    }

    /** Creates the model a spec names, with settings from the environment only. */
    public static EmbeddingModel create(String spec) {
        return create(spec, Map.of());
    }

    /** Seconds an idle thread of {@link #asyncExecutor()} lives. */
    public static final int ASYNC_IDLE_SECONDS = 60;

    /**
     * The executor on which {@link EmbeddingModel#embedBatchAsync(List)} runs blocking embedding calls by default: a
     * shared pool of daemon threads named {@code llmkit-embeddings-async-N}, created on first use, that starts a
     * thread whenever all are busy (like OkHttp's dispatcher: the calls block on I/O or run a model, so queueing them
     * behind each other would only add latency) and lets idle ones exit after {@value #ASYNC_IDLE_SECONDS} s. It is
     * never the common {@code ForkJoinPool}. Bound the concurrency of your own calls with a bulkhead, or call
     * {@code embedBatch} from an executor you own. Do not shut it down.
     */
    public static Executor asyncExecutor() {
        return AsyncPool.EXECUTOR;
    }

    /** The default async executor, created on first use. */
    private static final class AsyncPool {
        static final ExecutorService EXECUTOR = create();

        private static ExecutorService create() {
            AtomicInteger count = new AtomicInteger();
            return new ThreadPoolExecutor(0, Integer.MAX_VALUE, ASYNC_IDLE_SECONDS, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "llmkit-embeddings-async-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
        }
    }

    /**
     * Runs {@code work} on {@code executor}, for implementations of {@link EmbeddingModel#embedBatchAsync(List)}: the
     * future completes with what {@code work} returns or throws (unwrapped), cancelling it (not a future derived from
     * it) interrupts the thread running {@code work}, and work cancelled before it started never starts. An executor
     * that rejects the task fails the future with its {@link RejectedExecutionException}.
     */
    public static <T> CompletableFuture<T> supplyAsync(Supplier<T> work, Executor executor) {
        InterruptibleFuture<T> future = new InterruptibleFuture<>();
        try {
            executor.execute(() -> future.run(work));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** A future whose {@code cancel} interrupts the thread computing it. */
    private static final class InterruptibleFuture<T> extends CompletableFuture<T> {
        private final Object lock = new Object();
        private @Nullable Thread runner;

        void run(Supplier<T> work) {
            synchronized (lock) {
                if (isDone()) {
                    return; // cancelled before it started
                }
                runner = Thread.currentThread();
            }
            try {
                complete(work.get());
            } catch (Throwable t) {
                completeExceptionally(t);
            } finally {
                synchronized (lock) {
                    runner = null;
                }
                Thread.interrupted(); // a cancel's interrupt must not leak into the pool's next task
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                synchronized (lock) {
                    if (runner != null) {
                        runner.interrupt();
                    }
                }
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
