package dev.llmkit.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.llmkit.api.ChatModel;
import java.util.Objects;

/**
 * Chat models across the two libraries, both ways: any LangChain4j {@code ChatModel} or {@code StreamingChatModel}
 * (any provider LangChain4j supports) as an llmkit {@link ChatModel}, so llmkit's retries, breakers, router, cache,
 * guardrails and observability wrap it; and any llmkit model (with all its decorators) as a LangChain4j one, for
 * {@code AiServices} and the rest of a LangChain4j application.
 *
 * <pre>{@code
 * ChatModel model = LangChain4jChat.from(lc4jChatModel, lc4jStreamingChatModel);
 * dev.langchain4j.model.chat.ChatModel back = LangChain4jChat.toLangChain4j(Retry.wrap(model));
 * }</pre>
 *
 * <p>Messages (system, user with text and images, assistant with tool calls, tool results), sampling options, stop
 * sequences, tools and tool choice, JSON response formats, token usage and finish reasons map both ways. Failures map
 * to the other library's exception of the same kind, so a rate limit stays a rate limit and retryable stays
 * retryable. LangChain4j cannot force one named tool: such a request offers only that tool and requires a call.
 */
public final class LangChain4jChat {
    private LangChain4jChat() {}

    /**
     * {@code model} as an llmkit model. Its {@code stream} calls the model on the caller's thread and delivers the
     * answer as one token, since a blocking model cannot stream; a cancel after the call started takes effect when it
     * returns.
     */
    public static ChatModel from(dev.langchain4j.model.chat.ChatModel model) {
        return new FromLangChain4jChat(Objects.requireNonNull(model, "model"), null);
    }

    /** {@code model} as an llmkit model; {@code chat} streams and waits (until the request's deadline, if any). */
    public static ChatModel from(StreamingChatModel model) {
        return new FromLangChain4jChat(null, Objects.requireNonNull(model, "model"));
    }

    /** The two as one llmkit model: {@code chat} calls {@code model}, {@code stream} calls {@code streaming}. */
    public static ChatModel from(dev.langchain4j.model.chat.ChatModel model, StreamingChatModel streaming) {
        return new FromLangChain4jChat(Objects.requireNonNull(model, "model"),
                Objects.requireNonNull(streaming, "streaming"));
    }

    /** {@code model} as a LangChain4j {@code ChatModel}. */
    public static dev.langchain4j.model.chat.ChatModel toLangChain4j(ChatModel model) {
        return new ToLangChain4jChat(Objects.requireNonNull(model, "model"));
    }

    /**
     * {@code model} as a LangChain4j {@code StreamingChatModel}: tokens arrive as partial responses whose context's
     * handle cancels the llmkit stream, each tool call as a complete tool call.
     */
    public static StreamingChatModel toLangChain4jStreaming(ChatModel model) {
        return new ToLangChain4jStreaming(Objects.requireNonNull(model, "model"));
    }
}
