package dev.llmkit.langchain4j;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * BERT-style inference over ONNX Runtime: each text tokenized once and truncated to the model's length, texts sorted
 * by token count and cut into micro-batches (padded to their longest member, attention mask set), the micro-batches
 * run side by side on up to {@code parallelism} threads, the outputs pooled, L2-normalised and returned in input
 * order.
 *
 * <p>One session serves every thread ({@link OrtSession#run} is thread-safe). Each run is single-threaded
 * (intra-op threads 1, no spinning); parallelism comes from running several at once. On 2 cores that beat one run
 * spread over both cores (many small operators, each a synchronisation point), and runs of one text each
 * ({@link #MAX_BATCH_TEXTS} = 1) were as fast as padded batches for MiniLM and 10-20 % faster for bge-small (MS MARCO
 * passages; batches of 16 texts or 1,024 tokens measured 111-115 passages/s against 124-133 for single texts). Single
 * texts also keep every vector exactly what the model gives the text alone: the quantized models quantize
 * activations per run, so in a padded batch a text's vector depends slightly on its neighbours (cosine 0.985-1.0).
 * {@link #load(LocalModelSpec, int, int)} takes other limits.
 */
final class OnnxBertEncoder implements AutoCloseable {
    /** At most this many texts per ONNX run by default: one (see the class comment for why). */
    static final int MAX_BATCH_TEXTS = 1;
    /** At most this many padded tokens per ONNX run by default (a longer text runs alone). */
    static final int MAX_BATCH_TOKENS = 1024;

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final LocalModelSpec spec;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean takesTokenTypes;
    private final String output;
    private final int maxBatchTexts;
    private final int maxBatchTokens;

    private OnnxBertEncoder(LocalModelSpec spec, OrtEnvironment environment, OrtSession session,
            HuggingFaceTokenizer tokenizer, int maxBatchTexts, int maxBatchTokens) throws OrtException {
        this.spec = spec;
        this.maxBatchTexts = maxBatchTexts;
        this.maxBatchTokens = maxBatchTokens;
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        Set<String> inputs = session.getInputNames();
        if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
            throw new IllegalStateException("the ONNX model takes " + inputs + ", not input_ids and attention_mask");
        }
        this.takesTokenTypes = inputs.contains(TOKEN_TYPE_IDS);
        this.output = session.getOutputNames().contains("last_hidden_state")
                ? "last_hidden_state" : session.getOutputNames().iterator().next();
    }

    /**
     * Loads the model file and tokenizer from the classpath and opens the session.
     *
     * @throws LlmException (not retryable) when a resource is missing or ONNX Runtime cannot start; the message says
     *     what to check
     */
    static OnnxBertEncoder load(LocalModelSpec spec) {
        return load(spec, MAX_BATCH_TEXTS, MAX_BATCH_TOKENS);
    }

    /** As {@link #load(LocalModelSpec)}, with other micro-batch limits (for measurements). */
    static OnnxBertEncoder load(LocalModelSpec spec, int maxBatchTexts, int maxBatchTokens) {
        HuggingFaceTokenizer tokenizer = null;
        try {
            byte[] model = readResource(spec, spec.modelResource());
            try (InputStream json = open(spec, spec.tokenizerResource())) {
                tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of(
                        "padding", "false",
                        "truncation", "true",
                        "maxLength", Integer.toString(spec.maxTokens()),
                        "modelMaxLength", Integer.toString(spec.maxTokens()),
                        "addSpecialTokens", "true"));
            }
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
                OrtSession session = environment.createSession(model, options);
                return new OnnxBertEncoder(spec, environment, session, tokenizer, maxBatchTexts, maxBatchTokens);
            }
        } catch (IOException | OrtException | RuntimeException | LinkageError e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            if (e instanceof LlmException llm) {
                throw llm;
            }
            throw new LlmException("Could not load the in-process embedding model " + spec.name()
                    + " (ONNX Runtime and the HuggingFace tokenizer): " + e
                    + ". Check that the langchain4j-embeddings jars and com.microsoft.onnxruntime:onnxruntime are on"
                    + " the classpath, at the versions llmkit's BOM names, and that the platform is one onnxruntime"
                    + " and DJL's tokenizers ship native code for (Linux, macOS or Windows on x86_64 or aarch64).",
                    e, false, ErrorInfo.NONE);
        }
    }

    private static InputStream open(LocalModelSpec spec, String resource) {
        InputStream in = spec.anchor().getResourceAsStream(resource);
        if (in == null) {
            throw new LlmException("The in-process embedding model " + spec.name() + " is missing " + resource
                    + " on the classpath. Add the jar that holds it (" + spec.anchor().getName()
                    + "'s artifact, managed by llmkit's BOM) and do not strip its resources when shading.",
                    null, false, ErrorInfo.NONE);
        }
        return in;
    }

    private static byte[] readResource(LocalModelSpec spec, String resource) throws IOException {
        try (InputStream in = open(spec, resource)) {
            return in.readAllBytes();
        }
    }

    /** The vectors of a call, in input order, and the tokens the model read (special tokens included, after truncation). */
    record Encoded(List<float[]> vectors, long tokens) {
    }

    /**
     * Embeds {@code texts}, one unit vector each, in input order; thread-safe. The calling thread runs micro-batches
     * itself and hands up to {@code parallelism - 1} helpers to {@code executor}; batches no helper has claimed are run
     * by the caller, so a busy executor (or one that rejects) slows the call down but never stalls it. Once a batch
     * fails or the calling thread is interrupted, no further batch starts (those running finish) and the call fails.
     */
    Encoded embedAll(List<String> texts, Executor executor, int parallelism) {
        if (texts.isEmpty()) {
            return new Encoded(List.of(), 0);
        }
        Thread caller = Thread.currentThread();
        String[] array = new String[texts.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = Objects.requireNonNull(texts.get(i), "texts must not contain null");
        }
        Encoding[] encodings = tokenizer.batchEncode(array);
        long tokens = 0;
        for (Encoding e : encodings) {
            tokens += e.getIds().length;
        }
        Integer[] order = new Integer[encodings.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(encodings[a].getIds().length, encodings[b].getIds().length));

        List<int[]> batches = new ArrayList<>();
        int start = 0;
        while (start < order.length) {
            int end = start + 1;
            while (end < order.length && end - start < maxBatchTexts
                    && (long) (end - start + 1) * encodings[order[end]].getIds().length <= maxBatchTokens) {
                end++;
            }
            batches.add(new int[] {start, end});
            start = end;
        }

        float[][] vectors = new float[encodings.length][];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(batches.size());
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            // longest first, so that no thread is left with a long text at the end while the others idle
            for (int claim = next.getAndIncrement(); claim < batches.size(); claim = next.getAndIncrement()) {
                int[] batch = batches.get(batches.size() - 1 - claim);
                if (failure.get() != null || caller.isInterrupted()) {
                    done.countDown(); // give up the rest: the call fails anyway
                    continue;
                }
                try {
                    runBatch(encodings, order, batch[0], batch[1], vectors);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } catch (Error e) {
                    failure.compareAndSet(null, new LlmException("The in-process embedding model " + spec.name()
                            + " failed: " + e + ". Give the JVM more memory or embed fewer texts per call.", e, false,
                            ErrorInfo.NONE));
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(parallelism, batches.size()) - 1;
        for (int h = 0; h < helpers; h++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException busy) {
                break; // the caller does the rest
            }
        }
        worker.run();
        try {
            done.await(); // only batches already claimed by a helper are left; helpers that start late find none
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (caller.isInterrupted()) {
            throw interrupted(null);
        }
        return new Encoded(List.of(vectors), tokens);
    }

    private LlmException interrupted(@Nullable InterruptedException cause) {
        return new LlmException("Interrupted while the in-process embedding model " + spec.name()
                + " embedded; the vectors were discarded (the caller's thread keeps its interrupt status).", cause,
                false, ErrorInfo.NONE);
    }

    /** Runs {@code order[start..end)}, sorted by length, as one padded batch into {@code vectors}. */
    private void runBatch(Encoding[] encodings, Integer[] order, int start, int end, float[][] vectors) {
        int rows = end - start;
        int length = encodings[order[end - 1]].getIds().length;
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] types = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            Encoding e = encodings[order[start + r]];
            long[] eIds = e.getIds();
            System.arraycopy(eIds, 0, ids, r * length, eIds.length);
            System.arraycopy(e.getAttentionMask(), 0, mask, r * length, eIds.length);
            System.arraycopy(e.getTypeIds(), 0, types, r * length, eIds.length);
        }
        long[] shape = {rows, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (takesTokenTypes) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                int dimension = spec.dimension();
                for (int r = 0; r < rows; r++) {
                    vectors[order[start + r]] = normalise(pool(hidden, mask, r, length, dimension));
                }
            }
        } catch (OrtException e) {
            throw new LlmException("The in-process embedding model " + spec.name() + " failed on a batch of " + rows
                    + " texts of up to " + length + " tokens: " + e.getMessage()
                    + ". This is a bug or an out-of-memory condition; retrying will not help.", e, false, ErrorInfo.NONE);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[] pool(FloatBuffer hidden, long[] mask, int row, int length, int dimension) {
        float[] v = new float[dimension];
        int rowBase = row * length * dimension;
        if (spec.pooling() == LocalModelSpec.Pooling.CLS) {
            hidden.get(rowBase, v);
            return v;
        }
        double[] sum = new double[dimension];
        int count = 0;
        for (int t = 0; t < length; t++) {
            if (mask[row * length + t] == 0) {
                continue;
            }
            count++;
            int base = rowBase + t * dimension;
            for (int d = 0; d < dimension; d++) {
                sum[d] += hidden.get(base + d);
            }
        }
        for (int d = 0; d < dimension; d++) {
            v[d] = (float) (sum[d] / Math.max(1, count));
        }
        return v;
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        if (norm == 0) {
            return v;
        }
        float inv = (float) (1.0 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    /** Closes the session and the tokenizer; the encoder must not be used afterwards. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new LlmException("Could not close the ONNX session of " + spec.name() + ": " + e.getMessage(), e,
                    false, ErrorInfo.NONE);
        } finally {
            tokenizer.close();
        }
    }
}
