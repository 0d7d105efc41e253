/**
 * Retrieval evaluation on BEIR-format folders with trec_eval conventions: nDCG@10, recall@k, MRR@10.
 */
@NullMarked
package dev.llmkit.rag.eval;

import org.jspecify.annotations.NullMarked;
