package dev.llmkit.examples.cli;

import picocli.CommandLine.Option;

/** The refusal thresholds {@code ask} and {@code chat} share. */
final class AnswerOptions {
    /** Default {@code --min-score}: the grounded answerer's default for bge-small. */
    static final double DEFAULT_MIN_SCORE = 0.55;

    @Option(names = "--min-score", paramLabel = "COSINE", defaultValue = "" + DEFAULT_MIN_SCORE,
            description = "Refuse when the best passage's dense similarity is under this (default: ${DEFAULT-VALUE})")
    double minScore;

    @Option(names = "--min-support", paramLabel = "SHARE", defaultValue = "" + ExtractiveAnswerer.DEFAULT_MIN_SUPPORT,
            description = "Extractive answers only: refuse when the best sentence covers less than this weighted share"
                    + " of the question's words, 0 to 1 (default: ${DEFAULT-VALUE})")
    double minSupport;

    @Option(names = "--no-guardrails", description = "Turn off the default guardrails: PII masking of the question,"
            + " prompt-injection checks of the question and of retrieved passages, grounding check of generated answers")
    boolean noGuardrails;

    @Option(names = "--no-cache", description = "Answer afresh: neither reuse nor store answers in the index folder's"
            + " answer cache")
    boolean noCache;
}
