package dev.llmkit.rag.eval;

/**
 * Mean retrieval metrics over a set of queries (trec_eval conventions).
 *
 * @param ndcgAt10 nDCG@10 with linear graded gains and a log2 discount; ideal DCG from all judged-relevant documents
 * @param recallAt10 relevant documents in the top 10 over all relevant documents
 * @param recallAt100 the same for the top 100
 * @param mrrAt10 reciprocal rank of the first relevant document within the top 10, else 0
 * @param queries how many queries were averaged
 */
public record RetrievalMetrics(double ndcgAt10, double recallAt10, double recallAt100, double mrrAt10, int queries) {
}
