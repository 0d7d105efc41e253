package dev.llmkit.langchain4j;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.contract.ChatModelContract;
import org.junit.jupiter.api.Nested;

/**
 * llmkit's chat model contract through both bridges: an llmkit model seen as a LangChain4j one and back, with the
 * blocking and the streaming LangChain4j interfaces, alone and together.
 */
class LangChain4jChatContractTest {

    private static ChatModel failing() {
        return FakeChatModel.builder()
                .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("HTTP 503 from fake")))
                .build();
    }

    @Nested
    class BlockingAndStreaming extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            ChatModel fake = FakeChatModel.always(text);
            return LangChain4jChat.from(LangChain4jChat.toLangChain4j(fake), LangChain4jChat.toLangChain4jStreaming(fake));
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            ChatModel fake = failing();
            return LangChain4jChat.from(LangChain4jChat.toLangChain4j(fake), LangChain4jChat.toLangChain4jStreaming(fake));
        }
    }

    @Nested
    class StreamingOnly extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return LangChain4jChat.from(LangChain4jChat.toLangChain4jStreaming(FakeChatModel.always(text)));
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return LangChain4jChat.from(LangChain4jChat.toLangChain4jStreaming(failing()));
        }
    }

    @Nested
    class BlockingOnly extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return LangChain4jChat.from(LangChain4jChat.toLangChain4j(FakeChatModel.always(text)));
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return LangChain4jChat.from(LangChain4jChat.toLangChain4j(failing()));
        }
    }
}
