package dev.llmkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.UserMessage;
import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CacheMissEvent;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.RecordingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The semantic cache: threshold, verifier, partitions (tenant, system prompt, earlier turns) and near misses. */
class SemanticCacheTest {
    private final TableEmbedder embedder = new TableEmbedder();
    private final RecordingListener events = new RecordingListener();
    private final FakeChatModel model = FakeChatModel.builder().otherwise(r -> "answer to " + r.lastUserText())
            .build();
    private ResponseCache cache;

    @AfterEach
    void close() {
        cache.close();
    }

    private ResponseCache semantic(HitVerifier verifier) {
        return ResponseCache.builder(model).semantic(embedder, 0.90).semanticRefresh(java.time.Duration.ZERO)
                .verifier(verifier).listener(events).build();
    }

    @Test
    void aParaphraseAboveTheThresholdIsServedTheStoredAnswer() {
        embedder.near("How can I change my password?", "How do I reset my password?", 0.95);
        cache = semantic(HitVerifier.lexical());
        cache.chat(ChatRequest.of("How do I reset my password?"));

        ChatResponse r = cache.chat(ChatRequest.of("How can I change my password?"));

        assertThat(model.callCount()).isEqualTo(1);
        assertThat(r.text()).isEqualTo("answer to How do I reset my password?");
        assertThat(r.attribute(ChatResponse.ATTR_CACHE)).contains("semantic");
        assertThat(r.attribute(ResponseCache.ATTR_SIMILARITY)).contains("0.950");
        assertThat(events.of(CacheHitEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.similarity()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-4)));
    }

    @Test
    void aCandidateBelowTheThresholdIsANearMissWithItsReason() {
        embedder.near("Where is my parcel?", "How do I reset my password?", 0.88);
        cache = semantic(HitVerifier.lexical());
        cache.chat(ChatRequest.of("How do I reset my password?"));
        cache.chat(ChatRequest.of("Where is my parcel?"));

        assertThat(model.callCount()).isEqualTo(2);
        CacheMissEvent miss = events.of(CacheMissEvent.class).get(1);
        assertThat(miss.similarity()).isCloseTo(0.88, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(miss.reason()).hasValueSatisfying(r -> assertThat(r).contains("below the threshold 0.900"));
    }

    @Test
    void theVerifierRefusesAnswersToADifferentNumberOrANegation() {
        embedder.near("What is 2+3?", "What is 2+2?", 0.99);
        embedder.near("Please don't cancel my order", "Please cancel my order", 0.97);
        cache = semantic(HitVerifier.lexical());
        cache.chat(ChatRequest.of("What is 2+2?"));
        cache.chat(ChatRequest.of("Please cancel my order"));

        assertThat(cache.chat(ChatRequest.of("What is 2+3?")).text()).isEqualTo("answer to What is 2+3?");
        assertThat(cache.chat(ChatRequest.of("Please don't cancel my order")).text())
                .isEqualTo("answer to Please don't cancel my order");
        assertThat(events.of(CacheMissEvent.class)).extracting(e -> e.reason().orElse(""))
                .contains("numbers differ", "negation or opposite words differ");

        ResponseCache blind = ResponseCache.builder(model).semantic(embedder, 0.90)
                .semanticRefresh(java.time.Duration.ZERO).verifier(HitVerifier.none())
                .build();
        blind.chat(ChatRequest.of("What is 2+2?"));
        assertThat(blind.chat(ChatRequest.of("What is 2+3?")).text()).isEqualTo("answer to What is 2+2?");
        blind.close();
    }

    @Test
    void aRefusedNearestCandidateDoesNotHideTheRightOneBehindIt() {
        embedder.near("What is 2 plus 3?", "What is 2+2?", 0.99);
        embedder.near("What is 2+3?", "What is 2+2?", 0.98);
        cache = semantic(HitVerifier.lexical());
        cache.chat(ChatRequest.of("What is 2+2?"));
        cache.chat(ChatRequest.of("What is 2+3?"));

        ChatResponse r = cache.chat(ChatRequest.of("What is 2 plus 3?"));

        assertThat(r.text()).isEqualTo("answer to What is 2+3?");
    }

    @Test
    void aHitNeedsTheSameSystemPromptAndTheSameEarlierTurns() {
        embedder.near("how do i reset my password", "How do I reset my password?", 0.97);
        cache = semantic(HitVerifier.lexical());
        cache.chat(ChatRequest.builder().system("Answer for admins.").user("How do I reset my password?").build());

        cache.chat(ChatRequest.builder().system("Answer for end users.").user("how do i reset my password").build());
        assertThat(model.callCount()).isEqualTo(2);

        ChatRequest earlier = ChatRequest.builder().system("Answer for admins.").user("I use SSO.")
                .message(dev.llmkit.api.AssistantMessage.of("Noted.")).user("how do i reset my password").build();
        cache.chat(earlier);
        assertThat(model.callCount()).isEqualTo(3);

        cache.chat(ChatRequest.builder().system("Answer for admins.").user("how do i reset my password").build());
        assertThat(model.callCount()).isEqualTo(3);
    }

    @Test
    void anImageInTheQuestionIsNeverMatchedOnItsTextAlone() {
        cache = semantic(HitVerifier.lexical());
        ChatRequest withImage = ChatRequest.builder().message(UserMessage.of(
                new dev.llmkit.api.ContentPart.Text("What is in this picture?"),
                new dev.llmkit.api.ContentPart.ImageUrl(java.net.URI.create("https://example.com/a.png")))).build();
        cache.chat(ChatRequest.of("What is in this picture?"));
        cache.chat(withImage);
        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void aFailingEmbeddingModelMeansAMissNotAFailure() {
        cache = semantic(HitVerifier.lexical());
        embedder.failing(true);
        assertThat(cache.chat(ChatRequest.of("q")).text()).isEqualTo("answer to q");
        assertThat(cache.chat(ChatRequest.of("q")).attribute(ChatResponse.ATTR_CACHE)).contains("exact");
        assertThat(events.of(CacheMissEvent.class)).first()
                .satisfies(e -> assertThat(e.reason()).contains("the embedding model failed"));
    }

    @Test
    void nearIdenticalPromptsOfDifferentTenantsNeverHitEachOther() throws Exception {
        int tenants = 12;
        String anchor = "What is our refund policy?";
        for (int t = 0; t < tenants; t++) {
            embedder.near("What is our refund policy ?" + " ".repeat(t), anchor, 0.999);
        }
        cache = ResponseCache.builder(FakeChatModel.builder().otherwise(r -> "policy of "
                + r.context().tenant().orElse("none")).build()).semantic(embedder, 0.90)
                .semanticRefresh(java.time.Duration.ZERO).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (int t = 0; t < tenants; t++) {
                    String tenant = "tenant-" + t;
                    String question = round % 2 == 0 ? anchor : "What is our refund policy ?" + " ".repeat(t);
                    done.add(pool.submit(() -> {
                        ChatResponse r = cache.chat(ChatRequest.builder().user(question).tenant(tenant).build());
                        assertThat(r.text()).isEqualTo("policy of " + tenant);
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNewAnswerIsFoundSemanticallyAfterTheRefreshIntervalAndExactlyAtOnce() {
        dev.llmkit.testing.ManualScheduler time = new dev.llmkit.testing.ManualScheduler();
        embedder.near("how can i change my password", "How do I reset my password?", 0.95);
        cache = ResponseCache.builder(model).scheduler(time).semantic(embedder, 0.90)
                .semanticRefresh(java.time.Duration.ofSeconds(1)).build();
        cache.chat(ChatRequest.of("Something else entirely?"));
        time.advance(java.time.Duration.ofSeconds(2));
        cache.chat(ChatRequest.of("How do I reset my password?"));

        assertThat(cache.chat(ChatRequest.of("How do I reset my password?")).attribute(ChatResponse.ATTR_CACHE))
                .contains("exact");
        assertThat(cache.chat(ChatRequest.of("how can i change my password")).attribute(ChatResponse.ATTR_CACHE))
                .isEmpty(); // within the interval: not searchable yet (and this answer is stored in its turn)
        time.advance(java.time.Duration.ofSeconds(1));
        embedder.near("how could i change my password", "How do I reset my password?", 0.95);
        assertThat(cache.chat(ChatRequest.of("how could i change my password")).attribute(ChatResponse.ATTR_CACHE))
                .contains("semantic");
        assertThat(cache.invalidateAll()).isEqualTo(3); // invalidation sees every entry at once
    }
}
