package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.eval.EvalReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden set of llmkit's own guide, run as CI runs it: {@code llmkit eval-golden} over the bundled docs with the
 * default embedding model and the extractive answerer, gated by the committed baseline. A change to the docs, the
 * chunker or retrieval that loses expected sections fails here; refresh the baseline (the run's report.json) only for
 * a change that is meant to move the figures.
 */
class GoldenDocsEvalTest {
    private static final Path SET = Path.of("../eval/llmkit-docs.jsonl");
    private static final Path BASELINE = Path.of("../eval/llmkit-docs.baseline.json");

    /** One home for both tests, so the guide is indexed once. */
    @TempDir
    static Path home;

    @TempDir
    Path tmp;

    @Test
    void retrievalOfTheGuideDoesNotFallBelowItsBaseline() throws IOException {
        Path out = tmp.resolve("reports");
        Cli run = Cli.run(Map.of("LLMKIT_HOME", home.toString()), tmp, "", "eval-golden",
                SET.toString(), "--baseline", BASELINE.toString(), "--tolerance", "0.03", "--out", out.toString());

        assertThat(run.exitCode).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("no regression");
        EvalReport.Summary now = EvalReport.Summary.fromJson(Files.readString(out.resolve("report.json")));
        assertThat(now.cases()).isGreaterThanOrEqualTo(30);
        assertThat(now.checks().get("hit@5").passRate()).isGreaterThanOrEqualTo(0.85);
        assertThat(Files.readString(out.resolve("junit.xml"))).startsWith("<?xml").contains("<testsuite name=\"llmkit-docs\"");
    }

    @Test
    void aRegressedRunFailsWithExitCodeOneAndSaysWhat() throws IOException {
        Path perfect = tmp.resolve("perfect.json");
        Files.writeString(perfect, "{\"set\":\"llmkit-docs\",\"cases\":44,\"passRate\":1.0,\"checks\":{\"hit@5\":"
                + "{\"cases\":44,\"passRate\":1.0,\"meanScore\":1.0}}}");

        Cli run = Cli.run(Map.of("LLMKIT_HOME", home.toString()), tmp, "", "eval-golden",
                SET.toString(), "--baseline", perfect.toString(), "--out", tmp.resolve("r").toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out()).contains("regressions").contains("hit@5 pass rate");
    }
}
