package dev.llmkit.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.Message;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.Usage;
import dev.llmkit.api.UserMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's Batch API (and any server that implements it): the request lines are uploaded as a file with purpose
 * {@code batch}, a batch is created for {@code /v1/chat/completions} with a 24-hour window, and the output and error
 * files are read back into answer lines. Short-form lines ({@code {"custom_id", "prompt"}}) are turned into full
 * requests for the builder's model.
 *
 * <pre>{@code
 * RemoteBatch openai = OpenAiBatch.builder(System.getenv("OPENAI_API_KEY")).model("gpt-4o-mini").build();
 * String id = openai.submit(lines);
 * // hours later
 * if (openai.status(id).ended()) openai.results(id).forEach(r -> ...);
 * }</pre>
 *
 * <p>The key goes in the Authorization header only, never into messages or {@code toString()}. Thread-safe.
 */
public final class OpenAiBatch implements RemoteBatch {
    private static final ObjectMapper JSON = HttpJson.JSON;
    private static final MediaType JSONL = MediaType.get("application/jsonl");
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private final HttpUrl base;
    private final @Nullable String apiKey;
    private final String model;
    private final HttpJson http;

    private OpenAiBatch(Builder b) {
        this.base = Objects.requireNonNull(HttpUrl.parse(b.baseUrl), () -> "not a URL: " + b.baseUrl);
        this.apiKey = b.apiKey;
        this.model = b.model;
        this.http = new HttpJson(b.timeout, b.apiKey);
    }

    /** A client of the Batch API at {@code https://api.openai.com/v1} with this key (null for a keyless server). */
    public static Builder builder(@Nullable String apiKey) {
        return new Builder(apiKey);
    }

