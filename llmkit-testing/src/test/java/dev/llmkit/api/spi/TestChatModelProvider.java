package dev.llmkit.api.spi;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.testing.FakeChatModel;
import java.util.Map;
import java.util.Set;

/** Registered in the test resources' META-INF/services. */
public class TestChatModelProvider implements ChatModelProvider {

    @Override
    public Set<String> prefixes() {
        return Set.of("test", "test-alias");
    }

    @Override
    public ChatModel create(String prefix, String model, Map<String, String> properties) {
        String greeting = properties.getOrDefault("greeting", "hello");
        FakeChatModel fake = FakeChatModel.always(greeting + " from " + model);
        return new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                return fake.chat(request);
            }

            @Override
            public StreamHandle stream(ChatRequest request, StreamHandler handler) {
                return fake.stream(request, handler);
            }

            @Override
            public ModelInfo info() {
                return ModelInfo.of("test", model);
            }
        };
    }
}
