package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexGenerationsTest {
    private static final int CHUNKS = 40;

    @TempDir
    Path root;

    private static List<EmbeddedChunk> generation(int gen, int dimension) {
        List<EmbeddedChunk> out = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            float[] v = new float[dimension];
            v[0] = 1;
            v[i % dimension] += 0.5f;
            out.add(new EmbeddedChunk(new Chunk("g" + gen + "-" + i, "doc" + i, "generation text " + i, "doc.md", 0,
                    Map.of("gen", Integer.toString(gen))), v));
        }
        return out;
    }

    private static String gens(List<ScoredChunk> hits) {
        return String.join(",", hits.stream().map(h -> h.chunk().metadata().get("gen")).distinct().toList());
    }

    @Test
    void aRebuildWithAnotherModelSwitchesReadersOnlyWhenItIsCompleteAndKeepsThePreviousGeneration() {
        IndexGenerations generations = IndexGenerations.at(root);
        try (LuceneIndex legacy = LuceneIndex.open(root.resolve("lucene"), "model-a", 3)) {
            legacy.upsert(generation(0, 3));
            legacy.commit();
        }
        assertThat(generations.currentGeneration()).isZero();

        Path g1 = generations.rebuild("model-b", 4, index -> {
            index.upsert(generation(1, 4));
            // mid-build, a new reader still opens the complete old generation
            try (LuceneIndex reader = generations.openReadOnly("model-a", 3)) {
                assertThat(reader.size()).isEqualTo(CHUNKS);
            }
        });

        assertThat(g1.getFileName()).hasToString("lucene-g1");
        assertThat(generations.current()).isEqualTo(g1);
        try (LuceneIndex reader = generations.openReadOnly("model-b", 4)) {
            assertThat(gens(reader.search(new float[] {1, 0, 0, 0}, CHUNKS, MetadataFilter.ALL))).isEqualTo("1");
        }
        assertThatThrownBy(() -> generations.openReadOnly("model-a", 3)).isInstanceOf(ConfigurationException.class);
        assertThat(root.resolve("lucene")).isDirectory(); // the previous generation stays for readers mid-switch

        generations.rebuild("model-b", 4, index -> index.upsert(generation(2, 4)));

        assertThat(generations.currentGeneration()).isEqualTo(2);
        assertThat(root.resolve("lucene")).doesNotExist();
        assertThat(g1).isDirectory();
    }

    @Test
    void aFailedFillLeavesTheCurrentGenerationAndNoFolderBehind() {
        IndexGenerations generations = IndexGenerations.at(root);
        generations.rebuild("m", 3, index -> index.upsert(generation(1, 3)));

        assertThatThrownBy(() -> generations.rebuild("m", 3, index -> {
            index.upsert(generation(2, 3));
            throw new IllegalStateException("the embedding model went away");
        })).hasMessage("the embedding model went away");

        assertThat(generations.currentGeneration()).isEqualTo(1);
        assertThat(root.resolve("lucene-g2")).doesNotExist();
        assertThat(generations.rebuild("m", 3, index -> index.upsert(generation(2, 3))).getFileName())
                .hasToString("lucene-g2");
    }

    @Test
    void aCorruptPointerIsATypedErrorThatSaysWhatToDo() throws Exception {
        Files.createDirectories(root);
        Files.writeString(root.resolve(IndexGenerations.CURRENT), "../../etc");

        assertThatThrownBy(() -> IndexGenerations.at(root).current()).hasMessageContaining("not an index generation")
                .hasMessageContaining("delete the file");
    }

    @Test
    void liveReadersSeeOneCompleteGenerationAcrossManyRebuildsAndSwitches() throws Exception {
        IndexGenerations generations = IndexGenerations.at(root);
        generations.rebuild("m", 3, index -> index.upsert(generation(1, 3)));
        LiveIndex live = LiveIndex.open(generations, "m", 3);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService readers = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            boolean keyword = t % 2 == 0;
            readers.submit(() -> {
                while (!stop.get()) {
                    try {
                        List<ScoredChunk> hits = keyword
                                ? live.searchText("generation text", CHUNKS, MetadataFilter.ALL)
                                : live.search(new float[] {1, 0.2f, 0.1f}, CHUNKS, MetadataFilter.ALL);
                        String g = gens(hits);
                        if (hits.size() != CHUNKS || g.contains(",")) {
                            errors.add(new AssertionError(hits.size() + " hits of generations " + g));
                        }
                        seen.add(g);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            });
        }
        try {
            for (int gen = 2; gen <= 6; gen++) {
                int g = gen;
                generations.rebuild("m", 3, index -> index.upsert(generation(g, 3)));
                live.refresh();
                assertThat(live.folder().getFileName()).hasToString("lucene-g" + gen);
                Thread.sleep(50);
            }
        } finally {
            stop.set(true);
            readers.shutdown();
            assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(errors).isEmpty();
        assertThat(seen).contains("1", "6");
        assertThat(gens(live.search(new float[] {1, 0, 0}, CHUNKS, MetadataFilter.ALL))).isEqualTo("6");
        live.close();
        assertThatThrownBy(() -> live.search(new float[] {1, 0, 0}, 1, MetadataFilter.ALL))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> live.upsert(generation(7, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rebuild");
    }
}
