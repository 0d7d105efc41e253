package dev.llmkit.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/** HTTP calls of the batch APIs: JSON or text back, failures as messages that never hold the key. */
final class HttpJson {
    static final ObjectMapper JSON = new ObjectMapper();
    private final OkHttpClient http;
    private final @Nullable String secret;

    HttpJson(Duration timeout, @Nullable String secret) {
        this.http = new OkHttpClient.Builder().callTimeout(timeout).retryOnConnectionFailure(false).build();
        this.secret = secret;
    }

    /**
     * The requests of a remote batch's lines.
     *
     * @throws IllegalArgumentException when there are none, or naming the first bad line
     */
    static java.util.List<dev.llmkit.api.ChatRequest> requests(java.util.List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one request");
        }
        java.util.List<dev.llmkit.api.ChatRequest> out = new java.util.ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            try {
                out.add(BatchRequests.parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("request line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Each non-blank line of a JSON-lines file, parsed and mapped. */
    static <T> java.util.List<T> jsonLines(String content, java.util.function.Function<JsonNode, T> map) {
        java.util.List<T> out = new java.util.ArrayList<>();
        for (String line : content.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(map.apply(JSON.readTree(line)));
            } catch (IOException e) {
                throw new IllegalStateException("the batch results have a line that is not JSON: " + e.getMessage(), e);
            }
        }
        return out;
    }

    JsonNode json(Request request, String what) {
        try {
            return JSON.readTree(text(request, what));
        } catch (IOException e) {
            throw new IllegalStateException("Could not " + what + ": the answer is not JSON", e);
        }
    }

    String text(Request request, String what) {
        try (Response r = http.newCall(request).execute()) {
            String body = r.body().string();
            if (!r.isSuccessful()) {
                String message = body;
                try {
                    JsonNode error = JSON.readTree(body).path("error");
                    // OpenAI: {"error": {"message"}}; Anthropic: {"type": "error", "error": {"type", "message"}}
                    message = error.path("message").asText(body);
                } catch (IOException notJson) {
                    // keep the raw body
                }
                throw new IllegalStateException("Could not " + what + ": HTTP " + r.code() + ": " + redact(message));
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("Could not " + what + ": " + redact(String.valueOf(e.getMessage())), e);
        }
    }

    private String redact(String s) {
        return secret == null || secret.isEmpty() ? s : s.replace(secret, "[REDACTED]");
    }
}
