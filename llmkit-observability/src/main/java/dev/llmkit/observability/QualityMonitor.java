package dev.llmkit.observability;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.event.RetrievalEvent;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches answer quality signals and raises a {@link DriftEvent} when their distribution moves: refusal rate, best
 * retrieval score per search, answer length and user feedback. Each signal keeps a reference window (its first
 * {@link Builder#window} values, or the current ones when {@link #resetReference()} is called) and a sliding current
 * window of the same size. Every {@link Builder#testEvery} new values, once both windows are full, it tests whether
 * they differ: the two-sample Kolmogorov-Smirnov test (Apache Commons Math) for answer length and retrieval scores
 * (each retriever's apart: their scores do not share a scale), Fisher's exact test of the two windows' counts for
 * refusals and feedback (exact where rare refusals give small counts). {@value #FAILED_TESTS_TO_RAISE} tests in a row
 * with a p-value below {@link Builder#alpha} raise an event (logged at WARN and handed to the listener): the windows
 * overlap and are tested again and again, so one low p-value alone is too often chance. The signal then stays quiet
 * until its current window has turned over once.
 *
 * <p>Calls feed it through {@link Observability} ({@link #onCall}, {@link #onRetrieval}, {@link #onFeedback}), and an
 * application can {@link #record} values itself (an extractive answer, a refusal decided without a model).
 * Thread-safe.
 */
public final class QualityMonitor implements CallObserver {
    /** The values in each window unless the builder says otherwise. */
    public static final int DEFAULT_WINDOW = 200;
    /** The significance level unless the builder says otherwise. */
    public static final double DEFAULT_ALPHA = 0.01;
    /** Tests in a row that must find a difference before an event is raised (one alone is too often chance). */
    public static final int FAILED_TESTS_TO_RAISE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(QualityMonitor.class);
    private static final Pattern REFUSAL = Pattern.compile(
            "^\\s*(?:i\\s*(?:'m| am)\\s*(?:sorry|unable|not able)|i\\s*(?:can't|cannot|can not|won't)|"
                    + "sorry,? (?:but )?i|i do not have enough|the (?:documents|sources) do not)",
            Pattern.CASE_INSENSITIVE);

    /** A watched signal. */
    public enum Metric {
        /** 1 when an answer was a refusal, else 0. */
        REFUSAL(true),
        /** The best score of each search. */
        RETRIEVAL_SCORE(false),
        /** The answer's length in characters. */
        ANSWER_LENGTH(false),
        /** 1 for thumbs up, 0 for thumbs down. */
        FEEDBACK(true);

        private final boolean binary;

        Metric(boolean binary) {
            this.binary = binary;
        }

        /** Whether values are 0 or 1. */
        public boolean binary() {
            return binary;
        }
    }

    /**
     * Where a signal stands.
     *
     * @param metric the signal
     * @param referenceSize values in the reference window
     * @param currentSize values in the current window
     * @param referenceMean the reference window's mean (NaN when empty)
     * @param currentMean the current window's mean (NaN when empty)
     * @param lastPValue the p-value of the last test (NaN before the first)
     */
    public record Status(Metric metric, int referenceSize, int currentSize, double referenceMean, double currentMean,
            double lastPValue) {
    }

    private final int window;
    private final int testEvery;
    private final double alpha;
    private final Predicate<ChatResponse> refusal;
    private final Consumer<DriftEvent> listener;
    private final Clock clock;
    private final Map<Metric, Series> series = new EnumMap<>(Metric.class);
    /** Retrieval scores by retriever: dense cosines, BM25 scores and fused scores do not share a scale. */
    private final Map<String, Series> scores = new java.util.concurrent.ConcurrentHashMap<>();

    private QualityMonitor(Builder b) {
        this.window = b.window;
        this.testEvery = b.testEvery == 0 ? Math.max(1, b.window / 4) : b.testEvery;
        this.alpha = b.alpha;
        this.refusal = b.refusal;
        this.listener = b.listener;
        this.clock = b.clock;
        for (Metric m : Metric.values()) {
            series.put(m, new Series(m, ""));
        }
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether {@code response} reads as a refusal: the model said so ({@link FinishReason#REFUSAL},
     * {@link FinishReason#CONTENT_FILTER}) or the answer opens with a usual refusal ("I can't", "I'm sorry", ...).
     */
    public static boolean looksLikeRefusal(ChatResponse response) {
        return response.finishReason() == FinishReason.REFUSAL || response.finishReason() == FinishReason.CONTENT_FILTER
                || REFUSAL.matcher(response.text()).lookingAt();
    }

    /**
     * Adds a value of {@code metric}, and tests for drift when it is time.
     *
     * @throws IllegalArgumentException when a yes/no metric gets something other than 0 or 1, or a value is not finite
     */
    public void record(Metric metric, double value) {
        check(Objects.requireNonNull(metric, "metric"), value);
        series.get(metric).add(value);
    }

    /** Adds a best score of a search by {@code retriever}; each retriever's scores are watched apart. */
    public void recordScore(String retriever, double score) {
        check(Metric.RETRIEVAL_SCORE, score);
        scores.computeIfAbsent(Objects.requireNonNull(retriever, "retriever"),
                r -> new Series(Metric.RETRIEVAL_SCORE, r)).add(score);
    }

    private static void check(Metric metric, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(metric + " needs a finite value, got " + value);
        }
        if (metric.binary() && value != 0 && value != 1) {
            throw new IllegalArgumentException(metric + " takes 0 or 1, got " + value);
        }
    }

    /** Makes each signal's current window its new reference (after a deliberate change: a new model, new docs). */
    public void resetReference() {
        series.values().forEach(Series::resetReference);
        scores.values().forEach(Series::resetReference);
    }

    /** Where {@code metric} stands (for retrieval scores: those recorded without a retriever). */
    public Status status(Metric metric) {
        return series.get(metric).status();
    }

    /** Where the best scores of {@code retriever}'s searches stand. */
    public Status scoreStatus(String retriever) {
        Series s = scores.get(retriever);
        return s == null ? new Status(Metric.RETRIEVAL_SCORE, 0, 0, Double.NaN, Double.NaN, Double.NaN) : s.status();
    }

    @Override
    public void onCall(CallRecord call) {
        call.response().ifPresent(r -> {
            if (!r.text().isEmpty() || r.toolCalls().isEmpty()) {
                record(Metric.REFUSAL, refusal.test(r) ? 1 : 0);
                record(Metric.ANSWER_LENGTH, r.text().length());
            }
        });
    }

    @Override
    public void onRetrieval(RetrievalEvent event) {
        if (!event.scores().isEmpty() && Double.isFinite(event.scores().get(0))) {
            recordScore(event.retriever(), event.scores().get(0));
        }
    }

    @Override
    public void onFeedback(String callId, boolean positive) {
        record(Metric.FEEDBACK, positive ? 1 : 0);
    }

    @Override
    public String toString() {
        return "QualityMonitor{window=" + window + ", alpha=" + alpha + "}";
    }

    /** One signal's two windows. */
    private final class Series {
        private final Metric metric;
        private final String source;
        private int failedInARow;
        private final List<Double> reference = new ArrayList<>();
        private final ArrayDeque<Double> current = new ArrayDeque<>();
        private int sinceTest;
        private int quietFor;
        private double lastP = Double.NaN;

        Series(Metric metric, String source) {
            this.metric = metric;
            this.source = source;
        }

        void add(double value) {
            @Nullable DriftEvent event = null;
            synchronized (this) {
                if (reference.size() < window) {
                    reference.add(value);
                    return;
                }
                current.addLast(value);
                if (current.size() > window) {
                    current.removeFirst();
                }
                if (quietFor > 0) {
                    quietFor--;
                }
                if (current.size() == window && ++sinceTest >= testEvery) {
                    sinceTest = 0;
                    event = test();
                }
            }
            if (event != null) {
                LOG.warn("Quality drift: {} moved from a mean of {} to {} (p={}, {} test)",
                        metric.name().toLowerCase(Locale.ROOT), event.referenceMean(), event.currentMean(),
                        event.pValue(), event.test());
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("A drift listener threw", e);
                }
            }
        }

        /** Runs the test; an event when it fails and the signal is not quiet. */
        private @Nullable DriftEvent test() {
            double[] ref = reference.stream().mapToDouble(Double::doubleValue).toArray();
            double[] cur = current.stream().mapToDouble(Double::doubleValue).toArray();
            double statistic;
            double p;
            String test;
            if (metric.binary()) {
                long refOnes = Math.round(sum(ref));
                long curOnes = Math.round(sum(cur));
                if (refOnes + curOnes == 0 || refOnes + curOnes == ref.length + cur.length) {
                    lastP = 1;
                    failedInARow = 0;
                    return null;
                }
                p = fisherExact(refOnes, ref.length - refOnes, curOnes, cur.length - curOnes);
                statistic = Math.abs((double) curOnes / cur.length - (double) refOnes / ref.length);
                test = "fisher-exact";
            } else {
                KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
                statistic = ks.kolmogorovSmirnovStatistic(ref, cur);
                p = ks.kolmogorovSmirnovTest(ref, cur);
                test = "kolmogorov-smirnov";
            }
            lastP = p;
            failedInARow = p < alpha ? failedInARow + 1 : 0;
            if (failedInARow < FAILED_TESTS_TO_RAISE || quietFor > 0) {
                return null;
            }
            quietFor = window;
            failedInARow = 0;
            return new DriftEvent(metric, source, test, statistic, p, sum(ref) / ref.length, sum(cur) / cur.length,
                    ref.length, cur.length, clock.instant());
        }

        synchronized void resetReference() {
            if (current.isEmpty()) {
                return;
            }
            reference.clear();
            reference.addAll(current);
            current.clear();
            sinceTest = 0;
            quietFor = 0;
            failedInARow = 0;
        }

        synchronized Status status() {
            return new Status(metric, reference.size(), current.size(),
                    reference.isEmpty() ? Double.NaN : reference.stream().mapToDouble(Double::doubleValue).average()
                            .orElse(Double.NaN),
                    current.isEmpty() ? Double.NaN : current.stream().mapToDouble(Double::doubleValue).average()
                            .orElse(Double.NaN),
                    lastP);
        }
    }

    /**
     * The two-sided p-value of Fisher's exact test on the 2x2 table {@code [[a, b], [c, d]]}: the probability, with
     * the margins fixed, of a table no more likely than this one. Exact for the small counts that rare refusals give.
     */
    static double fisherExact(long a, long b, long c, long d) {
        int n = (int) (a + b + c + d);
        int ones = (int) (a + c);
        int first = (int) (a + b);
        HypergeometricDistribution h = new HypergeometricDistribution(null, n, ones, first);
        double observed = h.probability((int) a);
        double p = 0;
        for (int x = h.getSupportLowerBound(); x <= h.getSupportUpperBound(); x++) {
            double px = h.probability(x);
            if (px <= observed * (1 + 1e-7)) {
                p += px;
            }
        }
        return Math.min(1, p);
    }

    private static double sum(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s;
    }

    /** Configures a {@link QualityMonitor}. Not thread-safe. */
    public static final class Builder {
        private int window = DEFAULT_WINDOW;
        private int testEvery;
        private double alpha = DEFAULT_ALPHA;
        private Predicate<ChatResponse> refusal = QualityMonitor::looksLikeRefusal;
        private Consumer<DriftEvent> listener = e -> { };
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Values in each window; default {@value #DEFAULT_WINDOW}, at least 20 for the tests to mean anything. */
        public Builder window(int window) {
            if (window < 20) {
                throw new IllegalArgumentException("window must be at least 20 values, got " + window);
            }
            this.window = window;
            return this;
        }

        /** How many new values between tests; default a quarter of the window. */
        public Builder testEvery(int values) {
            if (values < 1) {
                throw new IllegalArgumentException("testEvery must be at least 1, got " + values);
            }
            this.testEvery = values;
            return this;
        }

        /** The significance level; default {@value #DEFAULT_ALPHA}. */
        public Builder alpha(double alpha) {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must be between 0 and 1, got " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /** What counts as a refusal; default {@link QualityMonitor#looksLikeRefusal}. */
        public Builder refusal(Predicate<ChatResponse> refusal) {
            this.refusal = Objects.requireNonNull(refusal, "refusal");
            return this;
        }

        /** Who hears of drift (besides the WARN log line). */
        public Builder listener(Consumer<DriftEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock for event times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds. */
        public QualityMonitor build() {
            return new QualityMonitor(this);
        }
    }
}
