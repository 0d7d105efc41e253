package dev.llmkit.providers.openai;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.providers.HttpModelBuilder;
import dev.llmkit.api.error.InvalidRequestException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.providers.internal.HttpChatSupport;
import dev.llmkit.providers.internal.HttpClients;
import dev.llmkit.providers.internal.Json;
import dev.llmkit.providers.internal.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ChatModel} over the OpenAI chat-completions API, as served by OpenAI, Azure OpenAI, vLLM, TGI, Ollama,
 * llama.cpp server and LM Studio. {@code chat} sends one JSON request; {@code stream} uses server-sent events with
 * {@code stream_options.include_usage}.
 *
 * <pre>{@code
 * ChatModel vllm = OpenAiCompatibleChatModel.builder()
 *         .baseUrl("http://gpu-1:8000/v1")
 *         .model("Qwen/Qwen2.5-7B-Instruct")
 *         .build();
 * ChatModel openai = OpenAiCompatibleChatModel.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .model("gpt-4o-mini")
 *         .build();
 * }</pre>
 *
 * <p>Server differences it tolerates: usage missing from streams (reported as {@link dev.llmkit.api.Usage#ZERO}),
 * {@code null} content beside tool calls, tool-call arguments sent as objects instead of strings, unknown fields,
 * error objects inside a stream, and a server that ignores {@code stream: true} and sends the whole answer as one JSON
 * body (delivered as one token). A refusal ({@code refusal} instead of {@code content}) is an answer with
 * {@link dev.llmkit.api.FinishReason#REFUSAL} whose text is the refusal. Reasoning tokens are kept in
 * {@link dev.llmkit.api.Usage#reasoningTokens()}. The API key is masked in every error, even when a gateway echoes it.
 * Thread-safe; share one instance.
 */
public final class OpenAiCompatibleChatModel implements ChatModel {
    /** OpenAI's API. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private static final MediaType JSON = MediaType.get("application/json");

    private final HttpUrl endpoint;
    private final @Nullable String apiKey;
    private final boolean azure;
    private final Map<String, String> headers;
    private final String model;
    private final String provider;
    private final @Nullable Boolean maxCompletionTokens;
    private final ModelInfo info;
    private final HttpChatSupport http;

    private OpenAiCompatibleChatModel(Builder b, String model, ModelInfo info, HttpChatSupport http) {
        HttpUrl base = HttpClients.baseUrl(b.baseUrl);
        HttpUrl.Builder url = base.newBuilder().addPathSegments("chat/completions");
        if (b.azureApiVersion != null) {
            url.addQueryParameter("api-version", b.azureApiVersion);
        }
        this.endpoint = url.build();
        this.apiKey = b.apiKey;
        this.azure = b.azureApiVersion != null;
        this.headers = Map.copyOf(b.headers);
        this.model = model;
        this.provider = b.provider;
        this.maxCompletionTokens = b.maxCompletionTokens;
        this.info = info;
        this.http = http;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        String m = request.model().orElse(model);
        return http.call(request, httpRequest(request, false), json -> OpenAiWire.response(json, m));
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Request http;
        try {
            http = httpRequest(request, true);
        } catch (RuntimeException e) {
            return HttpChatSupport.failed(handler, e instanceof LlmException l ? l
                    : new InvalidRequestException("The request could not be encoded for " + provider + ": "
                            + Secrets.redact(String.valueOf(e.getMessage()), apiKey)));
        }
        String m = request.model().orElse(model);
        return this.http.stream(request, http, new OpenAiStreamDecoder(provider, m, apiKey),
                json -> OpenAiWire.response(json, m), handler);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    private Request httpRequest(ChatRequest r, boolean stream) {
        String m = r.model().orElse(model);
        boolean completionTokens = maxCompletionTokens != null ? maxCompletionTokens : OpenAiWire.isReasoningModel(m);
        String body = Json.write(OpenAiWire.request(r, model, stream, completionTokens));
        Request.Builder b = new Request.Builder().url(endpoint).post(RequestBody.create(body, JSON));
        if (apiKey != null) {
            if (azure) {
                b.header("api-key", apiKey);
            } else {
                b.header("Authorization", "Bearer " + apiKey);
            }
        }
        if (stream) {
            b.header("Accept", "text/event-stream");
        }
        headers.forEach(b::header);
        return b.build();
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleChatModel[" + provider + ", " + model + ", " + endpoint.newBuilder().query(null).build()
                + ", apiKey=" + (apiKey == null ? "none" : "****") + "]";
    }

    /** Builds an {@link OpenAiCompatibleChatModel}. The API key never appears in {@code toString()}. */
    public static final class Builder extends HttpModelBuilder<Builder> {
        private String baseUrl = DEFAULT_BASE_URL;
        private @Nullable String apiKey;
        private @Nullable String model;
        private String provider = "openai";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable String azureApiVersion;
        private @Nullable Boolean maxCompletionTokens;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The API's base URL, ending before {@code /chat/completions}; default {@value #DEFAULT_BASE_URL}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The API key, sent as a bearer token (or {@code api-key} for Azure); none for local servers. */
        public Builder apiKey(@Nullable String apiKey) {
            this.apiKey = Secrets.cleanKey(apiKey);
            return this;
        }

        /** The model (or Azure deployment) name; required. */
        public Builder model(String model) {
            if (Objects.requireNonNull(model, "model").isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = model;
            return this;
        }

        /** The provider name used in errors, events and {@link ModelInfo}; default {@code openai}. */
        public Builder provider(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** OpenAI's {@code OpenAI-Organization} header. */
        public Builder organization(String organization) {
            return header("OpenAI-Organization", organization);
        }

        /** OpenAI's {@code OpenAI-Project} header. */
        public Builder project(String project) {
            return header("OpenAI-Project", project);
        }

        /** An extra header on every request. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Azure OpenAI: the base URL is the deployment URL ({@code https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT}),
         * the key goes in {@code api-key}, and this {@code api-version} is added to every request.
         */
        public Builder azureApiVersion(String apiVersion) {
            this.azureApiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
            this.provider = "azure";
            return this;
        }

        /**
         * Whether the output limit goes as {@code max_completion_tokens} (which OpenAI's reasoning models require and
         * newer OpenAI models accept) or as {@code max_tokens} (which other OpenAI-compatible servers expect). By
         * default it is chosen by model name: {@code o1}, {@code o3}, {@code o4-mini}, {@code gpt-5} and their
         * variants get {@code max_completion_tokens}, every other model {@code max_tokens}.
         */
        public Builder useMaxCompletionTokens(boolean use) {
            this.maxCompletionTokens = use;
            return this;
        }










        /** Builds the model. */
        public OpenAiCompatibleChatModel build() {
            String m = Objects.requireNonNull(model, "model is required, e.g. .model(\"gpt-4o-mini\")");
            ModelInfo info = info(provider, m);
            return new OpenAiCompatibleChatModel(this, m, info, support(provider, info, apiKey, HttpClients.baseUrl(baseUrl)));
        }

        @Override
        public String toString() {
            return "OpenAiCompatibleChatModel.Builder[" + baseUrl + ", " + model + ", apiKey="
                    + (apiKey == null ? "none" : "****") + "]";
        }
    }
}
