package dev.llmkit.observability;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@link QualityMonitor} found that a signal's recent values no longer look like its reference window.
 *
 * @param metric the signal that moved
 * @param source the retriever, for retrieval scores; empty otherwise
 * @param test {@code "kolmogorov-smirnov"} for numeric signals, {@code "fisher-exact"} for yes/no signals
 * @param statistic the KS distance D, or the difference of the two rates
 * @param pValue the probability of a difference this large if nothing had changed
 * @param referenceMean the mean over the reference window (a rate for yes/no signals)
 * @param currentMean the mean over the current window
 * @param referenceSize values in the reference window
 * @param currentSize values in the current window
 * @param at when the test ran
 */
public record DriftEvent(QualityMonitor.Metric metric, String source, String test, double statistic, double pValue,
        double referenceMean, double currentMean, int referenceSize, int currentSize, Instant at) {

    /** Validates. */
    public DriftEvent {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(at, "at");
    }
}
