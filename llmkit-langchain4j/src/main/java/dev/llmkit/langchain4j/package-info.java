/**
 * The bridge to LangChain4j and the in-process embedding models: bge-small-en-v1.5 (quantized), the embedded
 * default, and all-MiniLM-L6-v2 (quantized), the lighter alternative. Both run on ONNX Runtime inside the JVM and
 * need no network.
 */
@NullMarked
package dev.llmkit.langchain4j;

import org.jspecify.annotations.NullMarked;
