package dev.llmkit.langchain4j;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.error.LlmException;

/** An llmkit model behind LangChain4j's blocking interface. */
final class ToLangChain4jChat implements dev.langchain4j.model.chat.ChatModel {
    private final ChatModel delegate;

    ToLangChain4jChat(ChatModel delegate) {
        this.delegate = delegate;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        try {
            return ChatMapping.toLangChain4j(delegate.chat(ChatMapping.fromLangChain4j(request)));
        } catch (LlmException e) {
            throw ChatMapping.toLangChain4j(e);
        }
    }

    @Override
    public String toString() {
        return "LangChain4j view of " + delegate;
    }
}
