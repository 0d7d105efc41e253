/**
 * Golden-set evaluation: {@link dev.llmkit.eval.GoldenSet} reads cases from JSON lines, {@link dev.llmkit.eval.Checks}
 * judges outputs (exact, contains, regex, JSON schema, retrieval recall, hit and nDCG, faithfulness, an LLM judge with
 * a position-swap check, latency and cost), {@link dev.llmkit.eval.GoldenRunner} runs a set against any
 * {@link dev.llmkit.eval.EvalTarget} with bounded parallelism, and {@link dev.llmkit.eval.EvalReport} writes Markdown,
 * JSON and JUnit XML and compares with a baseline.
 */
@NullMarked
package dev.llmkit.eval;

import org.jspecify.annotations.NullMarked;
