package dev.llmkit.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.providers.internal.HttpClients;
import dev.llmkit.providers.internal.HttpErrors;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.providers.internal.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * the response's {@code index}). Thread-safe.
 *
 * <pre>{@code
 * EmbeddingModel e = OpenAiCompatibleEmbeddingModel.builder().apiKey(key).model("text-embedding-3-small")
 *         .dimension(1536).build();
 * }</pre>
 */
public final class OpenAiCompatibleEmbeddingModel implements EmbeddingModel {
    /** Default texts per request (OpenAI accepts up to 2048). */
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
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += maxBatch) {
            out.addAll(batch(texts.subList(from, Math.min(texts.size(), from + maxBatch))));
        }
        return out;
    }

    private List<float[]> batch(List<String> texts) {
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
        try (Response response = client.newCall(rb.build()).execute()) {
            String text = response.body().string();
            if (!response.isSuccessful()) {
                throw HttpErrors.fromResponse(provider, response.code(), response.headers(), text, Instant.now(), apiKey);
            }
            JsonNode data = Json.parse(text).path("data");
            float[][] vectors = new float[texts.size()][];
            int position = 0;
            for (JsonNode item : data) {
                int index = item.path("index").asInt(position++);
                if (index < 0 || index >= vectors.length) {
                    throw new LlmException(provider + " returned embedding index " + index + " for " + texts.size()
                            + " inputs", null, false, ErrorInfo.builder().provider(provider).build());
                }
                JsonNode emb = item.path("embedding");
                float[] v = new float[emb.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) emb.get(i).asDouble();
                }
                if (v.length != dimension) {
                    throw new LlmException(provider + " returned " + v.length + "-dimensional embeddings but the model"
                            + " was configured with dimension " + dimension + "; fix .dimension(...)", null, false,
                            ErrorInfo.builder().provider(provider).build());
                }
                vectors[index] = v;
            }
            List<float[]> out = new ArrayList<>(texts.size());
            for (int i = 0; i < vectors.length; i++) {
                if (vectors[i] == null) {
                    throw new LlmException(provider + " returned no embedding for input " + i, null, false,
                            ErrorInfo.builder().provider(provider).build());
                }
                out.add(vectors[i]);
            }
            return out;
        } catch (IOException e) {
            throw HttpErrors.fromIo(provider, e, ErrorInfo.builder().provider(provider).build());
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

        private Builder() {}

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

        /** Texts per request, 1 or more; default {@value #DEFAULT_MAX_BATCH_SIZE}. */
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
