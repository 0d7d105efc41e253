package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end on the real embedded default (bge-small). */
class FirstRunTest {

    @Test
    void firstAskIndexesTheBundledDocsAndAnswersHowToRetryOnRateLimits(@TempDir Path home) {
        Cli first = Cli.run(Map.of("LLMKIT_HOME", home.toString()), home, "", "ask", "How do I retry on rate limits?");

        assertThat(first.exitCode).as(first.err()).isZero();
        assertThat(first.err()).contains("First run: indexing llmkit's bundled documentation");
        assertThat(first.out()).contains("No LLM is configured").contains("Retry-After").contains("resilience.md");

        Cli second = Cli.run(Map.of("LLMKIT_HOME", home.toString()), home, "", "ask", "What is the capital of France?");
        assertThat(second.err()).doesNotContain("First run");
        assertThat(second.out()).startsWith("Not found in the documents.");
    }

    @Test
    void theBundledIndexListsEveryGuidePage() throws Exception {
        Path docs = Path.of("..", "docs");
        Set<String> pages;
        try (Stream<Path> s = Files.list(docs)) {
            pages = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md") && !n.equals("benchmarks.md"))
                    .collect(Collectors.toSet());
        }
        assertThat(BundledDocs.names()).containsExactlyInAnyOrderElementsOf(pages);
    }
}
