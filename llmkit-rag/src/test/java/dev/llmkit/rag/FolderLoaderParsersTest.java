package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLoaderParsersTest {

    @TempDir
    Path dir;

    /** Splits a ".pg" file into one document per line, as a page parser would. */
    static class Pages implements DocumentParser {
        @Override
        public Set<String> extensions() {
            return Set.of("pg");
        }

        @Override
        public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
            try {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() > maxPages) {
                    throw new Unreadable("has " + lines.size() + " pages, more than the limit of " + maxPages);
                }
                if (lines.get(0).equals("locked")) {
                    throw new Unreadable("is encrypted; decrypt it first");
                }
                return java.util.stream.IntStream.range(0, lines.size())
                        .mapToObj(i -> new Document(idPrefix + source + " p. " + (i + 1), lines.get(i),
                                source + " p. " + (i + 1), Map.of()))
                        .toList();
            } catch (java.io.IOException e) {
                throw new Unreadable("cannot be read", e);
            }
        }
    }

    @Test
    void aParserSplitsFilesIntoPagesAndItsFailuresAreSkippedFilesNotErrors() throws Exception {
        Files.writeString(dir.resolve("guide.md"), "# Guide\nplain text still loads");
        Files.writeString(dir.resolve("report.PG"), "first page\nsecond page");
        Files.writeString(dir.resolve("secret.pg"), "locked\n");
        Files.writeString(dir.resolve("long.pg"), "a\nb\nc\nd\n");

        FolderLoader.Result r = FolderLoader.builder().parsers(List.of(new Pages()))
                .limits(1_000, 3, Duration.ofSeconds(5)).build().load(dir, "docs");

        assertThat(r.documents()).extracting(Document::source)
                .containsExactlyInAnyOrder("guide.md", "report.PG p. 1", "report.PG p. 2");
        assertThat(r.documents()).filteredOn(d -> d.source().equals("report.PG p. 2"))
                .singleElement().satisfies(d -> {
                    assertThat(d.id()).isEqualTo("docs/report.PG p. 2");
                    assertThat(d.text()).isEqualTo("second page");
                });
        assertThat(r.skipped()).extracting(s -> s.path().getFileName() + ": " + s.reason())
                .containsExactlyInAnyOrder("secret.pg: is encrypted; decrypt it first",
                        "long.pg: has 4 pages, more than the limit of 3");
    }

    @Test
    void aFileOverTheSizeLimitIsNotParsedAtAll() throws Exception {
        Files.writeString(dir.resolve("big.pg"), "x".repeat(2_000));

        FolderLoader.Result r = FolderLoader.builder().parsers(List.of(new Pages()))
                .limits(1_000, 3, Duration.ofSeconds(5)).build().load(dir, "docs");

        assertThat(r.documents()).isEmpty();
        assertThat(r.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("larger than 1000"));
    }

    @Test
    void aParserThatHangsIsInterruptedAtTheTimeoutAndTheRestStillLoads() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        DocumentParser hangs = new DocumentParser() {
            @Override
            public Set<String> extensions() {
                return Set.of("slow");
            }

            @Override
            public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return List.of();
            }
        };
        Files.writeString(dir.resolve("stuck.slow"), "...");
        Files.writeString(dir.resolve("notes.txt"), "loads anyway");

        FolderLoader.Result r = FolderLoader.builder().parsers(List.of(hangs))
                .limits(1_000, 3, Duration.ofMillis(200)).build().load(dir, "docs");

        assertThat(r.documents()).extracting(Document::source).containsExactly("notes.txt");
        assertThat(r.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("took longer than"));
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the parse thread was interrupted").isTrue();
    }

    @Test
    void aParserThatBreaksItsContractOrFailsToRecognizeIsReportedNotFatal() throws Exception {
        DocumentParser wrongIds = new Pages() {
            @Override
            public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
                return List.of(new Document("elsewhere/" + source, "text", source, Map.of()));
            }

            @Override
            public boolean recognizes(Path file, byte[] head) {
                throw new IllegalStateException("cannot tell");
            }

            @Override
            public String toString() {
                return "WrongIds";
            }
        };
        Files.writeString(dir.resolve("a.pg"), "page");
        Files.writeString(dir.resolve("unknown.bin"), "????");
        Files.writeString(dir.resolve("notes.md"), "# Notes\nstill loads");

        FolderLoader.Result r = FolderLoader.builder().parsers(List.of(wrongIds)).build().load(dir, "docs");

        assertThat(r.documents()).extracting(Document::source).containsExactly("notes.md");
        assertThat(r.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("WrongIds")
                .contains("broke its contract").contains("elsewhere/a.pg"));
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> FolderLoader.builder().limits(0, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> FolderLoader.builder().limits(1, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileIsParsedByItsContentWhenItsExtensionSaysNothingOrHidesIt() throws Exception {
        Pages sniffing = new Pages() {
            @Override
            public boolean recognizes(Path file, byte[] head) {
                return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PG");
            }
        };
        Files.writeString(dir.resolve("scan-0001"), "%PG first\nsecond");
        byte[] binaryTxt = "%PG\u0000\u0001 page".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("export.txt"), binaryTxt);
        Files.write(dir.resolve("logo.bin"), new byte[] {0, 1, 2, 3});
        Files.write(dir.resolve("other.txt"), new byte[] {0, 1, 2, 3});

        FolderLoader.Result r = FolderLoader.builder().parsers(List.of(sniffing)).build().load(dir, "docs");

        assertThat(r.documents()).extracting(Document::source)
                .containsExactlyInAnyOrder("scan-0001 p. 1", "scan-0001 p. 2", "export.txt p. 1");
        assertThat(r.skipped()).extracting(s -> s.path().getFileName() + ": " + s.reason())
                .containsExactly("other.txt: binary content");
    }

    /** Reads ".pg" pages; a page reading "scan" is left out, and "broken" makes the whole file unreadable. */
    static final class Scans extends Pages {
        @Override
        public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
            List<Document> all = super.parse(file, source, idPrefix, maxPages);
            if (all.stream().anyMatch(d -> d.text().equals("broken"))) {
                throw new Unreadable("is broken today");
            }
            List<Document> read = all.stream().filter(d -> !d.text().equals("scan")).toList();
            if (read.size() < all.size()) {
                throw new PartlyRead("scanned pages were left out", read);
            }
            return all;
        }
    }

    @Test
    void aFileReadInPartKeepsItsDocumentsAndIsReportedWithWhatWasLeftOut() throws Exception {
        Files.writeString(dir.resolve("mixed.pg"), "typed\nscan\ntyped again");

        FolderLoader.Result r = FolderLoader.builder().parsers(List.of(new Scans())).build().load(dir, "docs");

        assertThat(r.documents()).extracting(Document::source).containsExactly("mixed.pg p. 1", "mixed.pg p. 3");
        assertThat(r.skipped()).singleElement().satisfies(s -> assertThat(s.reason())
                .isEqualTo("read in part: scanned pages were left out"));
    }

    @Test
    void thePagesOfAFileThatCannotBeReadThisTimeStayInTheIndex() throws Exception {
        Path report = Files.writeString(dir.resolve("report.pg"), "one\ntwo");
        FolderLoader loader = FolderLoader.builder().parsers(List.of(new Scans())).build();
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 16)) {
            Ingestor ingestor = Ingestor.builder(index, new dev.llmkit.testing.FakeEmbeddingModel(16)).loader(loader)
                    .build();
            ingestor.ingest(dir, "docs");
            assertThat(index.documentIds()).containsExactlyInAnyOrder("docs/report.pg p. 1", "docs/report.pg p. 2");

            Files.writeString(report, "broken\ntwo");
            IngestReport second = ingestor.ingest(dir, "docs");

            assertThat(second.skipped()).hasSize(1);
            assertThat(index.documentIds()).as("a skipped file's pages are kept, not deleted")
                    .containsExactlyInAnyOrder("docs/report.pg p. 1", "docs/report.pg p. 2");

            Files.delete(report);
            ingestor.ingest(dir, "docs");
            assertThat(index.documentIds()).as("a removed file's pages go").isEmpty();
        }
    }

    @Test
    void parsersThatIgnoreTheirTimeLimitAreCappedAndParsingResumesWhenTheyReturn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DocumentParser deaf = new DocumentParser() {
            @Override
            public Set<String> extensions() {
                return Set.of("deaf");
            }

            @Override
            public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
                while (true) {
                    try {
                        if (release.await(10, TimeUnit.SECONDS)) {
                            return List.of(new Document(idPrefix + source, "late", source, Map.of()));
                        }
                    } catch (InterruptedException ignored) {
                        // deaf to the interrupt, as a parser stuck in native or library code is
                    }
                }
            }
        };
        for (int i = 0; i < Parsing.MAX_STUCK_PARSES + 2; i++) {
            Files.writeString(dir.resolve("f" + i + ".deaf"), "x");
        }
        FolderLoader loader = FolderLoader.builder().parsers(List.of(deaf))
                .limits(1_000, 3, Duration.ofMillis(100)).build();

        FolderLoader.Result r = loader.load(dir, "docs");

        assertThat(r.documents()).isEmpty();
        assertThat(r.skipped()).filteredOn(s -> s.reason().contains("took longer than"))
                .hasSize(Parsing.MAX_STUCK_PARSES);
        assertThat(r.skipped()).filteredOn(s -> s.reason().contains("still stuck")).hasSize(2);
        assertThat(Parsing.stuckParses()).isEqualTo(Parsing.MAX_STUCK_PARSES);

        release.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Parsing.stuckParses() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(Parsing.stuckParses()).as("returned threads are no longer counted").isZero();
        assertThat(loader.load(dir, "docs").documents()).hasSize(Parsing.MAX_STUCK_PARSES + 2);
    }
}
