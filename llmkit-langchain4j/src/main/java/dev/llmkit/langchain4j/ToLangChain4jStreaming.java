package dev.llmkit.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;

/** An llmkit model behind LangChain4j's streaming interface. */
final class ToLangChain4jStreaming implements StreamingChatModel {
    private final ChatModel delegate;

    ToLangChain4jStreaming(ChatModel delegate) {
        this.delegate = delegate;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        dev.llmkit.api.ChatRequest mapped;
        try {
            mapped = ChatMapping.fromLangChain4j(request);
        } catch (LlmException e) {
            handler.onError(ChatMapping.toLangChain4j(e));
            return;
        }
        delegate.stream(mapped, new StreamHandler() {
            private StreamingHandle handle = new Cancelling(StreamHandle.ended());
            private int toolIndex;

            @Override
            public void onStart(StreamHandle started) {
                handle = new Cancelling(started);
            }

            @Override
            public void onToken(String token) {
                handler.onPartialResponse(new PartialResponse(token), new PartialResponseContext(handle));
            }

            @Override
            public void onToolCall(ToolCall toolCall) {
                handler.onCompleteToolCall(new CompleteToolCall(toolIndex++, ChatMapping.toLangChain4j(toolCall)));
            }

            @Override
            public void onComplete(ChatResponse response) {
                handler.onCompleteResponse(ChatMapping.toLangChain4j(response));
            }

            @Override
            public void onError(LlmException error) {
                handler.onError(ChatMapping.toLangChain4j(error));
            }
        });
    }

    @Override
    public String toString() {
        return "LangChain4j streaming view of " + delegate;
    }

    /** LangChain4j's handle over llmkit's. */
    private record Cancelling(StreamHandle handle) implements StreamingHandle {
        @Override
        public void cancel() {
            handle.cancel();
        }

        @Override
        public boolean isCancelled() {
            return handle.isCancelled();
        }
    }
}
