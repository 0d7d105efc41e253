package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Document;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static final String MD = """
            # Guide

            Intro paragraph.

            ## Retry

            Retries back off exponentially.

            ```java
            Retry retry = Retry.of(config);

            retry.call(model);
            ```

            ## Breaker

            The breaker opens.
            """;

    @Test
    void markdownChunksFollowHeadingsAndKeepCodeBlocksWhole() {
        List<Chunk> chunks = MarkdownChunker.builder().maxTokens(60).build()
                .chunk(new Document("guide.md", MD, "guide.md", Map.of("title", "Guide")));

        assertThat(chunks).extracting(c -> c.metadata().get("heading"))
                .containsExactly("Guide", "Guide > Retry", "Guide > Breaker");
        assertThat(chunks.get(1).text()).startsWith("Guide > Retry").contains("retry.call(model);")
                .contains("Retry retry = Retry.of(config);");
        assertThat(chunks).extracting(Chunk::position).containsExactly(0, 1, 2);
        assertThat(chunks).allSatisfy(c -> assertThat(c.metadata()).containsEntry("title", "Guide"));
    }

    @Test
    void chunkIdsAreStableAndChangeWithContent() {
        Chunker chunker = Chunker.defaults();
        Document doc = new Document("a.md", MD, "a.md", Map.of());

        assertThat(chunker.chunk(doc)).extracting(Chunk::id).isEqualTo(chunker.chunk(doc).stream().map(Chunk::id).toList());
        List<Chunk> original = MarkdownChunker.builder().maxTokens(60).build().chunk(doc);
        List<Chunk> edited = MarkdownChunker.builder().maxTokens(60).build()
                .chunk(new Document("a.md", MD + "\nMore.", "a.md", Map.of()));
        assertThat(edited.get(0).id()).isEqualTo(original.get(0).id());
        assertThat(edited.get(edited.size() - 1).id()).isNotEqualTo(original.get(original.size() - 1).id());
    }

    @Test
    void chunksStayWithinTheBudgetAndLongParagraphsAreWindowed() {
        String longPara = "word ".repeat(500);
        TokenCounter counter = TokenCounter.estimator();

        List<Chunk> chunks = MarkdownChunker.builder().maxTokens(64).build()
                .chunk(new Document("long.txt", longPara, "long.txt", Map.of()));

        assertThat(chunks).hasSizeGreaterThan(7);
        assertThat(chunks).allSatisfy(c -> assertThat(counter.count(c.text())).isLessThanOrEqualTo(64));
    }

    @Test
    void tokenWindowsOverlap() {
        List<Chunk> chunks = TokenWindowChunker.builder().windowTokens(10).overlapTokens(3).build()
                .chunk(Document.of("n.txt", "a b c d e f g h i j k l m n o p q r s t"));

        assertThat(chunks.get(0).text()).isEqualTo("a b c d e f g h i j");
        assertThat(chunks.get(1).text()).startsWith("h i j k");
        assertThatThrownBy(() -> TokenWindowChunker.builder().windowTokens(10).overlapTokens(10).build())
                .hasMessageContaining("less than windowTokens");
    }
}
