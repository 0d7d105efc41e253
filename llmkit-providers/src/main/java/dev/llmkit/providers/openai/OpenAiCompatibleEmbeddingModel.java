package dev.llmkit.providers.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Embeddings;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.event.EmbeddingEvent;
import dev.llmkit.api.event.EmbeddingListener;
import dev.llmkit.providers.internal.HttpClients;
import dev.llmkit.providers.internal.HttpErrors;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.providers.internal.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EmbeddingModel} over {@code /v1/embeddings} (OpenAI, Azure, vLLM, TGI, Ollama, LM Studio). Large inputs
 * are split into requests of at most {@link Builder#maxBatchSize(int)} texts; results keep the input order (sorted by
 * the response's {@code index}). {@link #embedBatch(List)} adds the tokens the server reports in {@code usage};
 * {@link #embedBatchAsync(List)} runs on OkHttp's dispatcher and cancels its request when the future is cancelled. An
 * {@link EmbeddingListener} hears of every call once. Thread-safe.
 *
 * <pre>{@code
 * EmbeddingModel e = OpenAiCompatibleEmbeddingModel.builder().apiKey(key).model("text-embedding-3-small")
 *         .dimension(1536).listener(event -> meter.record(event.inputTokens())).build();
 * Embeddings batch = e.embedBatch(passages);   // batch.inputTokens(): what the request is billed for
 * }</pre>
 */
public final class OpenAiCompatibleEmbeddingModel implements EmbeddingModel {
    /**
     * Default texts per request. OpenAI accepts up to 2048 inputs but also at most 300,000 tokens per request, which
     * 2048 passages of a few hundred tokens exceed; 256 stays below both, and below many self-hosted servers' limits.
     */
    public static final int DEFAULT_MAX_BATCH_SIZE = 256;
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final HttpUrl endpoint;
    private final @Nullable String apiKey;
    private final String model;
    private final String provider;
    private final int dimension;
    private final int maxBatch;
    private final boolean sendDimensions;
    private final EmbeddingListener listener;
    private final Scheduler scheduler;
    private final OpenAiCompatibleEmbeddingDecoder decoder;

    private OpenAiCompatibleEmbeddingModel(Builder b) {
        this.client = HttpClients.derive(b.client, b.timeout, b.timeout, b.timeout.multipliedBy(3));
        this.endpoint = HttpClients.baseUrl(b.baseUrl).newBuilder().addPathSegments("embeddings").build();
        this.apiKey = b.apiKey;
        this.model = Objects.requireNonNull(b.model, "model is required");
        this.provider = b.provider;
        if (b.dimension < 1) {
            throw new IllegalArgumentException("dimension is required and must be positive, e.g. .dimension(1536)");
        }
        this.dimension = b.dimension;
        this.maxBatch = b.maxBatch;
        this.sendDimensions = b.sendDimensions != null ? b.sendDimensions : supportsDimensions(model);
        this.listener = EmbeddingListener.safe(b.listener);
        this.scheduler = b.scheduler;
        this.decoder = new OpenAiCompatibleEmbeddingDecoder(provider, dimension, apiKey, scheduler);
    }

    /** OpenAI's text-embedding-3 models can shorten their vectors on request ({@code dimensions}). */
    static boolean supportsDimensions(String model) {
        return model.toLowerCase(java.util.Locale.ROOT).replaceFirst("^[\\w.-]+/", "").startsWith("text-embedding-3");
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return embedBatch(texts).vectors();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sends one request per {@link #maxBatchSize()} texts, one after the other; the input tokens are the sum of the
     * responses' {@code usage.prompt_tokens} (or {@code total_tokens}), unknown when any response lacks {@code usage}.
     * The listener hears of the call once, when it ends.
     */
    @Override
    public Embeddings embedBatch(List<String> texts) {
        long start = scheduler.nanoTime();
        EmbeddingTally tally = new EmbeddingTally(texts.size(), model);
        try {
            for (int from = 0; from < texts.size(); from += maxBatch) {
                List<String> batch = texts.subList(from, Math.min(texts.size(), from + maxBatch));
                try (Response response = client.newCall(request(batch)).execute()) {
                    tally.add(decoder.decode(response, batch.size()));
                } catch (IOException e) {
                    throw HttpErrors.fromIo(provider, e, ErrorInfo.builder().provider(provider).build());
                }
            }
        } catch (RuntimeException | Error e) {
            report(texts.size(), tally, start, e);
            throw e;
        }
        Embeddings result = tally.result();
        report(texts.size(), tally, start, null);
        return result;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs on OkHttp's dispatcher, no thread of llmkit's: the requests go one after the other, each sent when the
     * previous one has answered. Cancelling the returned future cancels the request in flight (its connection is
     * closed) and sends no further one; the listener then hears of the call once, with a
     * {@link java.util.concurrent.CancellationException}.
     */
    @Override
    public CompletableFuture<Embeddings> embedBatchAsync(List<String> texts) {
        AsyncCall call = new AsyncCall(List.copyOf(texts), scheduler.nanoTime());
        call.next();
        return call.future;
    }

    /** The texts per request; see {@link Builder#maxBatchSize(int)}. */
    @Override
    public int maxBatchSize() {
        return maxBatch;
    }

    private Request request(List<String> texts) {
        ObjectNode body = Json.object().put("model", model);
        if (sendDimensions) {
            body.put("dimensions", dimension);
        }
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        Request.Builder rb = new Request.Builder().url(endpoint).post(RequestBody.create(Json.write(body), JSON));
        if (apiKey != null) {
            rb.header("Authorization", "Bearer " + apiKey);
        }
        return rb.build();
    }

    /** Tells the listener that a call of {@code texts} texts ended, with {@code error} when it failed. */
    private void report(int texts, EmbeddingTally tally, long start, @Nullable Throwable error) {
        if (listener == EmbeddingListener.NONE) {
            return;
        }
        EmbeddingEvent.Builder e = EmbeddingEvent.builder().provider(provider).model(model).texts(texts)
                .latency(Duration.ofNanos(Math.max(0, scheduler.nanoTime() - start)));
        if (tally.usageKnown()) {
            e.inputTokens(tally.tokens());
        }
        if (error != null) {
            e.error(error);
        }
        listener.onEmbedding(e.build());
    }

    /** One {@link #embedBatchAsync} call: its requests chained on OkHttp's dispatcher, ended exactly once. */
    private final class AsyncCall implements Callback {
        private final List<String> texts;
        private final long start;
        private final EmbeddingTally tally;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicReference<@Nullable Call> current = new AtomicReference<>();
        private int from;
        final CompletableFuture<Embeddings> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                if (!ended.compareAndSet(false, true)) {
                    return false; // already delivering its result or error
                }
                Call call = current.get();
                if (call != null) {
                    call.cancel();
                }
                CancellationException cancelled = new CancellationException("the embedding call was cancelled");
                report(texts.size(), tally, start, cancelled);
                return super.cancel(mayInterruptIfRunning);
            }
        };

        AsyncCall(List<String> texts, long start) {
            this.texts = texts;
            this.start = start;
            this.tally = new EmbeddingTally(texts.size(), model);
        }

        /** Sends the next batch, or completes the future when none is left. */
        void next() {
            if (from >= texts.size()) {
                if (ended.compareAndSet(false, true)) {
                    Embeddings result;
                    try {
                        result = tally.result();
                    } catch (RuntimeException e) {
                        report(texts.size(), tally, start, e);
                        future.completeExceptionally(e);
                        return;
                    }
                    report(texts.size(), tally, start, null);
                    future.complete(result);
                }
                return;
            }
            Call call;
            try {
                call = client.newCall(request(texts.subList(from, Math.min(texts.size(), from + maxBatch))));
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            current.set(call);
            if (ended.get()) {
                call.cancel(); // cancelled while this request was being built
                return;
            }
            call.enqueue(this);
        }

        private void fail(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                report(texts.size(), tally, start, error);
                future.completeExceptionally(error);
            }
        }

        @Override
        public void onFailure(Call call, IOException e) {
            fail(HttpErrors.fromIo(provider, e, ErrorInfo.builder().provider(provider).build()));
        }

        @Override
        public void onResponse(Call call, Response response) {
            int size = Math.min(texts.size(), from + maxBatch) - from;
            try (response) {
                tally.add(decoder.decode(response, size));
            } catch (IOException e) {
                fail(HttpErrors.fromIo(provider, e, ErrorInfo.builder().provider(provider).build()));
                return;
            } catch (RuntimeException | Error e) {
                fail(e);
                return;
            }
            from += size;
            next();
        }
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.of(provider, model);
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleEmbeddingModel[" + provider + ", " + model + ", apiKey=" + (apiKey == null ? "none" : "****") + "]";
    }

    /** Builds an {@link OpenAiCompatibleEmbeddingModel}. */
    public static final class Builder {
        private String baseUrl = OpenAiCompatibleChatModel.DEFAULT_BASE_URL;
        private @Nullable String apiKey;
        private @Nullable String model;
        private String provider = "openai";
        private int dimension;
        private int maxBatch = DEFAULT_MAX_BATCH_SIZE;
        private @Nullable OkHttpClient client;
        private Duration timeout = Duration.ofSeconds(60);
        private @Nullable Boolean sendDimensions;
        private EmbeddingListener listener = EmbeddingListener.NONE;
        private Scheduler scheduler = Scheduler.system();

        private Builder() {}

        /**
         * Told of every call once, when it ends (texts, tokens, latency, error); default
         * {@link EmbeddingListener#NONE}. Its exceptions are logged at WARN and never reach the call.
         */
        public Builder listener(EmbeddingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The time source for latencies and {@code Retry-After} dates; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Whether to ask the server for vectors of {@link #dimension(int)} elements ({@code dimensions} in the
         * request). By default it is sent to OpenAI's {@code text-embedding-3-*} models, which shorten their vectors
         * on request, and not to other servers, many of which reject the field.
         */
        public Builder sendDimensions(boolean send) {
            this.sendDimensions = send;
            return this;
        }

        /** Base URL ending before {@code /embeddings}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** API key; none for local servers. */
        public Builder apiKey(@Nullable String apiKey) {
            this.apiKey = Secrets.cleanKey(apiKey);
            return this;
        }

        /** The embedding model name; required. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Provider name for errors; default {@code openai}. */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * The vectors' length; required, and checked against every response. For {@code text-embedding-3-*} a length
         * below the model's native one is requested from the server (see {@link #sendDimensions(boolean)}).
         */
        public Builder dimension(int dimension) {
            this.dimension = dimension;
            return this;
        }

        /**
         * Texts per request, 1 or more; default {@value OpenAiCompatibleEmbeddingModel#DEFAULT_MAX_BATCH_SIZE}. Also
         * what {@link OpenAiCompatibleEmbeddingModel#maxBatchSize()} states. OpenAI's own limit is 2048 inputs (and
         * 300,000 tokens) per request; set your server's, e.g. TEI's {@code --max-client-batch-size}.
         */
        public Builder maxBatchSize(int maxBatch) {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatch);
            }
            this.maxBatch = maxBatch;
            return this;
        }

        /** An OkHttp client to share. */
        public Builder httpClient(OkHttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Connect and read timeout; default 60 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Builds the model. */
        public OpenAiCompatibleEmbeddingModel build() {
            return new OpenAiCompatibleEmbeddingModel(this);
        }
    }
}
