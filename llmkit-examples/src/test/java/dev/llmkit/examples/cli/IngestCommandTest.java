package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.rag.IngestProgress;
import dev.llmkit.rag.LuceneIndex;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
    @TempDir
    Path tmp;

    private final FakeEmbeddingModel fake = new FakeEmbeddingModel(384);

    private Map<String, String> env() {
        return Map.of("LLMKIT_EMBEDDINGS", "fake", "LLMKIT_HOME", tmp.resolve("home").toString());
    }

    private Path docs(String name) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.writeString(d.resolve("refunds.md"), "# Refunds\n\nRefunds are paid within 14 days of the return.\n");
        Files.writeString(d.resolve("shipping.md"), "# Shipping\n\nParcels ship from Rotterdam every weekday.\n");
        return d;
    }

    private Set<String> documentIds(Path indexFolder) {
        try (LuceneIndex index = LuceneIndex.openReadOnly(indexFolder.resolve("lucene"), fake.info().model(), 384)) {
            return index.documentIds();
        }
    }

    @Test
    void ingestingIntoTheDefaultIndexKeepsTheBundledDocsUnlessReplace() throws IOException {
        Path home = tmp.resolve("home");
        Cli first = Cli.run(env(), tmp, "", "ask", "--min-score", "0.1", "How do I retry on rate limits?");
        assertThat(first.exitCode).as(first.err()).isZero();
        Path index = home.resolve("index");
        int bundled = documentIds(index).size();
        assertThat(bundled).isPositive();

        Cli ingest = Cli.run(env(), tmp, "", "ingest", docs("shop").toString());

        assertThat(ingest.exitCode).as(ingest.err()).isZero();
        assertThat(ingest.out()).contains("Indexed 2 documents (0 unchanged, 0 removed)");
        assertThat(documentIds(index)).hasSize(bundled + 2);

        Cli replace = Cli.run(env(), tmp, "", "ingest", "--replace", docs("shop").toString());

        assertThat(replace.exitCode).as(replace.err()).isZero();
        assertThat(replace.out()).contains("(2 unchanged, " + bundled + " removed)");
        assertThat(documentIds(index)).hasSize(2).allSatisfy(id -> assertThat(id).contains("/shop/"));
    }

    @Test
    void twoFoldersWithTheSameFileNamesAreBothKept() throws IOException {
        Path index = tmp.resolve("index");
        Cli a = Cli.run(env(), tmp, "", "ingest", docs("a").toString(), "--index", index.toString());
        Cli b = Cli.run(env(), tmp, "", "ingest", docs("b").toString(), "--index", index.toString());

        assertThat(a.out()).contains("Indexed 2 documents (0 unchanged, 0 removed)");
        assertThat(b.out()).contains("Indexed 2 documents (0 unchanged, 0 removed)");
        assertThat(documentIds(index)).hasSize(4);
    }

    @Test
    void rebuildSwitchesTheIndexToAnotherEmbeddingModelAtomically() throws IOException {
        Path index = tmp.resolve("index");
        Cli first = Cli.run(env(), tmp, "", "ingest", docs("shop").toString(), "--index", index.toString());
        assertThat(first.exitCode).as(first.err()).isZero();
        Map<String, String> minilm = Map.of("LLMKIT_EMBEDDINGS", "minilm", "LLMKIT_HOME", tmp.resolve("home").toString());

        Cli refused = Cli.run(minilm, tmp, "", "ask", "--index", index.toString(), "When are refunds paid?");
        assertThat(refused.exitCode).isNotZero();
        assertThat(refused.err()).contains("--rebuild");

        Cli rebuilt = Cli.run(minilm, tmp, "", "ingest", "--rebuild", docs("shop").toString(), "--index",
                index.toString());

        assertThat(rebuilt.exitCode).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("Indexed 2 documents");
        assertThat(index.resolve("CURRENT")).content().isEqualToIgnoringWhitespace("lucene-g1");
        Cli ask = Cli.run(minilm, tmp, "", "ask", "--min-score", "0.1", "--index", index.toString(),
                "When are refunds paid?");
        assertThat(ask.exitCode).as(ask.err()).isZero();
        assertThat(ask.out()).contains("14 days");
        assertThat(Cli.run(env(), tmp, "", "ingest", "--rebuild", "--replace", docs("shop").toString()).exitCode)
                .isEqualTo(2);
    }

    @Test
    void helpDocumentsReplace() {
        Cli help = Cli.run(env(), tmp, "", "ingest", "--help");

        assertThat(help.out()).contains("--replace").contains("kept unless --replace");
    }

    @Test
    void askingAnIndexWhoseFirstIngestNeverCommittedSaysToRunIngest() throws IOException {
        Path index = tmp.resolve("index");
        try (LuceneIndex writer = LuceneIndex.open(index.resolve("lucene"), fake.info().model(), 384)) {
            // the first ingest was killed before its commit: the folder exists, no commit does
            assertThat(writer.size()).isZero();
        }

        Cli ask = Cli.run(env(), tmp, "", "ask", "--index", index.toString(), "refunds?");

        assertThat(ask.exitCode).isEqualTo(1);
        assertThat(ask.err()).contains("has no committed documents").contains("llmkit ingest")
                .doesNotContain("best match");
        assertThat(ask.out()).doesNotContain("best match");
    }

    @Test
    void askingAnEmptyIndexSaysToRunIngest() throws IOException {
        Path index = tmp.resolve("index");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(Cli.run(env(), tmp, "", "ingest", empty.toString(), "--index", index.toString()).exitCode).isZero();

        Cli ask = Cli.run(env(), tmp, "", "ask", "--index", index.toString(), "refunds?");

        assertThat(ask.exitCode).isEqualTo(1);
        assertThat(ask.err()).contains("holds no documents").contains("llmkit ingest");
    }

    @Test
    void anIndexPathThatIsAFileIsAUsageError() throws IOException {
        Path file = Files.writeString(tmp.resolve("index.txt"), "oops");

        Cli ask = Cli.run(env(), tmp, "", "ask", "--index", file.toString(), "refunds?");
        Cli ingest = Cli.run(env(), tmp, "", "ingest", docs("shop").toString(), "--index", file.toString());

        assertThat(ask.exitCode).isEqualTo(2);
        assertThat(ask.err()).contains("is a file, not a folder").doesNotContain("Create one with");
        assertThat(ingest.exitCode).isEqualTo(2);
        assertThat(ingest.err()).contains("is a file, not a folder");
    }

    @Test
    void askAnswersWhileAnIngestHoldsTheIndex() throws IOException {
        Path index = tmp.resolve("index");
        Cli.run(env(), tmp, "", "ingest", docs("shop").toString(), "--index", index.toString());
        try (LuceneIndex writer = LuceneIndex.open(index.resolve("lucene"), fake.info().model(), 384)) {
            assertThat(writer.readOnly()).isFalse();

            Cli ask = Cli.run(env(), tmp, "", "ask", "--index", index.toString(), "--min-score", "0.1",
                    "How fast are refunds paid?");

            assertThat(ask.exitCode).as(ask.err()).isZero();
            assertThat(ask.err()).doesNotContain("in use");
            assertThat(ask.out()).contains("refunds.md");
        }
    }

    @Test
    void anUnreadableFileIsReportedAndTheRunGoesOn() throws IOException {
        Path d = docs("shop");
        Files.write(d.resolve("logo.md"), new byte[] {0, 1, 2});
        Cli ingest = Cli.run(env(), tmp, "", "ingest", d.toString(), "--index", tmp.resolve("index").toString());

        assertThat(ingest.exitCode).isZero();
        assertThat(ingest.out()).contains("Skipped 1 files").contains("binary content");
    }

    @Test
    void pdfPagesAreIngestedAndCitedByPageAndAnEncryptedPdfIsSkippedWithTheReason() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("reports"));
        writePdf(d.resolve("report.pdf"), null, new String[] {"Quarterly report. Sales grew in every region."},
                new String[] {"Claim type        Settled within", "Warranty claims   21 days",
                    "Damage claims     45 days"});
        writePdf(d.resolve("locked.pdf"), "secret", new String[] {"Nothing to see here."});
        Files.writeString(d.resolve("readme.md"), "# Reports\n\nThe quarterly reports are in this folder.\n");
        try (XWPFDocument doc = new XWPFDocument(); var out = Files.newOutputStream(d.resolve("policy.docx"))) {
            doc.createParagraph().createRun().setText("Travel is booked through the office.");
            doc.write(out);
        }
        Path index = tmp.resolve("index");

        Cli ingest = Cli.run(env(), tmp, "", "ingest", d.toString(), "--index", index.toString());

        assertThat(ingest.exitCode).as(ingest.err()).isZero();
        assertThat(ingest.out()).contains("Indexed 4 documents").contains("Skipped 1 files")
                .contains("locked.pdf: is encrypted");

        try (LuceneIndex idx = LuceneIndex.openReadOnly(index.resolve("lucene"), fake.info().model(), 384)) {
            assertThat(idx.searchText("warranty claims", 10, MetadataFilter.eq("page", "2")))
                    .as("page metadata is filterable").isNotEmpty();
            assertThat(idx.searchText("warranty claims", 10, MetadataFilter.eq("page", "1"))).isEmpty();
            assertThat(idx.searchText("travel", 10, MetadataFilter.eq("format", "docx"))).hasSize(1);
        }

        Cli ask = Cli.run(env(), tmp, "", "ask", "--index", index.toString(), "--min-score", "0.1",
                "Within how many days are warranty claims settled?");

        assertThat(ask.exitCode).as(ask.err()).isZero();
        assertThat(ask.out()).contains("21 days").contains("report.pdf p. 2");
    }

    private static void writePdf(Path file, String password, String[]... pages) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            for (String[] lines : pages) {
                PDPage page = new PDPage();
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    for (String line : lines) {
                        content.showText(line);
                        content.newLineAtOffset(0, -16);
                    }
                    content.endText();
                }
            }
            if (password != null) {
                pdf.protect(new StandardProtectionPolicy("owner-" + password, password, new AccessPermission()));
            }
            pdf.save(file.toFile());
        }
    }

    @Test
    void theProgressBarFillsByChunksWithinAFile() {
        IngestProgress halfOfOneFile = new IngestProgress(0, 1, 500, 1000, 50.0, Duration.ofSeconds(10),
                Optional.of(Duration.ofSeconds(10)));

        String line = ProgressBar.render(halfOfOneFile);

        assertThat(line).startsWith("[############............] 0/1 files  500/~1000 chunks  50.0 chunks/s  ETA 10s");
    }
}
