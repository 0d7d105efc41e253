package dev.llmkit.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of the model's answer: free text, any JSON object, or JSON matching a schema.
 *
 * @param type text, JSON object or JSON schema
 * @param schemaName the schema's name, present for {@link Type#JSON_SCHEMA}
 * @param schema the JSON schema, present for {@link Type#JSON_SCHEMA}
 * @param strict whether the provider should enforce the schema strictly (OpenAI {@code strict: true})
 */
public record ResponseFormat(Type type, Optional<String> schemaName, Optional<JsonNode> schema, boolean strict) {

    /** Free text (the default). */
    public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, Optional.empty(), Optional.empty(), false);
    /** Any JSON object. */
    public static final ResponseFormat JSON_OBJECT =
            new ResponseFormat(Type.JSON_OBJECT, Optional.empty(), Optional.empty(), false);

    /** Validates. */
    public ResponseFormat {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(schema, "schema");
        boolean needsSchema = type == Type.JSON_SCHEMA;
        if (needsSchema != schema.isPresent() || needsSchema != schemaName.isPresent()) {
            throw new IllegalArgumentException("schema and schemaName are required for JSON_SCHEMA and only for it");
        }
        schemaName.ifPresent(n -> {
            if (n.isBlank()) {
                throw new IllegalArgumentException("schemaName must not be blank");
            }
        });
    }

    /** JSON that matches the schema, enforced strictly. */
    public static ResponseFormat jsonSchema(String name, JsonNode schema) {
        return new ResponseFormat(Type.JSON_SCHEMA, Optional.of(name), Optional.of(schema), true);
    }

    /** The kinds of response format. */
    public enum Type {
        /** Free text. */
        TEXT,
        /** Any JSON object. */
        JSON_OBJECT,
        /** JSON matching a schema. */
        JSON_SCHEMA
    }
}
