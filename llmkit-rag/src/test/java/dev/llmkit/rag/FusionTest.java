package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionTest {

    private static ScoredChunk sc(String id, double score) {
        return new ScoredChunk(new Chunk(id, "d-" + id, id, "s", 0, Map.of()), score);
    }

    @Test
    void rrfSumsReciprocalRanks() {
        List<ScoredChunk> a = List.of(sc("x", 9), sc("y", 5), sc("z", 1));
        List<ScoredChunk> b = List.of(sc("y", 0.9), sc("w", 0.8));

        List<ScoredChunk> fused = Fusion.rrf(List.of(a, b), 60);

        assertThat(fused).extracting(s -> s.chunk().id()).containsExactly("y", "x", "w", "z");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 62 + 1.0 / 61, within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 61, within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
        assertThat(fused.get(3).score()).isCloseTo(1.0 / 63, within(1e-12));
    }

    @Test
    void weightedFusionNormalisesEachListThenWeighs() {
        List<ScoredChunk> dense = List.of(sc("x", 0.9), sc("y", 0.7), sc("z", 0.5));
        List<ScoredChunk> bm25 = List.of(sc("z", 30), sc("y", 20), sc("q", 10));

        List<ScoredChunk> fused = Fusion.weighted(List.of(dense, bm25), List.of(0.7, 0.3));

        // x: 0.7*1 ; y: 0.7*0.5 + 0.3*0.5 = 0.5 ; z: 0 + 0.3*1 = 0.3 ; q: 0
        assertThat(fused).extracting(s -> s.chunk().id()).containsExactly("x", "y", "z", "q");
        assertThat(fused).extracting(ScoredChunk::score).usingElementComparator((a, b) ->
                Math.abs(a - b) < 1e-12 ? 0 : Double.compare(a, b)).containsExactly(0.7, 0.5, 0.3, 0.0);
    }

    @Test
    void aListWithEqualScoresCountsFullyAndEmptyListsAreIgnored() {
        List<ScoredChunk> flat = List.of(sc("a", 3), sc("b", 3));

        List<ScoredChunk> fused = Fusion.weighted(List.of(flat, List.of()), List.of(0.5, 0.5));

        assertThat(fused).extracting(ScoredChunk::score).containsExactly(0.5, 0.5);
    }

    @Test
    void zScoreFusionStandardisesEachListAndGivesMissingChunksTheListsFloor() {
        List<ScoredChunk> dense = List.of(sc("x", 0.9), sc("y", 0.6), sc("z", 0.3));
        List<ScoredChunk> bm25 = List.of(sc("y", 10), sc("q", 4), sc("x", 1));
        double sd1 = Math.sqrt((0.09 + 0 + 0.09) / 3);
        double sd2 = Math.sqrt((25 + 1 + 16) / 3.0);

        List<ScoredChunk> fused = Fusion.zScore(List.of(dense, bm25), List.of(1.0, 0.5));

        double x = 0.3 / sd1 + 0.5 * (-4 / sd2);
        double y = 0 + 0.5 * (5 / sd2);
        double z = -0.3 / sd1 + 0.5 * (-4 / sd2);
        double q = -0.3 / sd1 + 0.5 * (-1 / sd2);
        assertThat(fused).extracting(s -> s.chunk().id()).containsExactly("x", "y", "q", "z");
        assertThat(fused.get(0).score()).isCloseTo(x, within(1e-9));
        assertThat(fused.get(1).score()).isCloseTo(y, within(1e-9));
        assertThat(fused.get(2).score()).isCloseTo(q, within(1e-9));
        assertThat(fused.get(3).score()).isCloseTo(z, within(1e-9));
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> Fusion.rrf(List.of(), 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Fusion.weighted(List.of(List.of()), List.of(0.5, 0.5)))
                .hasMessageContaining("1 lists but 2 weights");
        assertThatThrownBy(() -> Fusion.weighted(List.of(List.of()), List.of(-1.0))).hasMessageContaining("non-negative");
    }
}
