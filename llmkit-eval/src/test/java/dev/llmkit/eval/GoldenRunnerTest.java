package dev.llmkit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.Usage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class GoldenRunnerTest {

    private static GoldenSet set(int n) {
        List<GoldenCase> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cases.add(new GoldenCase("q" + i, "say " + i, String.valueOf(i), List.of(), List.of(),
                    List.of(Checks.exact(false), Checks.contains(List.of(String.valueOf(i)))), List.of()));
        }
        return GoldenSet.of("numbers", cases);
    }

    /** Answers each case right unless its number is in {@code wrong}; fails outright on "say 3" when asked to. */
    private static EvalTarget target(List<Integer> wrong, boolean failOnThree) {
        return c -> {
            int i = Integer.parseInt(c.input().substring(4));
            if (failOnThree && i == 3) {
                throw new IllegalStateException("upstream 503");
            }
            return CaseOutput.answer(wrong.contains(i) ? "no idea" : String.valueOf(i), Usage.ZERO, null,
                    Duration.ofMillis(5));
        };
    }

    @Test
    void runsAtMostTheConfiguredNumberOfCasesAtOnceAndKeepsTheSetOrder() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ConcurrentLinkedQueue<Integer> progress = new ConcurrentLinkedQueue<>();
        EvalTarget slow = c -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return CaseOutput.answer(c.input().substring(4), Usage.ZERO, null, Duration.ZERO);
        };

        EvalReport report = GoldenRunner.builder(slow).parallelism(3).progress((done, total) -> progress.add(done))
                .build().run(set(24));

        assertThat(peak.get()).isBetween(2, 3);
        assertThat(report.results()).extracting(CaseResult::id).containsExactlyElementsOf(
                set(24).cases().stream().map(GoldenCase::id).toList());
        assertThat(report.passRate()).isEqualTo(1.0);
        assertThat(progress).hasSize(24).contains(24);
    }

    @Test
    void aFailingTargetFailsItsCaseOnlyAndEveryFormatReportsIt() throws Exception {
        EvalReport report = GoldenRunner.builder(target(List.of(5), true)).parallelism(2).build().run(set(10));

        assertThat(report.passRate()).isEqualTo(0.8);
        CaseResult three = report.results().get(3);
        assertThat(three.failure()).hasValueSatisfying(e -> assertThat(e).contains("upstream 503"));
        assertThat(report.toMarkdown()).contains("10 cases, 8 passed").contains("| q3 | IllegalStateException: upstream 503")
                .contains("| q5 | exact: answer differs");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                report.toJUnitXml().getBytes(StandardCharsets.UTF_8)));
        var suite = xml.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("10");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        EvalReport.Summary back = EvalReport.Summary.fromJson(report.toJson());
        assertThat(back).isEqualTo(report.summary());
        assertThat(back.checks().get("exact").passRate()).isCloseTo(8 / 9.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void anEmptySetGivesAnEmptyReport() {
        EvalReport r = GoldenRunner.builder(target(List.of(), false)).build().run(GoldenSet.of("none", List.of()));

        assertThat(r.results()).isEmpty();
        assertThat(r.toMarkdown()).contains("0 cases");
    }

    @Test
    void theBaselineComparisonFailsARegressedRunAndPassesWithinTolerance() {
        EvalReport.Summary baseline = GoldenRunner.builder(target(List.of(), false)).build().run(set(20)).summary();

        EvalReport sameish = GoldenRunner.builder(target(List.of(7), false)).build().run(set(20));
        EvalReport worse = GoldenRunner.builder(target(List.of(1, 2, 3, 4), false)).build().run(set(20));

        assertThat(sameish.compareTo(baseline, 0.06).passed()).isTrue();
        EvalReport.Comparison c = worse.compareTo(baseline, 0.06);
        assertThat(c.passed()).isFalse();
        assertThat(c.regressions()).anyMatch(r -> r.startsWith("pass rate 0.800 < baseline 1.000"))
                .anyMatch(r -> r.startsWith("exact mean score"));
        EvalReport.Summary moreChecks = new EvalReport.Summary("numbers", 20, 1.0, java.util.Map.of("judge",
                new EvalReport.CheckFigures(20, 1.0, 0.9)));
        assertThat(sameish.compareTo(moreChecks, 0.5).regressions()).anyMatch(r -> r.contains("judge is in the baseline"));
    }
}
