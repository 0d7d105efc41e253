/**
 * Hybrid retrieval-augmented generation on one machine: loaders, chunkers, one Lucene index holding BM25
 * text and HNSW vectors, dense / BM25 / hybrid retrievers with fusion, reranking, context building with citations,
 * and a grounded answerer that refuses when the documents do not support an answer.
 */
@NullMarked
package dev.llmkit.rag;

import org.jspecify.annotations.NullMarked;
