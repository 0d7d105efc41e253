package dev.llmkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.store.InMemoryChangeFeed;
import dev.llmkit.testing.FakeChatModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two instances' caches kept in step through a change feed. */
class CacheSyncTest {
    private final TableEmbedder embedder = new TableEmbedder();

    private static FakeChatModel model(String instance) {
        return FakeChatModel.builder().otherwise(r -> instance + " answers " + r.lastUserText()).build();
    }

    @Test
    void anAnswerStoredOnOneInstanceIsASemanticHitOnAnotherAndAnInvalidationReachesIt() {
        embedder.near("How can I change my password?", "How do I reset my password?", 0.95);
        InMemoryChangeFeed feed = new InMemoryChangeFeed();
        FakeChatModel modelA = model("A");
        FakeChatModel modelB = model("B");
        try (ResponseCache a = ResponseCache.builder(modelA).semantic(embedder, 0.90).semanticRefresh(Duration.ZERO)
                .sync(feed).build();
                ResponseCache b = ResponseCache.builder(modelB).semantic(embedder, 0.90)
                        .semanticRefresh(Duration.ZERO).sync(feed).build()) {
            a.chat(ChatRequest.of("How do I reset my password?"));
            int embeddingsBefore = embedder.calls();

            ChatResponse r = b.chat(ChatRequest.of("How can I change my password?"));

            assertThat(modelB.callCount()).as("answered from A's stored answer").isZero();
            assertThat(r.text()).isEqualTo("A answers How do I reset my password?");
            assertThat(r.attribute(ChatResponse.ATTR_CACHE)).contains("semantic");
            assertThat(embedder.calls() - embeddingsBefore).as("B embedded only its own question").isEqualTo(1);
            assertThat(b.size()).isEqualTo(1);

            assertThat(a.invalidateAll()).isEqualTo(1);

            assertThat(b.size()).isZero();
            b.chat(ChatRequest.of("How can I change my password?"));
            assertThat(modelB.callCount()).isEqualTo(1);
        }
    }

    @Test
    void aCachedAnswerReadsBackFromItsJson() {
        CachedAnswer e = CachedAnswer.of(ChatResponse.of("Paris", "m"), "Capital of France?", java.time.Instant
                .ofEpochMilli(1_700_000_000_000L), "acme", java.util.Set.of("geo"), java.util.Set.of("doc-1"), "v1");

        CachedAnswer back = CachedAnswer.fromJson(e.toJson());

        assertThat(back.response().text()).isEqualTo("Paris");
        assertThat(back.question()).isEqualTo("Capital of France?");
        assertThat(back.tenant()).isEqualTo("acme");
        assertThat(back.tags()).containsExactly("geo");
        assertThat(back.sources()).containsExactly("doc-1");
        assertThat(back.modelVersion()).isEqualTo("v1");
        assertThat(back.storedAt()).isEqualTo(e.storedAt());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CachedAnswer.fromJson("{half"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toJson");
    }
}
