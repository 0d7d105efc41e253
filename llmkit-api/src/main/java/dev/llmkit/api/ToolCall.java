package dev.llmkit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.error.InvalidRequestException;
import java.util.Objects;

/**
 * A call to a tool that the model asked for.
 *
 * @param id the provider's id for the call, echoed back in the {@link ToolResultMessage}
 * @param name the tool's name
 * @param arguments the arguments as the JSON text the model produced (may be malformed: models err)
 */
public record ToolCall(String id, String name, String arguments) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates. */
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
        if (name.isBlank()) {
            throw new IllegalArgumentException("ToolCall name must not be blank");
        }
    }

    /**
     * The arguments parsed as JSON; an empty object for empty arguments.
     *
     * @throws InvalidRequestException when the model produced malformed JSON; the message quotes the parse error
     */
    public JsonNode argumentsJson() {
        if (arguments.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(arguments);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("Tool call '" + name + "' has malformed JSON arguments ("
                    + e.getOriginalMessage() + "); send the error back to the model so it can correct the call");
        }
    }
}
