package dev.llmkit.langchain4j;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/**
 * One in-process model as the LangChain4j jars ship it: the ONNX file and the tokenizer at the root of a jar, found
 * through a class of that jar (naming the class does not initialise it, so LangChain4j's own session is never built).
 *
 * @param name the model name reported by {@link dev.llmkit.api.EmbeddingModel#info()}
 * @param anchor a class of the jar that holds the resources
 * @param modelResource the ONNX file's resource name
 * @param tokenizerResource the HuggingFace {@code tokenizer.json}'s resource name
 * @param pooling how token vectors become one text vector
 * @param maxTokens the longest input, {@code [CLS]} and {@code [SEP]} included; longer texts are truncated
 * @param dimension the vector length
 * @param queryInstruction the text put before queries (not passages); empty for none
 */
record LocalModelSpec(String name, Class<?> anchor, String modelResource, String tokenizerResource, Pooling pooling,
        int maxTokens, int dimension, String queryInstruction) {

    /** How token vectors become one text vector. */
    enum Pooling {
        /** The {@code [CLS]} token's vector (BGE). */
        CLS,
        /** The mean of the vectors of the real (unpadded) tokens, {@code [CLS]} and {@code [SEP]} included (MiniLM). */
        MEAN
    }

    /** bge-small-en-v1.5 quantized: CLS pooling, 512 tokens, BGE query instruction. */
    static final LocalModelSpec BGE_SMALL_EN_V15_Q = new LocalModelSpec("bge-small-en-v1.5-q",
            BgeSmallEnV15QuantizedEmbeddingModel.class, "/bge-small-en-v1.5-q.onnx", "/bge-small-en-v1.5-q-tokenizer.json",
            Pooling.CLS, 512, 384, LocalEmbeddings.BGE_QUERY_INSTRUCTION);

    /**
     * all-MiniLM-L6-v2 quantized: mean pooling, no query instruction. 128 tokens, the length the shipped tokenizer
     * truncates to and the model was trained on (LangChain4j's per-text path embeds the same 128 tokens).
     */
    static final LocalModelSpec ALL_MINILM_L6_V2_Q = new LocalModelSpec("all-minilm-l6-v2-q",
            AllMiniLmL6V2QuantizedEmbeddingModel.class, "/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json",
            Pooling.MEAN, 128, 384, "");
}
