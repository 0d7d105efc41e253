package dev.llmkit.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.ScoredChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalEvaluatorTest {

    @Test
    void ndcgUsesLinearGradedGainsAndTheIdealFromAllJudgedDocuments() {
        Map<String, Integer> judged = Map.of("a", 3, "b", 2, "c", 1, "z", 0);
        List<String> ranking = List.of("b", "x", "a");

        double dcg = 2 / log2(2) + 0 + 3 / log2(4);
        double idcg = 3 / log2(2) + 2 / log2(3) + 1 / log2(4);
        assertThat(RetrievalEvaluator.ndcgAt(ranking, judged, 10)).isCloseTo(dcg / idcg, within(1e-12));
        assertThat(RetrievalEvaluator.recallAt(ranking, judged, 10)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(RetrievalEvaluator.recallAt(ranking, judged, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RetrievalEvaluator.mrrAt(List.of("x", "z", "c"), judged, 10)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RetrievalEvaluator.mrrAt(List.of("x"), judged, 10)).isZero();
    }

    @Test
    void chunksCollapseToTheirDocumentAtItsBestRank() {
        List<ScoredChunk> hits = List.of(hit("d1#0", "d1"), hit("d2#0", "d2"), hit("d1#1", "d1"));

        assertThat(RetrievalEvaluator.documentRanking(hits)).containsExactly("d1", "d2");
    }

    @Test
    void loadsABeirFolderAndEvaluatesARetriever(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "", "text": "alpha"}
                {"_id": "d2", "title": "Beta", "text": "beta"}
                """);
        Files.writeString(dir.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "find alpha"}
                {"_id": "q2", "text": "not judged"}
                """);
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");

        BeirDataset data = BeirDataset.load(dir);
        RetrievalMetrics perfect = RetrievalEvaluator.evaluate(q -> List.of(hit("d1#0", "d1")), data);

        assertThat(data.corpus()).hasSize(2);
        assertThat(data.queries()).containsOnlyKeys("q1");
        assertThat(perfect.ndcgAt10()).isEqualTo(1.0);
        assertThat(perfect.mrrAt10()).isEqualTo(1.0);
        assertThat(perfect.queries()).isEqualTo(1);
        assertThatThrownBy(() -> BeirDataset.load(dir.resolve("nope"))).hasMessageContaining("Not a BEIR folder");
    }

    private static ScoredChunk hit(String id, String doc) {
        return new ScoredChunk(new Chunk(id, doc, "t", doc, 0, Map.of()), 1.0);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
