package dev.llmkit.testing;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.testing.contract.EmbeddingModelContract;

class FakeEmbeddingModelContractTest extends EmbeddingModelContract {
    private final FakeEmbeddingModel model = new FakeEmbeddingModel(128);

    @Override
    protected EmbeddingModel model() {
        return model;
    }
}
