package dev.llmkit.api.spi;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.util.Map;
import java.util.Set;

/** Registered in the test resources' META-INF/services. */
public class TestEmbeddingModelProvider implements EmbeddingModelProvider {

    @Override
    public Set<String> prefixes() {
        return Set.of("test");
    }

    @Override
    public EmbeddingModel create(String prefix, String model, Map<String, String> properties) {
        return new FakeEmbeddingModel(16);
    }
}
