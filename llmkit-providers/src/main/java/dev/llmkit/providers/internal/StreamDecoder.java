package dev.llmkit.providers.internal;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ToolCall;
import java.io.IOException;

/** Turns one provider's server-sent events into tokens, tool calls and a final response. One per stream. */
public interface StreamDecoder {

    /** Where decoded output goes. */
    interface Sink {
        /** A text delta. */
        void token(String text);

        /** A complete tool call. */
        void toolCall(ToolCall call);
    }

    /**
     * Decodes one event.
     *
     * @return true when this was the terminal event ({@code [DONE]}, {@code message_stop})
     * @throws IOException when the event's JSON is malformed
     * @throws dev.llmkit.api.error.LlmException when the event reports an error (e.g. Anthropic's {@code error})
     */
    boolean onEvent(String event, String data, Sink sink) throws IOException;

    /** The response so far: message, usage, finish reason, model. Timings are added by the caller. */
    ChatResponse.Builder response();
}
