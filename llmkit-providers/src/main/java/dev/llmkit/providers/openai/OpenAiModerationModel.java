package dev.llmkit.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.guardrail.ModerationModel;
import dev.llmkit.api.guardrail.ModerationResult;
import dev.llmkit.providers.internal.HttpClients;
import dev.llmkit.providers.internal.HttpErrors;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.providers.internal.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ModerationModel} over an OpenAI-compatible {@code POST /moderations} endpoint: OpenAI's
 * {@code omni-moderation-latest} by default, or any server that speaks the same format. The request is
 * {@code {"model": ..., "input": text}}; the first of the response's {@code results} gives {@code flagged}, the
 * {@code categories} set to true and the {@code category_scores}.
 *
 * <pre>{@code
 * ModerationModel moderation = OpenAiModerationModel.builder().apiKey(System.getenv("OPENAI_API_KEY")).build();
 * ChatModel guarded = Guardrails.around(model, ModerationGuardrail.of(moderation));
 * }</pre>
 *
 * Errors are mapped like the chat and embedding clients' (429 to {@code RateLimitedException} with its
 * {@code Retry-After}, 401 to {@code AuthenticationException}, ...), and the API key never appears in a message, even
 * when the server echoes it. Each call is bounded by the timeout. Thread-safe.
 */
public final class OpenAiModerationModel implements ModerationModel {
    /** OpenAI's current moderation model. */
    public static final String DEFAULT_MODEL = "omni-moderation-latest";
    /** The default connect, read and call timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final HttpUrl endpoint;
    private final @Nullable String apiKey;
    private final String model;
    private final String provider;
    private final Scheduler scheduler;

    private OpenAiModerationModel(Builder b) {
        this.client = HttpClients.derive(b.client, b.timeout, b.timeout, b.timeout);
        this.endpoint = HttpClients.baseUrl(b.baseUrl).newBuilder().addPathSegments("moderations").build();
        this.apiKey = b.apiKey;
        this.model = b.model;
        this.provider = b.provider;
        this.scheduler = b.scheduler;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ModerationResult moderate(String text) {
        Objects.requireNonNull(text, "text");
        ObjectNode body = Json.object().put("model", model).put("input", text);
        Request.Builder rb = new Request.Builder().url(endpoint).post(RequestBody.create(Json.write(body), JSON));
        if (apiKey != null) {
            rb.header("Authorization", "Bearer " + apiKey);
        }
        try (Response response = client.newCall(rb.build()).execute()) {
            String payload = response.body().string();
            if (!response.isSuccessful()) {
                throw HttpErrors.fromResponse(provider, response.code(), response.headers(), payload, scheduler.now(),
                        apiKey);
            }
            return decode(Json.parse(payload));
        } catch (IOException e) {
            throw HttpErrors.fromIo(provider, e, ErrorInfo.builder().provider(provider).build());
        }
    }

    private ModerationResult decode(JsonNode root) {
        JsonNode result = root.path("results").path(0);
        if (!result.isObject() || !result.path("flagged").isBoolean()) {
            throw new LlmException("The " + provider + " moderation endpoint answered without"
                    + " results[0].flagged; check that the base URL points at an OpenAI-compatible /moderations"
                    + " endpoint.", null, false, ErrorInfo.builder().provider(provider).build());
        }
        Set<String> flagged = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.path("categories").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().asBoolean(false)) {
                flagged.add(e.getKey());
            }
        }
        Map<String, Double> scores = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.path("category_scores").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber()) {
                scores.put(e.getKey(), Math.max(0, Math.min(1, e.getValue().asDouble())));
            }
        }
        return ModerationResult.of(result.path("flagged").asBoolean(), flagged, scores,
                root.path("model").asText(model));
    }

    @Override
    public String toString() {
        return "OpenAiModerationModel[" + provider + ", " + model + ", apiKey=" + (apiKey == null ? "none" : "****")
                + "]";
    }

    /** Builds an {@link OpenAiModerationModel}. Not thread-safe. */
    public static final class Builder {
        private String baseUrl = OpenAiCompatibleChatModel.DEFAULT_BASE_URL;
        private @Nullable String apiKey;
        private String model = DEFAULT_MODEL;
        private String provider = "openai";
        private @Nullable OkHttpClient client;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Scheduler scheduler = Scheduler.system();

        private Builder() {}

        /** Base URL ending before {@code /moderations}; default OpenAI's. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** API key; none for local servers. */
        public Builder apiKey(@Nullable String apiKey) {
            this.apiKey = Secrets.cleanKey(apiKey);
            return this;
        }

        /** The moderation model; default {@value OpenAiModerationModel#DEFAULT_MODEL}. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Provider name for errors; default {@code openai}. */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** An OkHttp client to share. */
        public Builder httpClient(OkHttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Connect, read and whole-call timeout; default 20 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The time source for {@code Retry-After} dates; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Builds the client. */
        public OpenAiModerationModel build() {
            return new OpenAiModerationModel(this);
        }
    }
}
