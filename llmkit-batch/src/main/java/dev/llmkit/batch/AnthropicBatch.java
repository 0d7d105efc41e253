package dev.llmkit.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.Message;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.Usage;
import dev.llmkit.api.UserMessage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's Message Batches API: the request lines become one {@code POST /v1/messages/batches} of
 * {@code {custom_id, params}} entries (system messages go to {@code system}; {@code max_tokens}, which the API
 * requires, defaults to the builder's), polled by id, and the JSON lines at {@code results_url} are read back into
 * answer lines; errored, canceled and expired requests become failure lines.
 *
 * <p>The key goes in the {@code x-api-key} header only. Thread-safe.
 */
public final class AnthropicBatch implements RemoteBatch {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final String VERSION = "2023-06-01";
    private final HttpUrl base;
    private final @Nullable String apiKey;
    private final String model;
    private final int maxTokens;
    private final HttpJson http;

    private AnthropicBatch(Builder b) {
        this.base = Objects.requireNonNull(HttpUrl.parse(b.baseUrl), () -> "not a URL: " + b.baseUrl);
        this.apiKey = b.apiKey;
        this.model = b.model;
        this.maxTokens = b.maxTokens;
        this.http = new HttpJson(b.timeout, b.apiKey);
    }

    /** A client of the Message Batches API at {@code https://api.anthropic.com} with this key. */
    public static Builder builder(@Nullable String apiKey) {
        return new Builder(apiKey);
    }

    @Override
    public String submit(List<String> lines) {
        List<ChatRequest> parsed = HttpJson.requests(lines);
        ObjectNode body = HttpJson.JSON.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (int i = 0; i < lines.size(); i++) {
            ChatRequest r = parsed.get(i);
            ObjectNode params = HttpJson.JSON.createObjectNode().put("model", r.model().orElse(model))
                    .put("max_tokens", r.maxOutputTokens().orElse(maxTokens));
            StringBuilder system = new StringBuilder();
            ArrayNode messages = params.putArray("messages");
            for (Message m : r.messages()) {
                if (m instanceof SystemMessage s) {
                    system.append(system.length() == 0 ? "" : "\n\n").append(s.text());
                } else if (m instanceof UserMessage u) {
                    messages.addObject().put("role", "user").put("content", u.text());
                } else if (m instanceof AssistantMessage a) {
                    messages.addObject().put("role", "assistant").put("content", a.text());
                }
            }
            if (system.length() > 0) {
                params.put("system", system.toString());
            }
            r.temperature().ifPresent(t -> params.put("temperature", t));
            ObjectNode entry = requests.addObject().put("custom_id", BatchRequests.customId(lines.get(i), i));
            entry.set("params", params);
        }
        return http.json(request(url("v1/messages/batches")).post(RequestBody.create(body.toString(), JSON_TYPE))
                .build(), "create the message batch").path("id").asText();
    }

    @Override
    public Status status(String batchId) {
        JsonNode b = batch(batchId);
        JsonNode c = b.path("request_counts");
        int succeeded = c.path("succeeded").asInt();
        int errored = c.path("errored").asInt();
        int canceled = c.path("canceled").asInt();
        int expired = c.path("expired").asInt();
        int total = succeeded + errored + canceled + expired + c.path("processing").asInt();
        State state;
        if (!"ended".equals(b.path("processing_status").asText())) {
            state = State.IN_PROGRESS;
        } else if (expired > 0) {
            state = State.EXPIRED;
        } else if (!b.path("cancel_initiated_at").isNull() && !b.path("cancel_initiated_at").isMissingNode()) {
            state = State.CANCELLED;
        } else {
            state = State.COMPLETED;
        }
        return new Status(batchId, state, total, succeeded, errored + canceled + expired, Optional.empty());
    }

    private JsonNode batch(String batchId) {
        return http.json(request(url("v1/messages/batches/" + batchId)).get().build(), "read batch " + batchId);
    }

    @Override
    public List<Result> results(String batchId) {
        JsonNode b = batch(batchId);
        String resultsUrl = b.path("results_url").asText("");
        if (resultsUrl.isEmpty() || resultsUrl.equals("null")) {
            throw new IllegalStateException("batch " + batchId + " has no results yet: it is "
                    + b.path("processing_status").asText());
        }
        HttpUrl at = Objects.requireNonNull(HttpUrl.parse(resultsUrl), () -> "not a URL: " + resultsUrl);
        return HttpJson.jsonLines(http.text(request(at).get().build(), "download the results of batch " + batchId),
                AnthropicBatch::result);
    }

    private static Result result(JsonNode n) {
        String id = n.path("custom_id").asText();
        JsonNode result = n.path("result");
        switch (result.path("type").asText()) {
            case "succeeded" -> {
                JsonNode m = result.path("message");
                StringBuilder text = new StringBuilder();
                for (JsonNode block : m.path("content")) {
                    if ("text".equals(block.path("type").asText())) {
                        text.append(block.path("text").asText());
                    }
                }
                ChatResponse r = ChatResponse.builder().text(text.toString()).model(m.path("model").asText("unknown"))
                        .usage(Usage.of(m.path("usage").path("input_tokens").asLong(),
                                m.path("usage").path("output_tokens").asLong()))
                        .finishReason(switch (m.path("stop_reason").asText("end_turn")) {
                            case "max_tokens" -> FinishReason.LENGTH;
                            case "tool_use" -> FinishReason.TOOL_CALLS;
                            case "refusal" -> FinishReason.REFUSAL;
                            default -> FinishReason.STOP;
                        })
                        .build();
                return new Result(id, BatchRequests.answer(id, r), false);
            }
            case "errored" -> {
                JsonNode e = result.path("error").path("error");
                return new Result(id, BatchRequests.failure(id, e.path("type").asText("error") + ": "
                        + e.path("message").asText()), true);
            }
            case "canceled" -> {
                return new Result(id, BatchRequests.failure(id, "canceled: the batch was cancelled before this "
                        + "request ran"), true);
            }
            case "expired" -> {
                return new Result(id, BatchRequests.failure(id, "expired: the batch ended before this request ran"),
                        true);
            }
            default -> throw new IllegalStateException("unknown result type '" + result.path("type").asText()
                    + "' for " + id);
        }
    }

    @Override
    public void cancel(String batchId) {
        http.json(request(url("v1/messages/batches/" + batchId + "/cancel"))
                .post(RequestBody.create(new byte[0], JSON_TYPE)).build(), "cancel batch " + batchId);
    }

    private HttpUrl url(String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    private Request.Builder request(HttpUrl url) {
        Request.Builder b = new Request.Builder().url(url).header("anthropic-version", VERSION);
        if (apiKey != null) {
            b.header("x-api-key", apiKey);
        }
        return b;
    }

    @Override
    public String toString() {
        return "AnthropicBatch[" + base + ", model " + model + "]";
    }

    /** Configures an {@link AnthropicBatch}. */
    public static final class Builder {
        private final @Nullable String apiKey;
        private String baseUrl = "https://api.anthropic.com";
        private String model = "claude-3-5-haiku-latest";
        private int maxTokens = 1024;
        private Duration timeout = Duration.ofMinutes(2);

        private Builder(@Nullable String apiKey) {
            this.apiKey = apiKey;
        }

        /** Another server implementing the API (without {@code /v1}). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The model for lines that name none. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** {@code max_tokens} for lines that set none (the API requires it); default 1024. */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /** The time limit of each HTTP call; default 2 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The client. */
        public AnthropicBatch build() {
            return new AnthropicBatch(this);
        }
    }
}
