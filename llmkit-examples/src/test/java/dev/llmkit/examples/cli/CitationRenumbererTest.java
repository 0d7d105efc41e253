package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.rag.Citation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CitationRenumbererTest {
    private static Citation source(int n) {
        Chunk chunk = new Chunk("d" + n + "#0", "d" + n, "text " + n, "doc" + n + ".md", 0, Map.of());
        return new Citation(n, "doc" + n + ".md", 0, "", new ScoredChunk(chunk, 1.0));
    }

    private final List<Citation> sources = List.of(source(1), source(2), source(3));

    @Test
    void numbersCitationsInOrderOfFirstUseEvenWhenTokensSplitAMarker() {
        CitationRenumberer r = new CitationRenumberer(sources);

        String text = r.accept("Use retries [") + r.accept("3") + r.accept("] and a breaker [2][3].") + r.finish();

        assertThat(text).isEqualTo("Use retries [1] and a breaker [2][1].");
        assertThat(r.cited()).extracting(Citation::number, Citation::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "doc3.md"),
                        org.assertj.core.groups.Tuple.tuple(2, "doc2.md"));
    }

    @Test
    void leavesTextThatIsNotACitationAlone() {
        CitationRenumberer r = new CitationRenumberer(sources);

        assertThat(r.apply("Arrays [i] and [7], lists [2, 3] and a dangling [1")).isEqualTo(
                "Arrays [i] and [7], lists [1, 2] and a dangling [1");
        assertThat(r.cited()).hasSize(2);
    }
}
