package dev.llmkit.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the model is told about a tool: its name, what it does, and a JSON schema of its parameters.
 *
 * @param name the tool's name: letters, digits, {@code _} and {@code -}, 1 to 64 characters (the providers' rule)
 * @param description what the tool does and when to use it; the model reads this
 * @param parameters a JSON schema of type {@code object}; an empty object schema when the tool takes nothing
 */
public record ToolSpec(String name, String description, JsonNode parameters) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Validates. */
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameters, "parameters");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Tool name '" + name
                    + "' is invalid: use 1 to 64 letters, digits, '_' or '-'");
        }
        if (!parameters.isObject()) {
            throw new IllegalArgumentException("Tool '" + name + "' parameters must be a JSON schema object");
        }
    }

    /** A tool that takes no parameters. */
    public static ToolSpec noParameters(String name, String description) {
        var schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.putObject("properties");
        return new ToolSpec(name, description, schema);
    }
}
