package dev.llmkit.guardrails;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks structured output against a JSON schema (draft 2020-12, with the networknt validator): the schema given here,
 * or else the request's {@link ResponseFormat#jsonSchema} schema. An answer wrapped in a Markdown code fence is
 * unwrapped (a rewrite); an answer that is not JSON or breaks the schema gets a re-ask that quotes the validation
 * errors, so the model can repair it. The chain bounds the re-asks ({@link Guardrails.Builder#maxReasks}) and blocks
 * after the last one.
 *
 * <pre>{@code
 * ChatModel model = Guardrails.builder(base).add(JsonSchemaGuardrail.fromRequest()).maxReasks(2).build();
 * ChatResponse r = model.chat(ChatRequest.builder().user("Extract the invoice")
 *         .responseFormat(ResponseFormat.jsonSchema("invoice", schema)).build());
 * }</pre>
 *
 * Requests without a schema pass. Runs at the output stage only (a partial answer is not yet valid JSON).
 * Thread-safe; compiled schemas are cached.
 */
public final class JsonSchemaGuardrail implements Guardrail {
    /** Validation errors quoted back to the model, at most. */
    public static final int MAX_ERRORS_QUOTED = 8;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern FENCE = Pattern.compile("\\A\\s*```[a-zA-Z]*\\s*\\n([\\s\\S]*?)\\n?\\s*```\\s*\\z");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final @Nullable Schema fixed;
    private final Map<JsonNode, Schema> compiled = new ConcurrentHashMap<>();

    private JsonSchemaGuardrail(@Nullable JsonNode schema) {
        this.fixed = schema == null ? null : compile(schema);
    }

    /** Validates against the schema of each request's {@link ResponseFormat}; requests without one pass. */
    public static JsonSchemaGuardrail fromRequest() {
        return new JsonSchemaGuardrail(null);
    }

    /**
     * Validates every answer against {@code schema}.
     *
     * @throws IllegalArgumentException when the schema itself is invalid
     */
    public static JsonSchemaGuardrail of(JsonNode schema) {
        return new JsonSchemaGuardrail(Objects.requireNonNull(schema, "schema"));
    }

    /** Validates every answer against the schema in {@code schemaJson}. */
    public static JsonSchemaGuardrail of(String schemaJson) {
        try {
            return of(JSON.readTree(schemaJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The JSON schema is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Schema compile(JsonNode schema) {
        try {
            return REGISTRY.getSchema(schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The JSON schema cannot be compiled: " + e.getMessage(), e);
        }
    }

    @Override
    public Verdict check(GuardrailContext context) {
        Optional<Schema> schema = schemaFor(context.request());
        if (schema.isEmpty() || context.response().map(r -> !r.toolCalls().isEmpty()).orElse(false)) {
            // no schema, or an answer that calls tools: the structured answer is the one after their results
            return Verdict.pass();
        }
        String text = context.text();
        Matcher fence = FENCE.matcher(text);
        String body = fence.matches() ? fence.group(1) : text;
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Verdict.reask("Your previous answer was not valid JSON (" + e.getOriginalMessage() + "). Answer"
                    + " again with only a JSON value that matches the required schema, without any other text.",
                    "the answer is not JSON");
        }
        if (node == null || node.isMissingNode()) {
            return Verdict.reask("Your previous answer was empty. Answer with only a JSON value that matches the"
                    + " required schema.", "the answer is empty");
        }
        List<Error> errors = schema.get().validate(node);
        if (!errors.isEmpty()) {
            String listed = errors.stream().limit(MAX_ERRORS_QUOTED).map(e -> "- " + e.toString())
                    .collect(Collectors.joining("\n"));
            return Verdict.reask("Your previous answer does not match the required JSON schema:\n" + listed
                    + (errors.size() > MAX_ERRORS_QUOTED ? "\n(and " + (errors.size() - MAX_ERRORS_QUOTED)
                            + " more)" : "")
                    + "\nAnswer again with only the corrected JSON.", errors.size() + " schema violation"
                    + (errors.size() == 1 ? "" : "s"));
        }
        return fence.matches() ? Verdict.rewrite(body, "unwrapped the JSON from a code fence") : Verdict.pass();
    }

    private Optional<Schema> schemaFor(ChatRequest request) {
        if (fixed != null) {
            return Optional.of(fixed);
        }
        ResponseFormat format = request.responseFormat();
        return format.schema().map(s -> compiled.computeIfAbsent(s, JsonSchemaGuardrail::compile));
    }

    @Override
    public String name() {
        return "json-schema";
    }

    @Override
    public Set<GuardrailContext.Stage> stages() {
        return Set.of(GuardrailContext.Stage.OUTPUT);
    }

    @Override
    public String toString() {
        return "JsonSchemaGuardrail{" + (fixed == null ? "from request" : "fixed schema") + "}";
    }
}
