package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theInMemoryTierIsBounded() {
        EmbeddingCache cache = EmbeddingCache.inMemory(100 * 1024);
        for (int i = 0; i < 1000; i++) {
            cache.put("k" + i, new float[384]);
        }
        // 384 floats weigh about 1.6 KB, so 100 KiB holds about 60 of them
        assertThat(cache.size()).isBetween(1, 70);
    }

    @Test
    void aPersistedCacheReadsEvictedVectorsBackFromItsFile() {
        Path file = tmp.resolve("cache.bin");
        try (EmbeddingCache cache = EmbeddingCache.open(file, 16 * 1024)) {
            for (int i = 0; i < 200; i++) {
                cache.put("k" + i, new float[] {i, i + 1, i + 2});
            }
            assertThat(cache.inMemoryTier("k0")).isFalse();
            assertThat(cache.get("k0")).containsExactly(0, 1, 2);
            assertThat(cache.size()).isEqualTo(200);
        }
        try (EmbeddingCache reopened = EmbeddingCache.open(file, 16 * 1024)) {
            assertThat(reopened.get("k199")).containsExactly(199, 200, 201);
            assertThat(reopened.size()).isEqualTo(200);
        }
    }

    /** Two models whose class simple names and model names agree, as two "Model" classes in two packages would. */
    static final class First {
        static class Model extends Fixed {
            Model(int dimension) {
                super(dimension);
            }
        }
    }

    static final class Second {
        static class Model extends Fixed {
            Model(int dimension) {
                super(dimension);
            }
        }
    }

    private abstract static class Fixed implements EmbeddingModel {
        private final int dimension;

        Fixed(int dimension) {
            this.dimension = dimension;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(t -> new float[dimension]).toList();
        }

        @Override
        public int dimension() {
            return dimension;
        }
    }

    @Test
    void keysNameTheModelsFullIdentityNotItsSimpleName() {
        EmbeddingModel a = new First.Model(4);
        EmbeddingModel b = new Second.Model(4);
        EmbeddingModel wider = new First.Model(8);
        assertThat(a.info()).isEqualTo(b.info()); // the default ModelInfo only knows the simple name
        assertThat(EmbeddingCache.key(a, "text")).isNotEqualTo(EmbeddingCache.key(b, "text"))
                .isNotEqualTo(EmbeddingCache.key(wider, "text"));
        EmbeddingModel renamed = new First.Model(4) {
            @Override
            public ModelInfo info() {
                return ModelInfo.of("local", "bge-small-en-v1.5@rev2");
            }
        };
        assertThat(EmbeddingCache.identity(renamed)).contains("local/bge-small-en-v1.5@rev2/4/");
    }
}
