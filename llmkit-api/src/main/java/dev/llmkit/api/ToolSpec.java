package dev.llmkit.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the model is told about a tool: its name, what it does, a JSON schema of its parameters, and whether the
 * provider must hold the model's arguments to that schema exactly ({@link #strict()}). Immutable.
 *
 * <pre>{@code
 * ToolSpec weather = ToolSpec.of("weather", "Current weather for a city", schema).withStrict(true);
 * }</pre>
 */
public final class ToolSpec {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final String description;
    private final JsonNode parameters;
    private final boolean strict;

    private ToolSpec(String name, String description, JsonNode parameters, boolean strict) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameters, "parameters");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Tool name '" + name
                    + "' is invalid: use 1 to 64 letters, digits, '_' or '-'");
        }
        if (!parameters.isObject()) {
            throw new IllegalArgumentException("Tool '" + name + "' parameters must be a JSON schema object");
        }
        this.parameters = parameters.deepCopy();
        this.strict = strict;
    }

    /**
     * A tool with a parameter schema.
     *
     * @param name letters, digits, {@code _} and {@code -}, 1 to 64 characters (the providers' rule)
     * @param description what the tool does and when to use it; the model reads this
     * @param parameters a JSON schema of type {@code object}; copied
     */
    public static ToolSpec of(String name, String description, JsonNode parameters) {
        return new ToolSpec(name, description, parameters, false);
    }

    /** A tool that takes no parameters. */
    public static ToolSpec noParameters(String name, String description) {
        var schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.putObject("properties");
        return of(name, description, schema);
    }

    /**
     * This tool with strict argument checking on or off. With it on, providers that support it (OpenAI's
     * {@code strict: true}) constrain the model's arguments to the schema; providers that do not fail the request
     * with an {@link dev.llmkit.api.error.InvalidRequestException} rather than ignore it.
     */
    public ToolSpec withStrict(boolean strict) {
        return strict == this.strict ? this : new ToolSpec(name, description, parameters, strict);
    }

    /** The tool's name. */
    public String name() {
        return name;
    }

    /** What the tool does; the model reads this. */
    public String description() {
        return description;
    }

    /** The JSON schema of the parameters; a copy, so the spec stays immutable. */
    public JsonNode parameters() {
        return parameters.deepCopy();
    }

    /** Whether the provider must hold arguments to the schema exactly. */
    public boolean strict() {
        return strict;
    }

    /** Equal when name, description, schema and strictness are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ToolSpec t && name.equals(t.name) && description.equals(t.description)
                && parameters.equals(t.parameters) && strict == t.strict;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, parameters, strict);
    }

    @Override
    public String toString() {
        return "ToolSpec{" + name + (strict ? ", strict" : "") + "}";
    }
}
