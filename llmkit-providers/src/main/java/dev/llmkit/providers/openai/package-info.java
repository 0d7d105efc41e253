/**
 * Clients for the OpenAI chat-completions and embeddings wire format, as served by OpenAI, Azure OpenAI,
 * vLLM, TGI, Ollama, llama.cpp server and LM Studio.
 */
@NullMarked
package dev.llmkit.providers.openai;

import org.jspecify.annotations.NullMarked;
