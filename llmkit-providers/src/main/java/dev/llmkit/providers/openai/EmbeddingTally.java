package dev.llmkit.providers.openai;

import dev.llmkit.api.Embeddings;
import java.util.ArrayList;
import java.util.List;

/** The vectors and tokens of an embedding call's batches so far; used by one thread at a time. */
final class EmbeddingTally {
    private final List<float[]> vectors;
    private final String model;
    private long tokens;
    private boolean usageKnown = true;

    EmbeddingTally(int texts, String model) {
        this.vectors = new ArrayList<>(texts);
        this.model = model;
    }

    void add(OpenAiCompatibleEmbeddingDecoder.Batch batch) {
        vectors.addAll(batch.vectors());
        if (batch.tokens() < 0) {
            usageKnown = false;
        } else {
            tokens += batch.tokens();
        }
    }

    /** Whether every batch reported its tokens. */
    boolean usageKnown() {
        return usageKnown;
    }

    /** The tokens the batches reported. */
    long tokens() {
        return tokens;
    }

    Embeddings result() {
        Embeddings.Builder b = Embeddings.builder().vectors(vectors).model(model);
        return usageKnown ? b.inputTokens(tokens).build() : b.build();
    }
}
