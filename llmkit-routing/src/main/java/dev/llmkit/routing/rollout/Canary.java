package dev.llmkit.routing.rollout;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * A canary release: a candidate model takes a growing share of traffic in stages (1, 5, 10, 25, 50, 100 % by default)
 * and moves to the next stage only while its error rate, 99th-percentile latency and online score stay within bounds
 * over a window; on a breach every call goes back to the stable model at once, for good, with a
 * {@link CanaryEvent} saying which bound broke.
 *
 * <pre>{@code
 * Canary canary = Canary.builder("gpt-next", stable, candidate)
 *         .window(Duration.ofMinutes(15)).minCalls(200)
 *         .maxErrorRate(0.02).maxP99(Duration.ofSeconds(8))
 *         .minScore(0.8, response -> onlineScore(response))        // optional
 *         .listener(event -> alerts.send(event))
 *         .build();
 * }</pre>
 *
 * <p>Which calls take the candidate is sticky by user ({@link Experiment.Sticky}): a user who got it keeps it as the
 * share grows. A stage is judged once the candidate has served {@code minCalls} in it: a breach rolls back at once;
 * once the window has also passed since the stage began, the canary advances. Judgement happens as candidate calls
 * end, and on {@link #evaluate()} for a scheduler of yours. Time comes from the {@link Scheduler} (a manual one in
 * tests). Responses carry {@code llmkit.experiment} (the canary's name) and {@code llmkit.arm} ({@code stable} or
 * {@code candidate}). Thread-safe.
 */
public final class Canary implements ChatModel {
    /** The default stages, in percent of traffic. */
    public static final List<Double> DEFAULT_STAGES = List.of(1.0, 5.0, 10.0, 25.0, 50.0, 100.0);
    /** Latencies kept per stage at most; beyond, a uniform sample replaces them. */
    static final int MAX_SAMPLES = 10_000;
    private final String name;
    private final ChatModel stable;
    private final ChatModel candidate;
    private final List<Double> stages;
    private final Duration window;
    private final int minCalls;
    private final double maxErrorRate;
    private final Duration maxP99;
    private final double minScore;
    private final @Nullable ToDoubleFunction<ChatResponse> scorer;
    private final Scheduler time;
    private final Consumer<CanaryEvent> listener;
    private final Experiment.Sticky sticky;

    // guarded by this
    private int stage;
    private boolean rolledBack;
    private Instant stageStart;
    private final List<Long> latencies = new ArrayList<>();
    private final List<Double> scores = new ArrayList<>();
    private int errors;
    private int calls;
    private int judgedAt;
    private final java.util.Random sampler = new java.util.Random(42);

    private Canary(Builder b) {
        this.name = b.name;
        this.stable = b.stable;
        this.candidate = b.candidate;
        this.stages = List.copyOf(b.stages);
        this.window = b.window;
        this.minCalls = b.minCalls;
        this.maxErrorRate = b.maxErrorRate;
        this.maxP99 = b.maxP99;
        this.minScore = b.minScore;
        this.scorer = b.scorer;
        this.time = b.time;
        this.listener = b.listener;
        this.sticky = b.sticky;
        this.stageStart = time.now();
    }

    /** A canary named {@code name} moving traffic from {@code stable} to {@code candidate}. */
    public static Builder builder(String name, ChatModel stable, ChatModel candidate) {
        return new Builder(name, stable, candidate);
    }

    /** The candidate's share of traffic now, in percent (0 after a rollback). */
    public synchronized double percent() {
        return rolledBack ? 0 : stages.get(stage);
    }

    /** Whether the canary rolled back. */
    public synchronized boolean rolledBack() {
        return rolledBack;
    }

    /** Whether the candidate takes all traffic. */
    public synchronized boolean promoted() {
        return !rolledBack && stages.get(stage) >= 100;
    }

