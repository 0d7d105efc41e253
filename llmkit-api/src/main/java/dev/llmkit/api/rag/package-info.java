/**
 * Retrieval types: documents, chunks, queries, metadata filters and the retriever, reranker and vector store roles.
 */
@NullMarked
package dev.llmkit.api.rag;

import org.jspecify.annotations.NullMarked;
