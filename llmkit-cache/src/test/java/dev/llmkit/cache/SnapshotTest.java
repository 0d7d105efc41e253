package dev.llmkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving a cache's answers to a file and reading them into a new cache (a process that restarts). */
class SnapshotTest {
    @TempDir
    Path dir;
    private final ManualScheduler time = new ManualScheduler();
    private final TableEmbedder embedder = new TableEmbedder();
    private final FakeChatModel model = FakeChatModel.builder().otherwise(r -> "answer to " + r.lastUserText()).build();

    private ResponseCache cache(String version) {
        return ResponseCache.builder(model).scheduler(time).ttl(Duration.ofHours(1)).semantic(embedder, 0.9)
                .semanticRefresh(Duration.ZERO)
                .modelVersion(version).build();
    }

    @Test
    void answersSurviveARestartAndStillHitExactlyAndSemantically() {
        embedder.near("how do i reset my password", "How do I reset my password?", 0.96);
        Path file = dir.resolve("cache.jsonl");
        try (ResponseCache first = cache("v1")) {
            first.chat(ChatRequest.builder().user("How do I reset my password?").tenant("acme")
                    .attribute(ResponseCache.ATTR_SOURCES, "docs/account.md").build());
            first.chat(ChatRequest.of("What is a bulkhead?"));
            assertThat(first.saveTo(file)).isEqualTo(2);
        }
        try (ResponseCache second = cache("v1")) {
            assertThat(second.loadFrom(file)).isEqualTo(2);
            ChatResponse exact = second.chat(ChatRequest.of("What is a bulkhead?"));
            ChatResponse semantic = second.chat(ChatRequest.builder().user("how do i reset my password")
                    .tenant("acme").build());
            assertThat(exact.attribute(ChatResponse.ATTR_CACHE)).contains("exact");
            assertThat(semantic.attribute(ChatResponse.ATTR_CACHE)).contains("semantic");
            assertThat(semantic.text()).isEqualTo("answer to How do I reset my password?");
            assertThat(model.callCount()).isEqualTo(2);
            assertThat(second.invalidateSource("docs/account.md")).isEqualTo(1);
        }
    }

    @Test
    void expiredAnswersAndOtherModelVersionsAreNotRestored() {
        Path file = dir.resolve("cache.jsonl");
        try (ResponseCache first = cache("v1")) {
            first.chat(ChatRequest.of("old"));
            time.advance(Duration.ofMinutes(50));
            first.chat(ChatRequest.of("new"));
            first.saveTo(file);
        }
        time.advance(Duration.ofMinutes(20)); // "old" is 70 minutes old, "new" 20
        try (ResponseCache second = cache("v1")) {
            assertThat(second.loadFrom(file)).isEqualTo(1);
            time.advance(Duration.ofMinutes(41)); // what it had left was 40 minutes
            second.chat(ChatRequest.of("new"));
            assertThat(model.callCount()).isEqualTo(3);
        }
        try (ResponseCache other = cache("v2")) {
            assertThat(other.loadFrom(file)).isZero();
        }
    }

    @Test
    void aMissingFileIsEmptyAndAForeignFileIsRefused() throws Exception {
        try (ResponseCache c = cache("v1")) {
            assertThat(c.loadFrom(dir.resolve("absent.jsonl"))).isZero();
            Path foreign = Files.writeString(dir.resolve("notes.txt"), "hello\n");
            assertThatThrownBy(() -> c.loadFrom(foreign)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an llmkit cache snapshot");
        }
    }

    @Test
    void savingReplacesTheFileWhole() throws Exception {
        Path file = dir.resolve("cache.jsonl");
        Files.writeString(file, Snapshots.HEADER + "\n{\"broken\n");
        try (ResponseCache c = cache("v1")) {
            assertThat(c.loadFrom(file)).isZero();
            c.chat(ChatRequest.of("q"));
            c.saveTo(file);
        }
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo(Snapshots.HEADER);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }
}