    private boolean toCandidate(ChatRequest request) {
        double pct = percent();
        if (pct <= 0) {
            return false;
        }
        String key = (sticky == Experiment.Sticky.USER ? request.context().user() : request.context().tenant())
                .orElse("call:" + request.context().callId());
        return Experiment.bucket(name, key) < pct * Experiment.BUCKETS / 100;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        if (!toCandidate(request)) {
            return Experiment.stamp(stable.chat(request), request, name, "stable");
        }
        long t0 = time.nanoTime();
        ChatResponse r;
        try {
            r = Experiment.stamp(candidate.chat(request), request, name, "candidate");
        } catch (RuntimeException e) {
            long took = time.nanoTime() - t0;
            Stamping.observe(() -> record(took, null, true));
            throw e;
        }
        long took = time.nanoTime() - t0;
        Stamping.observe(() -> record(took, r, false));
        return r;
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        if (!toCandidate(request)) {
            return Stamping.stream(stable, request, handler, r -> Experiment.stamp(r, request, name, "stable"));
        }
        long t0 = time.nanoTime();
        return Stamping.stream(candidate, request, handler, r -> Experiment.stamp(r, request, name, "candidate"),
                r -> record(time.nanoTime() - t0, r, false), e -> record(time.nanoTime() - t0, null, true));
    }

    private void record(long nanos, @Nullable ChatResponse response, boolean failed) {
        double score = response != null && scorer != null ? score(response) : Double.NaN;
        CanaryEvent event;
        synchronized (this) {
            if (rolledBack || promotedLocked()) {
                return;
            }
            if (latencies.size() < MAX_SAMPLES) {
                latencies.add(nanos);
            } else {
                latencies.set(sampler.nextInt(MAX_SAMPLES), nanos); // a bounded sample of a busy window
            }
            calls++;
            if (failed) {
                errors++;
            }
            if (!Double.isNaN(score)) {
                scores.add(score);
            }
            // judging sorts the sample: do it as the stage reaches minCalls, then every tenth of minCalls
            event = calls == minCalls || calls - judgedAt >= Math.max(1, minCalls / 10) ? judgeLocked() : null;
        }
        publish(event);
    }

