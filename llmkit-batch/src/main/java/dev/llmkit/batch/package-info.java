/**
 * Throughput work: {@link dev.llmkit.batch.MicroBatchingEmbeddings} coalesces concurrent embedding calls into shared
 * batches.
 */
@NullMarked
package dev.llmkit.batch;

import org.jspecify.annotations.NullMarked;
