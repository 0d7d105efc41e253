package dev.llmkit.eval;

import dev.llmkit.api.ChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs a golden set against a target with bounded parallelism and returns the report.
 *
 * <pre>{@code
 * EvalReport report = GoldenRunner.builder(EvalTarget.chat(model)).parallelism(4).judge(judgeModel).build()
 *         .run(GoldenSet.load(Path.of("eval/support.jsonl")));
 * Files.writeString(Path.of("target/eval.md"), report.toMarkdown());
 * EvalReport.Comparison c = report.compareTo(EvalReport.Summary.fromJson(baselineJson), 0.02);
 * if (!c.passed()) throw new AssertionError(c);
 * }</pre>
 *
 * <p>A target that throws fails its case with the error recorded; a check that throws fails with its message. The
 * run itself fails only when interrupted. Threads are the runner's own, one per parallel case, ended when the run
 * returns.
 */
public final class GoldenRunner {
    private final EvalTarget target;
    private final int parallelism;
    private final EvalContext context;
    private final BiConsumer<Integer, Integer> progress;

    private GoldenRunner(Builder b) {
        this.target = b.target;
        this.parallelism = b.parallelism;
        this.context = new EvalContext(b.judge);
        this.progress = b.progress;
    }

    /** A runner for {@code target}. */
    public static Builder builder(EvalTarget target) {
        return new Builder(Objects.requireNonNull(target, "target"));
    }

    /** Runs every case of {@code set}; the report lists them in the set's order. */
    public EvalReport run(GoldenSet set) {
        List<GoldenCase> cases = set.cases();
        if (cases.isEmpty()) {
            return new EvalReport(set.name(), List.of());
        }
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, cases.size()), r -> {
            Thread t = new Thread(r, "llmkit-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CaseResult>> futures = new ArrayList<>(cases.size());
            for (GoldenCase c : cases) {
                futures.add(pool.submit(() -> {
                    CaseResult r = runCase(c);
                    progress.accept(done.incrementAndGet(), cases.size());
                    return r;
                }));
            }
            List<CaseResult> results = new ArrayList<>(cases.size());
            for (Future<CaseResult> f : futures) {
                results.add(f.get());
            }
            return new EvalReport(set.name(), results);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the evaluation of " + set.name() + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a case of " + set.name() + " failed outside its target and checks", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private CaseResult runCase(GoldenCase c) {
        long t0 = System.nanoTime();
        CaseOutput out;
        try {
            out = target.run(c);
        } catch (RuntimeException e) {
            return new CaseResult(c.id(), "", Duration.ofNanos(System.nanoTime() - t0), List.of(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        List<CheckResult> results = new ArrayList<>(c.checks().size());
        for (Check check : c.checks()) {
            try {
                results.add(check.evaluate(c, out, context));
            } catch (RuntimeException e) {
                results.add(CheckResult.of(check.name(), false, "the check failed: " + e.getMessage()));
            }
        }
        return new CaseResult(c.id(), out.answer(), out.latency(), results, null);
    }

    /** Configures a {@link GoldenRunner}. */
    public static final class Builder {
        private final EvalTarget target;
        private int parallelism = 4;
        private @Nullable ChatModel judge;
        private BiConsumer<Integer, Integer> progress = (done, total) -> { };

        private Builder(EvalTarget target) {
            this.target = target;
        }

        /** How many cases run at once; default 4. */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** The model judge checks ask. */
        public Builder judge(ChatModel judge) {
            this.judge = Objects.requireNonNull(judge, "judge");
            return this;
        }

        /** Told (cases done, cases in all) after each case, from the runner's threads. */
        public Builder progress(BiConsumer<Integer, Integer> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** The runner. */
        public GoldenRunner build() {
            return new GoldenRunner(this);
        }
    }
}