    private double score(ChatResponse response) {
        try {
            return scorer.applyAsDouble(response);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Canary.class).warn("the canary's scorer threw; the response is unscored", e);
            return Double.NaN;
        }
    }

    /** Judges the current stage now (for a scheduler of yours; candidate calls also judge as they end). */
    public void evaluate() {
        CanaryEvent event;
        synchronized (this) {
            event = rolledBack || promotedLocked() ? null : judgeLocked();
        }
        publish(event);
    }

    private boolean promotedLocked() {
        return stages.get(stage) >= 100;
    }

    private @Nullable CanaryEvent judgeLocked() {
        if (calls < minCalls) {
            return null;
        }
        judgedAt = calls;
        int judged = calls;
        double errorRate = errors / (double) judged;
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        Duration p99 = Duration.ofNanos(sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1));
        double meanScore = scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double from = stages.get(stage);
        String breach = null;
        if (errorRate > maxErrorRate) {
            breach = String.format(Locale.ROOT, "error rate %.3f above %.3f", errorRate, maxErrorRate);
        } else if (p99.compareTo(maxP99) > 0) {
            breach = "p99 latency " + p99.toMillis() + " ms above " + maxP99.toMillis() + " ms";
        } else if (scorer != null && !Double.isNaN(meanScore) && meanScore < minScore) {
            breach = String.format(Locale.ROOT, "mean score %.3f below %.3f", meanScore, minScore);
        }
        Instant now = time.now();
        if (breach != null) {
            rolledBack = true;
            return new CanaryEvent(name, CanaryEvent.Kind.ROLLED_BACK, from, 0, breach + " at " + from + " %", judged,
                    errorRate, p99, meanScore, now);
        }
        if (Duration.between(stageStart, now).compareTo(window) < 0) {
            return null;
        }
        stage++;
        stageStart = now;
        latencies.clear();
        scores.clear();
        errors = 0;
        this.calls = 0;
        judgedAt = 0;
        double to = stages.get(stage);
        String reason = String.format(Locale.ROOT, "%d calls over %s within bounds (error rate %.3f, p99 %d ms)",
                judged, window, errorRate, p99.toMillis());
        return new CanaryEvent(name, to >= 100 ? CanaryEvent.Kind.PROMOTED : CanaryEvent.Kind.ADVANCED, from, to,
                reason, judged, errorRate, p99, meanScore, now);
    }

    private void publish(@Nullable CanaryEvent event) {
        if (event != null) {
            Stamping.observe(() -> listener.accept(event));
        }
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.of("canary", name);
    }

    @Override
    public String toString() {
        return "Canary[" + name + " at " + percent() + " %" + (rolledBack() ? ", rolled back" : "") + "]";
    }

    /** Configures a {@link Canary}. */
    public static final class Builder {
        private final String name;
        private final ChatModel stable;
        private final ChatModel candidate;
        private List<Double> stages = DEFAULT_STAGES;
        private Duration window = Duration.ofMinutes(10);
        private int minCalls = 100;
        private double maxErrorRate = 0.02;
        private Duration maxP99 = Duration.ofSeconds(10);
        private double minScore;
        private @Nullable ToDoubleFunction<ChatResponse> scorer;
        private Scheduler time = Scheduler.system();
        private Consumer<CanaryEvent> listener = e -> { };
        private Experiment.Sticky sticky = Experiment.Sticky.USER;

        private Builder(String name, ChatModel stable, ChatModel candidate) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a canary needs a name");
            }
            this.name = name;
            this.stable = Objects.requireNonNull(stable, "stable");
            this.candidate = Objects.requireNonNull(candidate, "candidate");
        }

        /** The stages in percent, rising, ending at 100. */
        public Builder stages(double... percents) {
            List<Double> s = new ArrayList<>();
            double last = 0;
            for (double p : percents) {
                if (!(p > last && p <= 100)) {
                    throw new IllegalArgumentException("stages must rise from above 0 to 100, got "
                            + java.util.Arrays.toString(percents));
                }
                s.add(p);
                last = p;
            }
            if (s.isEmpty() || last != 100) {
                throw new IllegalArgumentException("the last stage must be 100, got "
                        + java.util.Arrays.toString(percents));
            }
            this.stages = s;
            return this;
        }

        /** How long each stage runs within bounds before the next; default 10 minutes. */
        public Builder window(Duration window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /** Candidate calls a stage needs before it is judged; default 100. */
        public Builder minCalls(int minCalls) {
            if (minCalls < 1) {
                throw new IllegalArgumentException("minCalls must be at least 1, was " + minCalls);
            }
            this.minCalls = minCalls;
            return this;
        }

        /** The highest error rate the candidate may show; default 0.02. */
        public Builder maxErrorRate(double maxErrorRate) {
            this.maxErrorRate = maxErrorRate;
            return this;
        }

        /** The highest 99th-percentile latency the candidate may show; default 10 s. */
        public Builder maxP99(Duration maxP99) {
            this.maxP99 = Objects.requireNonNull(maxP99, "maxP99");
            return this;
        }

        /** An online score per candidate response (0 to 1, say) whose mean must stay at {@code min} or above. */
        public Builder minScore(double min, ToDoubleFunction<ChatResponse> scorer) {
            this.minScore = min;
            this.scorer = Objects.requireNonNull(scorer, "scorer");
            return this;
        }

        /** The clock (a manual scheduler in tests). */
        public Builder scheduler(Scheduler scheduler) {
            this.time = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Told of every stage change and the rollback. */
        public Builder listener(Consumer<CanaryEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** What keeps a caller on one side; default the user. */
        public Builder sticky(Experiment.Sticky sticky) {
            this.sticky = Objects.requireNonNull(sticky, "sticky");
            return this;
        }

        /** The canary, at its first stage. */
        public Canary build() {
            return new Canary(this);
        }
    }
}
