package dev.llmkit.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.UserMessage;

/**
 * The lines of a batch file, in the OpenAI Batch API's input format, so one file serves both:
 * {@code {"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "m", "messages":
 * [{"role": "user", "content": "..."}], "max_tokens": 100, "temperature": 0.2}}}, or the short form
 * {@code {"custom_id": "r1", "prompt": "..."}}; an embedding line is {@code {"custom_id": "e1", "input": "..."}}. An
 * answer line is
 * {@code {"custom_id": "r1", "text": "...", "model": "m", "finish_reason": "STOP", "usage": {"input_tokens": 12,
 * "output_tokens": 30}, "cost": 0.0001}} (for an embedding {@code {"custom_id": "e1", "model": "m", "embedding":
 * [...]}}); a failure line is {@code {"custom_id": "r1", "error": "..."}}. An ingestion line names one file to
 * index: {@code {"custom_id": "<document id>", "ingest": {"folder": "/abs/docs", "root": "handbook", "file":
 * "/abs/docs/a.md"}}} ({@link #ingestion(String, Ingestion)}), answered with
 * {@code {"custom_id": ..., "documents": 1, "chunks": 12, "chunks_from_cache": 0}}.
 */
public final class BatchRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchRequests() {}

    /**
     * The request a line holds.
     *
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    public static ChatRequest parse(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a request line must be a JSON object");
        }
        if (n.hasNonNull("prompt")) {
            return ChatRequest.of(n.get("prompt").asText());
        }
        JsonNode body = n.path("body");
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            throw new IllegalArgumentException("a request line needs \"prompt\" or \"body\" with \"messages\"");
        }
        ChatRequest.Builder b = ChatRequest.builder();
        for (JsonNode m : body.get("messages")) {
            String role = m.path("role").asText();
            String content = content(m.path("content"));
            switch (role) {
                case "system", "developer" -> b.message(new SystemMessage(content));
                case "user" -> b.message(UserMessage.of(content));
                case "assistant" -> b.message(AssistantMessage.of(content));
                default -> throw new IllegalArgumentException("unknown role '" + role + "': use system, user or "
                        + "assistant");
            }
        }
        if (body.hasNonNull("model")) {
            b.model(body.get("model").asText());
        }
        if (body.hasNonNull("max_tokens")) {
            b.maxOutputTokens(body.get("max_tokens").asInt());
        } else if (body.hasNonNull("max_completion_tokens")) {
            b.maxOutputTokens(body.get("max_completion_tokens").asInt());
        }
        if (body.hasNonNull("temperature")) {
            b.temperature(body.get("temperature").asDouble());
        }
        return b.build();
    }

    /** A message's content: a string, or the text parts of an array of parts. */
    private static String content(JsonNode c) {
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode part : c) {
                if (!"text".equals(part.path("type").asText())) {
                    throw new IllegalArgumentException("batch requests take text content only, not '"
                            + part.path("type").asText() + "' parts");
                }
                b.append(b.length() == 0 ? "" : "\n").append(part.path("text").asText());
            }
            return b.toString();
        }
        throw new IllegalArgumentException("a message needs \"content\": a string or an array of text parts");
    }

    /** The text of an embedding line ({@code {"custom_id": ..., "input": "text"}}), if the line is one. */
    public static java.util.Optional<String> embeddingInput(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            JsonNode input = n == null ? null : n.get("input");
            return input != null && input.isTextual() && !n.has("prompt") && !n.has("body")
                    ? java.util.Optional.of(input.asText()) : java.util.Optional.empty();
        } catch (JsonProcessingException e) {
            return java.util.Optional.empty();
        }
    }

    /** The answer line for an embedding. */
    public static String embedding(String customId, String model, float[] vector) {
        ObjectNode o = JSON.createObjectNode().put("custom_id", customId).put("model", model);
        var array = o.putArray("embedding");
        for (float f : vector) {
            array.add(f);
        }
        return o.toString();
    }

    /** The line's {@code custom_id}, or {@code item-<index>} when it has none. */
    public static String customId(String line, int index) {
        try {
            JsonNode id = JSON.readTree(line).get("custom_id");
            return id == null || id.isNull() ? "item-" + index : id.asText();
        } catch (JsonProcessingException e) {
            return "item-" + index;
        }
    }

    /** The answer line for a response. */
    public static String answer(String customId, ChatResponse r) {
        ObjectNode o = JSON.createObjectNode().put("custom_id", customId).put("text", r.text()).put("model", r.model())
                .put("finish_reason", r.finishReason().name());
        o.putObject("usage").put("input_tokens", r.usage().inputTokens()).put("output_tokens",
                r.usage().outputTokens());
        r.cost().ifPresent(c -> o.put("cost", c));
        return o.toString();
    }

    /** The failure line. */
    public static String failure(String customId, String error) {
        return JSON.createObjectNode().put("custom_id", customId).put("error", error).toString();
    }

    /**
     * One file of an ingestion job.
     *
     * @param folder the folder its document ids are relative to
     * @param root the folder's identity in document ids
     * @param file the file, under {@code folder}
     */
    public record Ingestion(java.nio.file.Path folder, String root, java.nio.file.Path file) {}

    /** The file an ingestion line names, if the line is one. */
    public static java.util.Optional<Ingestion> ingestion(String line) {
        JsonNode in;
        try {
            JsonNode n = JSON.readTree(line);
            in = n == null ? null : n.get("ingest");
        } catch (JsonProcessingException e) {
            return java.util.Optional.empty();
        }
        if (in == null) {
            return java.util.Optional.empty();
        }
        if (!in.path("folder").isTextual() || !in.path("root").isTextual() || !in.path("file").isTextual()) {
            throw new IllegalArgumentException("an ingestion line needs \"ingest\": {\"folder\", \"root\", \"file\"}");
        }
        return java.util.Optional.of(new Ingestion(java.nio.file.Path.of(in.get("folder").asText()),
                in.get("root").asText(), java.nio.file.Path.of(in.get("file").asText())));
    }

    /** The ingestion line for one file. */
    public static String ingestion(String customId, Ingestion file) {
        ObjectNode o = JSON.createObjectNode().put("custom_id", customId);
        o.putObject("ingest").put("folder", file.folder().toString()).put("root", file.root())
                .put("file", file.file().toString());
        return o.toString();
    }

    /** The usage an answer line reports, as {input tokens, output tokens}, and its cost (0 when absent). */
    static double[] usage(String answerLine) {
        try {
            JsonNode n = JSON.readTree(answerLine);
            return new double[] {n.path("usage").path("input_tokens").asLong(),
                n.path("usage").path("output_tokens").asLong(), n.path("cost").asDouble(0)};
        } catch (JsonProcessingException e) {
            return new double[] {0, 0, 0};
        }
    }
}
