package dev.llmkit.routing.rollout;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow traffic: the user is answered by the primary model, exactly as without the shadow, while a sampled copy of
 * the request goes to a candidate on another thread; when both have answered, the {@link ShadowResult} goes to the
 * recorder, for comparison offline or by an online scorer.
 *
 * <pre>{@code
 * ChatModel model = Shadow.builder(production, candidate).sample(0.05).maxInFlight(4)
 *         .recorder(r -> comparisons.add(r)).build();
 * }</pre>
 *
 * <p>The shadow never delays or changes the user's answer: the copy is handed to the shadow executor without waiting,
 * and when {@code maxInFlight} copies are already running it is dropped (counted by {@link #dropped()}). The
 * candidate's failures go to the recorder only. Bound the candidate's time with the request's deadline or a
 * {@code Timeouts} decorator. {@link #close()} stops the shadow executor the builder made. Thread-safe.
 */
public final class Shadow implements ChatModel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Shadow.class);
    private final ChatModel primary;
    private final ChatModel candidate;
    private final double sample;
    private final Semaphore inFlight;
    private final Executor executor;
    private final @Nullable ExecutorService owned;
    private final Consumer<ShadowResult> recorder;
    private final DoubleSupplier random;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    private Shadow(Builder b) {
        this.primary = b.primary;
        this.candidate = b.candidate;
        this.sample = b.sample;
        this.inFlight = new Semaphore(b.maxInFlight);
        if (b.executor == null) {
            this.owned = Executors.newFixedThreadPool(b.maxInFlight, r -> {
                Thread t = new Thread(r, "llmkit-shadow");
                t.setDaemon(true);
                return t;
            });
            this.executor = owned;
        } else {
            this.owned = null;
            this.executor = b.executor;
        }
        this.recorder = b.recorder;
        this.random = b.random;
    }

    /** A shadow of {@code candidate} beside {@code primary}. */
    public static Builder builder(ChatModel primary, ChatModel candidate) {
        return new Builder(primary, candidate);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        CompletableFuture<ShadowResult> shadow = fire(request);
        try {
            ChatResponse r = primary.chat(request);
            complete(shadow, r, null);
            return r;
        } catch (LlmException e) {
            complete(shadow, null, e);
            throw e;
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        CompletableFuture<ShadowResult> shadow = fire(request);
        return Stamping.stream(primary, request, handler, r -> r, r -> complete(shadow, r, null),
                e -> complete(shadow, null, e));
    }

    /** Starts the candidate's copy if sampled and a slot is free; the future completes with the candidate's side. */
    private @Nullable CompletableFuture<ShadowResult> fire(ChatRequest request) {
        if (sample <= 0 || random.getAsDouble() >= sample) {
            return null;
        }
        if (!inFlight.tryAcquire()) {
            dropped.incrementAndGet();
            return null;
        }
        CompletableFuture<ShadowResult> side = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                long t0 = System.nanoTime();
                try {
                    ChatResponse r = candidate.chat(request);
                    side.complete(new ShadowResult(request, null, null, r, null,
                            Duration.ofNanos(System.nanoTime() - t0)));
                } catch (RuntimeException e) {
                    side.complete(new ShadowResult(request, null, null, null, ChatModel.unwrap(e),
                            Duration.ofNanos(System.nanoTime() - t0)));
                } finally {
                    inFlight.release();
                }
            });
            sent.incrementAndGet();
            return side;
        } catch (RejectedExecutionException e) {
            inFlight.release();
            dropped.incrementAndGet();
            return null;
        }
    }

    private void complete(@Nullable CompletableFuture<ShadowResult> shadow, @Nullable ChatResponse primaryResponse,
            @Nullable LlmException primaryError) {
        if (shadow == null) {
            return;
        }
        Runnable record = () -> {
            try {
                ShadowResult side = shadow.join();
                recorder.accept(new ShadowResult(side.request(), primaryResponse, primaryError, side.candidate(),
                        side.candidateError(), side.candidateLatency()));
            } catch (RuntimeException e) {
                LOG.warn("the shadow recorder threw", e);
            }
        };
        // never on the caller's thread, even when the candidate finished first
        shadow.whenComplete((side, e) -> {
            try {
                executor.execute(record);
            } catch (RejectedExecutionException closed) {
                LOG.debug("the shadow is closed; a comparison was not recorded");
            }
        });
    }

    /** Copies sent to the candidate. */
    public long sent() {
        return sent.get();
    }

    /** Sampled copies dropped because {@code maxInFlight} were running. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public ModelInfo info() {
        return primary.info();
    }

    /** Stops the executor the builder made (running copies are interrupted); a given executor is the caller's. */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "Shadow[" + primary + " shadowed by " + candidate + ", sample " + sample + "]";
    }

    /** Configures a {@link Shadow}. */
    public static final class Builder {
        private final ChatModel primary;
        private final ChatModel candidate;
        private double sample = 1.0;
        private int maxInFlight = 4;
        private @Nullable Executor executor;
        private Consumer<ShadowResult> recorder = r -> { };
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder(ChatModel primary, ChatModel candidate) {
            this.primary = Objects.requireNonNull(primary, "primary");
            this.candidate = Objects.requireNonNull(candidate, "candidate");
        }

        /** The share of requests copied to the candidate, 0 to 1; default 1. */
        public Builder sample(double sample) {
            if (!(sample >= 0 && sample <= 1)) {
                throw new IllegalArgumentException("sample is from 0 to 1, was " + sample);
            }
            this.sample = sample;
            return this;
        }

        /** At most this many copies run at once; more are dropped. Default 4. */
        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** Runs the copies on {@code executor} instead of the shadow's own threads. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Receives each pair of answers, on the shadow's thread. */
        public Builder recorder(Consumer<ShadowResult> recorder) {
            this.recorder = Objects.requireNonNull(recorder, "recorder");
            return this;
        }

        /** The source of sampling decisions (tests fix it). */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The shadowed model. */
        public Shadow build() {
            return new Shadow(this);
        }
    }
}
