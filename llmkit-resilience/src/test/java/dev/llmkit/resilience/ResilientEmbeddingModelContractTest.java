package dev.llmkit.resilience;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.contract.EmbeddingModelContract;

/** The embedding contract through the decorator, over a fake that embeds at most two texts at once. */
class ResilientEmbeddingModelContractTest extends EmbeddingModelContract {
    private final EmbeddingModel model = ResilientEmbeddingModel.wrap(new FakeEmbeddingModel(32, 2));

    @Override
    protected EmbeddingModel model() {
        return model;
    }
}
