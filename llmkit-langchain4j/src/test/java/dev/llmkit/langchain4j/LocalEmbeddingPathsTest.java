package dev.llmkit.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.LlmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** llmkit's ONNX path of both local models against LangChain4j's per-text path, and padded micro-batches. */
class LocalEmbeddingPathsTest {
    private static final EmbeddingModel BGE = LocalEmbeddings.bgeSmallEnV15();
    private static final EmbeddingModel MINILM = LocalEmbeddings.allMiniLmL6V2();
    private static final OnnxBertEncoder PADDED_BGE = OnnxBertEncoder.load(LocalModelSpec.BGE_SMALL_EN_V15_Q, 16, 1024);
    private static final OnnxBertEncoder PADDED_MINILM = OnnxBertEncoder.load(LocalModelSpec.ALL_MINILM_L6_V2_Q, 16,
            1024);
    /** The least cosine between a text's vector from a padded batch and its vector embedded alone. */
    private static final double MIN_COSINE = 0.985;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("bge-small", BGE, (PerText) text -> new BgeSmallEnV15QuantizedEmbeddingModel()
                        .embed(text).content().vector()),
                Arguments.of("minilm", MINILM, (PerText) text -> new AllMiniLmL6V2QuantizedEmbeddingModel()
                        .embed(text).content().vector()));
    }

    /** LangChain4j's in-process model, one text per ONNX run. */
    interface PerText {
        float[] embed(String text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void givesLangChain4jsPerTextVectors(String name, EmbeddingModel model, PerText langChain4j) {
        List<String> texts = Passages.mixedLengths();
        List<float[]> vectors = model.embedAll(texts);

        assertThat(vectors).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(cosine(vectors.get(i), langChain4j.embed(texts.get(i)))).as("%s text %d", name, i)
                    .isGreaterThan(0.9999);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void paddedMicroBatchesStayCloseToLangChain4jsPerTextVectors(String name, EmbeddingModel model,
            PerText langChain4j) {
        List<String> texts = Passages.mixedLengths();
        List<float[]> batched = padded(model).embedAll(texts, Runnable::run, 1).vectors();

        assertThat(batched).hasSize(texts.size());
        double sum = 0;
        for (int i = 0; i < texts.size(); i++) {
            double cosine = cosine(batched.get(i), langChain4j.embed(texts.get(i)));
            // activations are quantized per run: one-word texts next to long ones move most (MiniLM about 0.99)
            assertThat(cosine).as("%s text %d", name, i).isGreaterThanOrEqualTo(MIN_COSINE);
            sum += cosine;
        }
        assertThat(sum / texts.size()).as("%s mean cosine", name).isGreaterThanOrEqualTo(0.99);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void paddedMicroBatchesKeepInputOrderWhenLengthsDifferWidely(String name, EmbeddingModel model, PerText unused) {
        List<String> texts = Passages.mixedLengths();
        ExecutorService helpers = Executors.newFixedThreadPool(2);
        List<float[]> batched;
        try {
            batched = padded(model).embedAll(texts, helpers, 3).vectors();
        } finally {
            helpers.shutdownNow();
        }
        List<float[]> alone = new ArrayList<>();
        for (String t : texts) {
            alone.add(model.embed(t));
        }

        for (int i = 0; i < texts.size(); i++) {
            int closest = 0;
            for (int j = 1; j < alone.size(); j++) {
                if (cosine(batched.get(i), alone.get(j)) > cosine(batched.get(i), alone.get(closest))) {
                    closest = j;
                }
            }
            assertThat(closest).as("%s: the vector at %d belongs to text %d", name, i, closest).isEqualTo(i);
            assertThat(cosine(batched.get(i), alone.get(i))).isGreaterThanOrEqualTo(MIN_COSINE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aTextsVectorDoesNotDependOnTheOtherTextsInTheCall(String name, EmbeddingModel model, PerText unused) {
        List<String> texts = Passages.mixedLengths();
        List<float[]> together = model.embedAll(texts);

        for (int i = 0; i < texts.size(); i++) {
            assertThat(together.get(i)).as("%s text %d", name, i).isEqualTo(model.embed(texts.get(i)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void truncatesTextsLongerThanTheModelTakes(String name, EmbeddingModel model, PerText unused) {
        String veryLong = Passages.longPassage(3_000, 7);
        String sameStartOtherEnd = veryLong + " " + Passages.TOPICS.get(5).repeat(20);

        List<float[]> vectors = model.embedAll(List.of(veryLong, "short text", sameStartOtherEnd));

        assertThat(vectors).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(384));
        assertThat(model.embed(veryLong)).isEqualTo(model.embed(sameStartOtherEnd));
        assertThat(cosine(vectors.get(0), vectors.get(2))).isGreaterThan(0.999);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void embedsEmptyListsAndEmptyOrBlankTexts(String name, EmbeddingModel model, PerText unused) {
        assertThat(model.embedAll(List.of())).isEmpty();

        List<float[]> vectors = model.embedAll(List.of("", "   ", "not empty"));

        assertThat(vectors).hasSize(3);
        assertThat(vectors.get(0)).isEqualTo(vectors.get(1));
        assertThat(vectors).allSatisfy(v -> assertThat(norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void manyThreadsEmbeddingAtOnceGetTheSingleThreadedVectors(String name, EmbeddingModel model, PerText unused)
            throws Exception {
        List<String> texts = Passages.mixedLengths();
        List<float[]> expected = model.embedAll(texts);
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<List<float[]>>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<List<float[]>>> task = () -> {
                    start.await();
                    List<List<float[]>> results = new ArrayList<>();
                    for (int round = 0; round < 3; round++) {
                        results.add(model.embedAll(texts));
                    }
                    return results;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (Future<List<List<float[]>>> f : futures) {
                for (List<float[]> result : f.get()) {
                    assertThat(result).hasSize(expected.size());
                    for (int i = 0; i < expected.size(); i++) {
                        assertThat(result.get(i)).as("%s text %d", name, i).isEqualTo(expected.get(i));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExecutorThatRejectsOrNeverRunsHelpersOnlyLeavesTheWorkToTheCaller() {
        List<String> texts = Passages.mixedLengths();
        List<float[]> expected = MINILM.embedAll(texts);
        EmbeddingModel rejecting = LocalEmbeddings.allMiniLmL6V2(task -> {
            throw new RejectedExecutionException("full");
        });
        List<Runnable> parked = new ArrayList<>();
        EmbeddingModel neverRuns = LocalEmbeddings.allMiniLmL6V2(parked::add);

        List<float[]> fromRejecting = rejecting.embedAll(texts);
        List<float[]> fromNeverRuns = neverRuns.embedAll(texts);

        for (int i = 0; i < texts.size(); i++) {
            assertThat(fromRejecting.get(i)).isEqualTo(expected.get(i));
            assertThat(fromNeverRuns.get(i)).isEqualTo(expected.get(i));
        }
        assertThat(parked).isNotEmpty(); // a helper was handed over, the call did not wait for it
    }

    @Test
    void aMissingModelFileIsATypedErrorThatSaysWhatToDo() {
        LocalModelSpec missing = new LocalModelSpec("no-such-model", LocalModelSpec.class, "/no-such-model.onnx",
                "/no-such-model-tokenizer.json", LocalModelSpec.Pooling.CLS, 512, 384, "");

        assertThatThrownBy(() -> new LocalEmbeddingModel(missing).embed("text"))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("no-such-model")
                .hasMessageContaining("/no-such-model.onnx")
                .hasMessageContaining("on the classpath")
                .satisfies(e -> assertThat(((LlmException) e).isRetryable()).isFalse());
    }

    @Test
    void theMiniLmQueryIsEmbeddedLikeAPassageAndTheBgeQueryCarriesTheInstruction() {
        assertThat(MINILM.embedQuery("retry on rate limits")).isEqualTo(MINILM.embed("retry on rate limits"));
        assertThat(BGE.embedQuery("retry on rate limits"))
                .isEqualTo(BGE.embed(LocalEmbeddings.BGE_QUERY_INSTRUCTION + "retry on rate limits"));
    }

    /** An encoder for the same model that packs up to 16 texts or 1,024 padded tokens into one run. */
    private static OnnxBertEncoder padded(EmbeddingModel model) {
        return model == BGE ? PADDED_BGE : PADDED_MINILM;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }
}
