package dev.llmkit.api.guardrail;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a guardrail checks: the text, the stage it comes from and the call around it. Immutable; made through the
 * stage factories.
 *
 * <ul>
 *   <li>{@link Stage#INPUT}: the user's text before the model is called.
 *   <li>{@link Stage#STREAM}: the output streamed so far ({@link #text()} is the partial text); a block stops the
 *       stream at once.
 *   <li>{@link Stage#OUTPUT}: the complete answer.
 *   <li>{@link Stage#UNTRUSTED}: content the model will read that no user typed and no developer wrote in this call:
 *       tool results, retrieved chunks, a system prompt from configuration ({@link #source()} says which).
 * </ul>
 */
public final class GuardrailContext {
    private final Stage stage;
    private final String text;
    private final ChatRequest request;
    private final @Nullable ChatResponse response;
    private final @Nullable Source source;

    private GuardrailContext(Stage stage, String text, ChatRequest request, @Nullable ChatResponse response,
            @Nullable Source source) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.text = Objects.requireNonNull(text, "text");
        this.request = Objects.requireNonNull(request, "request");
        this.response = response;
        this.source = source;
    }

    /** The context for checking a request's last user message. */
    public static GuardrailContext input(ChatRequest request) {
        return new GuardrailContext(Stage.INPUT, request.lastUserText(), request, null, null);
    }

    /** The context for checking the output streamed so far. */
    public static GuardrailContext stream(ChatRequest request, String partialText) {
        return new GuardrailContext(Stage.STREAM, partialText, request, null, null);
    }

    /** The context for checking a complete answer. */
    public static GuardrailContext output(ChatRequest request, ChatResponse response) {
        return new GuardrailContext(Stage.OUTPUT, response.text(), request, Objects.requireNonNull(response,
                "response"), null);
    }

    /** The context for checking content from {@code source} before the model reads it. */
    public static GuardrailContext untrusted(ChatRequest request, Source source, String text) {
        return new GuardrailContext(Stage.UNTRUSTED, text, request, null, Objects.requireNonNull(source, "source"));
    }

    /** Where in the call the text comes from. */
    public Stage stage() {
        return stage;
    }

    /** The text to check. */
    public String text() {
        return text;
    }

    /** The call's request (its context has call id, tenant and user). */
    public ChatRequest request() {
        return request;
    }

    /** The complete answer, present for {@link Stage#OUTPUT} only. */
    public Optional<ChatResponse> response() {
        return Optional.ofNullable(response);
    }

    /** Where untrusted content comes from, present for {@link Stage#UNTRUSTED} only. */
    public Optional<Source> source() {
        return Optional.ofNullable(source);
    }

    /** Stage and length only: the text may be private. */
    @Override
    public String toString() {
        return "GuardrailContext{" + stage + (source == null ? "" : "/" + source) + ", chars=" + text.length() + "}";
    }

    /** Where a guardrail runs. */
    public enum Stage {
        /** Before the model is called, on the user's text. */
        INPUT,
        /** While the answer streams, on the text so far. */
        STREAM,
        /** After the model answered, on its text. */
        OUTPUT,
        /** On content the model will read that comes from outside the call. */
        UNTRUSTED
    }

    /** Where untrusted content comes from. */
    public enum Source {
        /** A tool's result. */
        TOOL_RESULT,
        /** A chunk a retriever found. */
        RETRIEVED,
        /** A system prompt loaded from configuration or a template. */
        SYSTEM_PROMPT,
        /** Anything else from outside the call (a fetched web page, an email). */
        OTHER
    }
}
