package dev.llmkit.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.ScoredChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalEventTest {

    private static ScoredChunk hit(String id, double score) {
        return new ScoredChunk(new Chunk(id, "d", "t", "s", 0, Map.of()), score);
    }

    @Test
    void carriesIdsAndScoresInRankOrder() {
        RetrievalEvent e = RetrievalEvent.builder().retriever("bm25").query("circuit breaker")
                .results(List.of(hit("b", 2.5), hit("a", 1.0))).topK(5).latency(Duration.ofMillis(3)).callId("c-1")
                .build();

        assertThat(e.retriever()).isEqualTo("bm25");
        assertThat(e.query()).isEqualTo("circuit breaker");
        assertThat(e.chunkIds()).containsExactly("b", "a");
        assertThat(e.scores()).containsExactly(2.5, 1.0);
        assertThat(e.topK()).isEqualTo(5);
        assertThat(e.latency()).isEqualTo(Duration.ofMillis(3));
        assertThat(e.callId()).contains("c-1");
    }

    @Test
    void toBuilderCopiesEveryValue() {
        RetrievalEvent e = RetrievalEvent.builder().retriever("dense").query("q").results(List.of("x"), List.of(0.5))
                .topK(3)
                .latency(Duration.ofMillis(1)).callId("c").build();

        RetrievalEvent copy = e.toBuilder().topK(4).build();

        assertThat(copy.chunkIds()).containsExactly("x");
        assertThat(copy.scores()).containsExactly(0.5);
        assertThat(copy.callId()).contains("c");
        assertThat(copy.topK()).isEqualTo(4);
        assertThat(e.topK()).isEqualTo(3);
    }

    @Test
    void listsAreUnmodifiableCopies() {
        List<String> ids = new ArrayList<>(List.of("a"));
        RetrievalEvent e = RetrievalEvent.builder().retriever("bm25").query("q").results(ids, List.of(1.0)).build();
        ids.add("b");

        assertThat(e.chunkIds()).containsExactly("a");
        assertThatThrownBy(() -> e.chunkIds().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesInvalidValues() {
        RetrievalEvent.Builder b = RetrievalEvent.builder().retriever("bm25").query("q");

        assertThatThrownBy(() -> RetrievalEvent.builder().retriever(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrievalEvent.builder().query("q").build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("retriever is required");
        assertThatThrownBy(() -> b.results(List.of("a"), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.results(List.of("a"), List.of(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.topK(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.callId("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noneIgnoresEventsAndSafeIsolatesAThrowingListener() {
        RetrievalEvent e = RetrievalEvent.builder().retriever("bm25").query("q").build();
        RetrievalListener.NONE.onRetrieval(e);

        RetrievalListener.safe(ev -> {
            throw new IllegalStateException("bug");
        }).onRetrieval(e);

        assertThat(RetrievalListener.safe(RetrievalListener.NONE)).isSameAs(RetrievalListener.NONE);
    }
}
