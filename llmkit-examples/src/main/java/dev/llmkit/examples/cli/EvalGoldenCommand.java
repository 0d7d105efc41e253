package dev.llmkit.examples.cli;

import dev.llmkit.api.Usage;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import dev.llmkit.eval.CaseOutput;
import dev.llmkit.eval.EvalReport;
import dev.llmkit.eval.EvalTarget;
import dev.llmkit.eval.GoldenRunner;
import dev.llmkit.eval.GoldenSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmkit eval-golden <set.jsonl>}. */
@Command(name = "eval-golden", mixinStandardHelpOptions = true,
        description = "Run a golden set (JSON lines: input, expected output or facts, expected sources, checks) against"
                + " the index and the extractive answerer, print the report, write it as Markdown, JSON and JUnit XML,"
                + " and compare with a baseline: exit code 1 when a figure fell by more than the tolerance.")
final class EvalGoldenCommand extends BaseCommand {
    @Parameters(paramLabel = "SET", description = "The golden set, a .jsonl file")
    Path file;

    @Option(names = "--k", description = "Chunks retrieved per case (default ${DEFAULT-VALUE})", defaultValue = "10")
    int k;

    @Option(names = "--parallel", description = "Cases run at once (default ${DEFAULT-VALUE})", defaultValue = "2")
    int parallel;

    @Option(names = "--baseline", description = "A report.json of an earlier run to compare with")
    Path baseline;

    @Option(names = "--tolerance", description = "How much lower a figure may be than the baseline's (default"
            + " ${DEFAULT-VALUE})", defaultValue = "0.02")
    double tolerance;

    @Option(names = "--out", description = "Where to write report.md, report.json and junit.xml (default:"
            + " $LLMKIT_HOME/eval/<set>)")
    Path out;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new CliException(2, "Golden set '" + file + "' is not a file");
        }
        if (parallel < 1 || k < 1) {
            throw new CliException(2, "--parallel and --k must be at least 1");
        }
        GoldenSet set;
        EvalReport.Summary base = null;
        try {
            set = GoldenSet.load(file);
            if (baseline != null) {
                base = EvalReport.Summary.fromJson(Files.readString(baseline, StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(2, e.getMessage());
        } catch (IOException e) {
            throw new CliException(2, "Cannot read the baseline " + baseline + ": " + e.getMessage());
        }
        try (Pipeline p = openForQuestions()) {
            ctx.err().printf("Evaluating %s: %d cases against the index with %s%n", set.name(), set.cases().size(),
                    p.embeddings.info().model());
            EvalTarget target = c -> {
                long t0 = System.nanoTime();
                List<ScoredChunk> hits = p.hybrid.retrieve(Query.of(c.input(), k));
                Answering answering = new Answering(p, Optional.empty(), new PrintWriter(new StringWriter()),
                        AnswerOptions.DEFAULT_MIN_SCORE, ExtractiveAnswerer.DEFAULT_MIN_SUPPORT,
                        CliGuardrails.of(Optional.empty(), ChatModelListener.NONE, false));
                Answering.Reply reply = answering.extractive(c.input());
                String answer = reply.refused() ? "" : reply.quotes().stream().map(ExtractiveAnswerer.Quote::text)
                        .collect(Collectors.joining(" "));
                return new CaseOutput(answer, hits, List.of(), Usage.ZERO, null,
                        Duration.ofNanos(System.nanoTime() - t0));
            };
            EvalReport report = GoldenRunner.builder(target).parallelism(parallel)
                    .progress((done, total) -> progress(done, total)).build().run(set);
            ctx.err().println();
            ctx.out().print(report.toMarkdown());
            Path dir = out != null ? out : indexFolder().resolveSibling("eval").resolve(set.name());
            write(dir, report);
            ctx.out().println("\nReports in " + dir + " (report.md, report.json, junit.xml)");
            if (base != null) {
                EvalReport.Comparison c = report.compareTo(base, tolerance);
                ctx.out().println(c);
                return c.passed() ? 0 : 1;
            }
            return 0;
        }
    }

    private synchronized void progress(int done, int total) {
        ctx.err().printf(Locale.ROOT, "\r%s %d/%d cases", ProgressBar.bar(ProgressBar.fraction(done, total)), done,
                total);
        ctx.err().flush();
    }

    private static void write(Path dir, EvalReport report) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.md"), report.toMarkdown(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.json"), report.toJson(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("junit.xml"), report.toJUnitXml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(1, "Cannot write the reports to " + dir + ": " + e.getMessage());
        }
    }
}
