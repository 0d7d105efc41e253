package dev.llmkit.api.spi;

import dev.llmkit.api.ChatModel;
import java.util.Map;
import java.util.Set;

/** Two chat model providers that both claim the prefix {@code dup}, registered in the test resources. */
final class DuplicateChatModelProviders {
    private DuplicateChatModelProviders() {}

    /** The first. */
    public static final class One implements ChatModelProvider {
        @Override
        public Set<String> prefixes() {
            return Set.of("dup");
        }

        @Override
        public ChatModel create(String prefix, String model, Map<String, String> properties) {
            throw new AssertionError("an ambiguous prefix must not create a model");
        }
    }

    /** The second. */
    public static final class Two implements ChatModelProvider {
        @Override
        public Set<String> prefixes() {
            return Set.of("dup");
        }

        @Override
        public ChatModel create(String prefix, String model, Map<String, String> properties) {
            throw new AssertionError("an ambiguous prefix must not create a model");
        }
    }
}