    @Override
    public String submit(List<String> lines) {
        List<ChatRequest> requests = HttpJson.requests(lines);
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            file.append(toOpenAi(requests.get(i), BatchRequests.customId(lines.get(i), i))).append('\n');
        }
        RequestBody upload = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("purpose", "batch")
                .addFormDataPart("file", "requests.jsonl", RequestBody.create(file.toString()
                        .getBytes(StandardCharsets.UTF_8), JSONL)).build();
        String fileId = call(post("files", upload), "upload the request file").path("id").asText();
        ObjectNode create = JSON.createObjectNode().put("input_file_id", fileId)
                .put("endpoint", "/v1/chat/completions").put("completion_window", "24h");
        return call(post("batches", RequestBody.create(create.toString(), JSON_TYPE)), "create the batch")
                .path("id").asText();
    }

    /** A line in OpenAI's input format, built from the parsed request. */
    private String toOpenAi(ChatRequest r, String customId) {
        ObjectNode body = JSON.createObjectNode().put("model", r.model().orElse(model));
        ArrayNode messages = body.putArray("messages");
        for (Message m : r.messages()) {
            String role = m instanceof SystemMessage ? "system" : m instanceof UserMessage ? "user" : "assistant";
            String text = m instanceof SystemMessage s ? s.text() : m instanceof UserMessage u ? u.text()
                    : ((dev.llmkit.api.AssistantMessage) m).text();
            messages.addObject().put("role", role).put("content", text);
        }
        r.maxOutputTokens().ifPresent(t -> body.put("max_tokens", t));
        r.temperature().ifPresent(t -> body.put("temperature", t));
        ObjectNode out = JSON.createObjectNode().put("custom_id", customId)
                .put("method", "POST").put("url", "/v1/chat/completions");
        out.set("body", body);
        return out.toString();
    }

    @Override
    public Status status(String batchId) {
        JsonNode b = call(get("batches/" + batchId), "read batch " + batchId);
        State state = switch (b.path("status").asText()) {
            case "validating", "in_progress", "finalizing", "cancelling" -> State.IN_PROGRESS;
            case "completed" -> State.COMPLETED;
            case "expired" -> State.EXPIRED;
            case "cancelled" -> State.CANCELLED;
            case "failed" -> State.FAILED;
            default -> throw new IllegalStateException("batch " + batchId + " has an unknown status '"
                    + b.path("status").asText() + "'");
        };
        JsonNode counts = b.path("request_counts");
        Optional<String> message = Optional.empty();
        JsonNode errors = b.path("errors").path("data");
        if (errors.isArray() && !errors.isEmpty()) {
            message = Optional.of(errors.get(0).path("code").asText() + ": " + errors.get(0).path("message").asText());
        }
        return new Status(batchId, state, counts.path("total").asInt(), counts.path("completed").asInt(),
                counts.path("failed").asInt(), message);
    }

    @Override
    public List<Result> results(String batchId) {
        JsonNode b = call(get("batches/" + batchId), "read batch " + batchId);
        List<Result> out = new ArrayList<>();
        for (String file : new String[] {b.path("output_file_id").asText(""), b.path("error_file_id").asText("")}) {
            if (file.isEmpty() || file.equals("null")) {
                continue;
            }
            out.addAll(HttpJson.jsonLines(text(get("files/" + file + "/content"), "download file " + file),
                    OpenAiBatch::result));
        }
        return out;
    }

    private static Result result(JsonNode n) {
        String id = n.path("custom_id").asText();
        JsonNode error = n.path("error");
        if (error.isObject()) {
            return new Result(id, BatchRequests.failure(id, error.path("code").asText() + ": "
                    + error.path("message").asText()), true);
        }
        JsonNode response = n.path("response");
        int status = response.path("status_code").asInt();
        JsonNode body = response.path("body");
        if (status != 200) {
            return new Result(id, BatchRequests.failure(id, "HTTP " + status + ": "
                    + body.path("error").path("message").asText("no message")), true);
        }
        JsonNode choice = body.path("choices").path(0);
        ChatResponse r = ChatResponse.builder().text(choice.path("message").path("content").asText(""))
                .model(body.path("model").asText("unknown"))
                .usage(Usage.of(body.path("usage").path("prompt_tokens").asLong(),
                        body.path("usage").path("completion_tokens").asLong()))
                .finishReason(switch (choice.path("finish_reason").asText("stop")) {
                    case "length" -> FinishReason.LENGTH;
                    case "content_filter" -> FinishReason.CONTENT_FILTER;
                    case "tool_calls" -> FinishReason.TOOL_CALLS;
                    default -> FinishReason.STOP;
                })
                .build();
        return new Result(id, BatchRequests.answer(id, r), false);
    }

    @Override
    public void cancel(String batchId) {
        call(post("batches/" + batchId + "/cancel", RequestBody.create(new byte[0], JSON_TYPE)),
                "cancel batch " + batchId);
    }

    private Request post(String path, RequestBody body) {
        return authorized(new Request.Builder().url(url(path)).post(body));
    }

    private Request get(String path) {
        return authorized(new Request.Builder().url(url(path)).get());
    }

    private HttpUrl url(String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    private Request authorized(Request.Builder b) {
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b.build();
    }

    private JsonNode call(Request request, String what) {
        return http.json(request, what);
    }

    private String text(Request request, String what) {
        return http.text(request, what);
    }

    @Override
    public String toString() {
        return "OpenAiBatch[" + base + ", model " + model + "]";
    }

    /** Configures an {@link OpenAiBatch}. */
    public static final class Builder {
        private final @Nullable String apiKey;
        private String baseUrl = "https://api.openai.com/v1";
        private String model = "gpt-4o-mini";
        private Duration timeout = Duration.ofMinutes(2);

        private Builder(@Nullable String apiKey) {
            this.apiKey = apiKey;
        }

        /** Another server implementing the Batch API. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The model for lines that name none. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The time limit of each HTTP call (an upload of a large file takes a while); default 2 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The client. */
        public OpenAiBatch build() {
            return new OpenAiBatch(this);
        }
    }
}
