package dev.llmkit.providers.anthropic;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.providers.HttpModelBuilder;
import dev.llmkit.providers.internal.HttpChatSupport;
import dev.llmkit.providers.internal.HttpClients;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.providers.internal.Secrets;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ChatModel} over Anthropic's Messages API ({@code POST /v1/messages}): system prompt, tool use, images,
 * and streaming events. System messages are joined into the {@code system} field; consecutive tool results are sent
 * together in one user turn, as the API requires.
 *
 * <pre>{@code
 * ChatModel claude = AnthropicChatModel.builder()
 *         .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *         .model("claude-3-5-haiku-latest")
 *         .build();
 * }</pre>
 */
public final class AnthropicChatModel implements ChatModel {
    /** Anthropic's API. */
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    /** The API version sent in {@code anthropic-version}. */
    public static final String DEFAULT_VERSION = "2023-06-01";
    /** {@code max_tokens} is required by the API; used when the request has none. */
    public static final int DEFAULT_MAX_TOKENS = 1024;
    private static final MediaType JSON = MediaType.get("application/json");

    private final HttpUrl endpoint;
    private final String apiKey;
    private final String version;
    private final String model;
    private final int defaultMaxTokens;
    private final ModelInfo info;
    private final HttpChatSupport http;

    private AnthropicChatModel(Builder b, String apiKey, String model, ModelInfo info, HttpChatSupport http) {
        this.endpoint = HttpClients.baseUrl(b.baseUrl).newBuilder().addPathSegments("v1/messages").build();
        this.apiKey = apiKey;
        this.version = b.version;
        this.model = model;
        this.defaultMaxTokens = b.defaultMaxTokens;
        this.info = info;
        this.http = http;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return http.call(request, httpRequest(request, false), json -> AnthropicWire.response(json, model));
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Request http;
        try {
            http = httpRequest(request, true);
        } catch (RuntimeException e) {
            return HttpChatSupport.failed(handler, e instanceof LlmException l ? l
                    : new InvalidRequestException("The request could not be encoded for anthropic: "
                            + Secrets.redact(String.valueOf(e.getMessage()), apiKey)));
        }
        String m = request.model().orElse(model);
        return this.http.stream(request, http, new AnthropicStreamDecoder("anthropic", m, apiKey),
                json -> AnthropicWire.response(json, m), handler);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** The beta that makes Anthropic honour {@code strict} on tools. */
    static final String STRICT_TOOLS_BETA = "structured-outputs-2025-11-13";

    private Request httpRequest(ChatRequest r, boolean stream) {
        String body = Json.write(AnthropicWire.request(r, model, defaultMaxTokens, stream));
        Request.Builder b = new Request.Builder().url(endpoint).post(RequestBody.create(body, JSON))
                .header("x-api-key", apiKey)
                .header("anthropic-version", version);
        if (stream) {
            b.header("Accept", "text/event-stream");
        }
        if (r.tools().stream().anyMatch(ToolSpec::strict)) {
            b.header("anthropic-beta", STRICT_TOOLS_BETA);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "AnthropicChatModel[" + model + ", " + endpoint + ", apiKey=****]";
    }

    /** Builds an {@link AnthropicChatModel}. The API key never appears in {@code toString()}. */
    public static final class Builder extends HttpModelBuilder<Builder> {
        private String baseUrl = DEFAULT_BASE_URL;
        private @Nullable String apiKey;
        private @Nullable String model;
        private String version = DEFAULT_VERSION;
        private int defaultMaxTokens = DEFAULT_MAX_TOKENS;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Base URL; default {@value #DEFAULT_BASE_URL}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The API key (sent as {@code x-api-key}); required. */
        public Builder apiKey(@Nullable String apiKey) {
            this.apiKey = Secrets.cleanKey(apiKey);
            return this;
        }

        /** The model; required. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The {@code anthropic-version} header; default {@value #DEFAULT_VERSION}. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** {@code max_tokens} when a request sets none; default {@value #DEFAULT_MAX_TOKENS}. */
        public Builder defaultMaxTokens(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("defaultMaxTokens must be at least 1, got " + tokens);
            }
            this.defaultMaxTokens = tokens;
            return this;
        }









        /** Builds the model. */
        public AnthropicChatModel build() {
            if (apiKey == null) {
                throw new ConfigurationException("AnthropicChatModel needs an API key: set ANTHROPIC_API_KEY or .apiKey(...)");
            }
            String m = Objects.requireNonNull(model, "model is required, e.g. .model(\"claude-3-5-haiku-latest\")");
            ModelInfo info = info("anthropic", m);
            return new AnthropicChatModel(this, apiKey, m, info, support("anthropic", info, apiKey, HttpClients.baseUrl(baseUrl)));
        }

        @Override
        public String toString() {
            return "AnthropicChatModel.Builder[" + model + ", apiKey=" + (apiKey == null ? "none" : "****") + "]";
        }
    }
}
