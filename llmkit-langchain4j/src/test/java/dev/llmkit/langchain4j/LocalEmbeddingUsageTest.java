package dev.llmkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Embeddings;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.EmbeddingEvent;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Token usage, batch limits, async calls and listener events of the in-process models. */
class LocalEmbeddingUsageTest {
    private static final EmbeddingModel MINILM = LocalEmbeddings.allMiniLmL6V2();
    private final List<EmbeddingEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void usageIsTheTokenizersCountWithSpecialTokensAfterTruncation() {
        Embeddings short1 = MINILM.embedBatch(List.of("hello world"));
        Embeddings both = MINILM.embedBatch(List.of("hello world", "word ".repeat(500)));

        assertThat(short1.usageKnown()).isTrue();
        assertThat(short1.inputTokens()).isEqualTo(4); // [CLS] hello world [SEP]
        assertThat(both.inputTokens()).isEqualTo(4 + 128); // MiniLM truncates to 128 tokens
        assertThat(both.model()).isEqualTo("all-minilm-l6-v2-q");
    }

    @Test
    void listsLongerThanTheMaxBatchSizeAreSlicedWithTheSameVectors() {
        EmbeddingModel sliced = LocalEmbeddings.builder(LocalEmbeddings.Model.ALL_MINILM_L6_V2).maxBatchSize(2).build();
        List<String> texts = Passages.TOPICS.subList(0, 5);

        Embeddings result = sliced.embedBatch(texts);

        assertThat(sliced.maxBatchSize()).isEqualTo(2);
        assertThat(MINILM.maxBatchSize()).isEqualTo(LocalEmbeddings.DEFAULT_MAX_BATCH_SIZE);
        assertThat(result.vectors()).containsExactlyElementsOf(MINILM.embedAll(texts));
        assertThat(result.inputTokens()).isEqualTo(MINILM.embedBatch(texts).inputTokens());
    }

    @Test
    void eachCallIsReportedOnceWithTextsTokensAndModel() {
        EmbeddingModel model = LocalEmbeddings.builder(LocalEmbeddings.Model.ALL_MINILM_L6_V2).maxBatchSize(1)
                .listener(events::add).build();

        model.embedAll(List.of("hello world", "hello"));
        model.embedQuery("hello");

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).satisfies(e -> {
            assertThat(e.provider()).isEqualTo("local");
            assertThat(e.model()).isEqualTo("all-minilm-l6-v2-q");
            assertThat(e.texts()).isEqualTo(2);
            assertThat(e.inputTokens()).isEqualTo(7);
            assertThat(e.succeeded()).isTrue();
        });
        assertThat(events.get(1).texts()).isEqualTo(1);
    }

    @Test
    void aFailedCallIsReportedOnceWithItsError() {
        EmbeddingModel missing = new LocalEmbeddingModel(missingSpec(), null, events::add, 8);

        assertThatThrownBy(() -> missing.embed("text")).isInstanceOf(LlmException.class);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.texts()).isEqualTo(1);
            assertThat(e.error()).containsInstanceOf(LlmException.class);
        });
    }

    @Test
    void aListenerThatThrowsNeverBreaksTheCall() {
        EmbeddingModel model = LocalEmbeddings.builder(LocalEmbeddings.Model.ALL_MINILM_L6_V2).listener(e -> {
            throw new IllegalStateException("listener bug");
        }).build();

        assertThat(model.embed("hello")).hasSize(384);
    }

    @Test
    void asyncGivesTheSameVectorsAndUsage() throws Exception {
        List<String> texts = Passages.TOPICS.subList(0, 4);

        Embeddings result = MINILM.embedBatchAsync(texts).get(60, TimeUnit.SECONDS);

        assertThat(result.vectors()).containsExactlyElementsOf(MINILM.embedAll(texts));
        assertThat(result.inputTokens()).isEqualTo(MINILM.embedBatch(texts).inputTokens());
    }

    @Test
    void asyncFailsWithTheTypedErrorAndReportsItOnce() {
        EmbeddingModel missing = new LocalEmbeddingModel(missingSpec(), null, events::add, 8);

        CompletableFuture<Embeddings> future = missing.embedBatchAsync(List.of("text"));

        assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(LlmException.class).hasMessageContaining("no-such-model");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.error()).containsInstanceOf(LlmException.class));
    }

    @Test
    void anInterruptedCallerStartsNoFurtherTextAndKeepsItsInterruptStatus() {
        MINILM.embed("load the model first");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> MINILM.embedAll(Passages.TOPICS)).isInstanceOf(LlmException.class)
                    .hasMessageContaining("Interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void cancellingTheAsyncCallInterruptsItAndReportsACancellationOnce() throws Exception {
        assumeThat(Runtime.getRuntime().availableProcessors()).as("a helper is asked for").isGreaterThan(1);
        MINILM.embed("load the model first");
        CountDownLatch helperAsked = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        // the call's thread blocks when it asks for a helper, until the cancel interrupts it
        EmbeddingModel model = LocalEmbeddings.builder(LocalEmbeddings.Model.ALL_MINILM_L6_V2).executor(task -> {
            helperAsked.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new RejectedExecutionException("interrupted");
        }).listener(e -> {
            events.add(e);
            reported.countDown();
        }).build();

        CompletableFuture<Embeddings> future = model.embedBatchAsync(Passages.TOPICS);
        assertThat(helperAsked.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(future.cancel(true)).isTrue();

        assertThat(reported.await(60, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.texts()).isEqualTo(Passages.TOPICS.size());
            assertThat(e.error()).containsInstanceOf(CancellationException.class);
        });
    }

    private static LocalModelSpec missingSpec() {
        return new LocalModelSpec("no-such-model", LocalModelSpec.class, "/no-such-model.onnx",
                "/no-such-model-tokenizer.json", LocalModelSpec.Pooling.CLS, 512, 384, "");
    }
}
