package dev.llmkit.api.guardrail;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import java.util.Objects;
import java.util.Optional;

/**
 * What a guardrail checks.
 *
 * @param stage whether this is the model's input or its output
 * @param text the text to check: the last user message's text for input, the answer's text for output
 * @param request the call's request
 * @param response the model's answer, present for {@link Stage#OUTPUT}
 */
public record GuardrailContext(Stage stage, String text, ChatRequest request, Optional<ChatResponse> response) {

    /** Validates. */
    public GuardrailContext {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        if ((stage == Stage.OUTPUT) != response.isPresent()) {
            throw new IllegalArgumentException("response is required for OUTPUT and only for OUTPUT");
        }
    }

    /** The context for checking a request's last user message. */
    public static GuardrailContext input(ChatRequest request) {
        return new GuardrailContext(Stage.INPUT, request.lastUserText(), request, Optional.empty());
    }

    /** The context for checking an answer. */
    public static GuardrailContext output(ChatRequest request, ChatResponse response) {
        return new GuardrailContext(Stage.OUTPUT, response.text(), request, Optional.of(response));
    }

    /** Where a guardrail runs. */
    public enum Stage {
        /** Before the model is called, on the user's text. */
        INPUT,
        /** After the model answered, on its text. */
        OUTPUT
    }
}
