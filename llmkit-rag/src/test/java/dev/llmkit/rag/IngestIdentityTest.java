package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.testing.FakeEmbeddingModel;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestIdentityTest {
    private final FakeEmbeddingModel embeddings = new FakeEmbeddingModel(32);

    @TempDir
    Path tmp;

    private Path folder(String name, String text) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.writeString(d.resolve("README.md"), "# Readme\n\n" + text);
        Files.writeString(d.resolve("only-" + name + ".txt"), "Only in " + name + ".");
        return d;
    }

    @Test
    void sameRelativeNamesInTwoFoldersAreTwoDocuments() throws IOException {
        Path a = folder("a", "Same words.");
        Path b = folder("b", "Same words.");
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 32)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();

            IngestReport first = ingestor.ingest(a);
            IngestReport second = ingestor.ingest(b);

            assertThat(first.documentsIndexed()).isEqualTo(2);
            assertThat(second.documentsIndexed()).isEqualTo(2);
            assertThat(second.documentsUnchanged()).isZero();
            assertThat(index.documentIds()).containsExactly(FolderLoader.rootOf(a) + "/README.md",
                    FolderLoader.rootOf(a) + "/only-a.txt", FolderLoader.rootOf(b) + "/README.md",
                    FolderLoader.rootOf(b) + "/only-b.txt");
        }
    }

    @Test
    void ingestingASecondFolderKeepsTheFirstFoldersDocuments() throws IOException {
        Path a = folder("a", "Alpha.");
        Path b = folder("b", "Beta.");
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 32)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();
            ingestor.ingest(a);

            IngestReport report = ingestor.ingest(b);
            IngestReport again = ingestor.ingest(a);

            assertThat(report.documentsDeleted()).isZero();
            assertThat(again.documentsUnchanged()).isEqualTo(2);
            assertThat(again.documentsDeleted()).isZero();
            assertThat(index.documentIds()).hasSize(4);
        }
    }

    @Test
    void removalOfVanishedFilesAppliesOnlyToTheIngestedFolder() throws IOException {
        Path a = folder("a", "Alpha.");
        Path b = folder("b", "Beta.");
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 32)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();
            ingestor.ingest(a);
            ingestor.ingest(b);
            Files.delete(a.resolve("only-a.txt"));

            IngestReport report = ingestor.ingest(a);

            assertThat(report.documentsDeleted()).isEqualTo(1);
            assertThat(index.documentIds()).containsExactly(FolderLoader.rootOf(a) + "/README.md",
                    FolderLoader.rootOf(b) + "/README.md", FolderLoader.rootOf(b) + "/only-b.txt");
        }
    }

    @Test
    void replaceAllKeepsOnlyTheIngestedFolder() throws IOException {
        Path a = folder("a", "Alpha.");
        Path b = folder("b", "Beta.");
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 32)) {
            Ingestor.builder(index, embeddings).build().ingest(a);

            IngestReport report = Ingestor.builder(index, embeddings).replaceAll(true).build().ingest(b);

            assertThat(report.documentsDeleted()).isEqualTo(2);
            assertThat(index.documentIds()).containsExactly(FolderLoader.rootOf(b) + "/README.md",
                    FolderLoader.rootOf(b) + "/only-b.txt");
        }
    }

    @Test
    void aCallerChosenRootSurvivesMovingTheFolder() throws IOException {
        Path a = folder("a", "Alpha.");
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 32)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();
            ingestor.ingest(a, "handbook");
            Path moved = Files.move(a, tmp.resolve("moved"));

            IngestReport report = ingestor.ingest(moved, "handbook");

            assertThat(report.documentsUnchanged()).isEqualTo(2);
            assertThat(index.documentIds()).containsExactly("handbook/README.md", "handbook/only-a.txt");
        }
    }

    /*
     * Tests run as root, for whom chmod 000 does not block reading, so the unreadable subfolder is simulated through
     * FolderLoader's directory-listing seam: listing "private" throws AccessDeniedException, as the JDK does for a
     * folder the process may not read.
     */
    @Test
    void anUnreadableSubfolderIsSkippedAndReportedAndItsDocumentsAreKept() throws IOException {
        Path a = folder("a", "Alpha.");
        Files.createDirectories(a.resolve("private"));
        Files.writeString(a.resolve("private/secret.md"), "# Secret\n\nKept from an earlier run.");
        FolderLoader denying = FolderLoader.builder().lister(dir -> {
            if (dir.getFileName().toString().equals("private")) {
                throw new AccessDeniedException(dir.toString());
            }
            return FolderLoader.Lister.FILES.list(dir);
        }).build();
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 32)) {
            Ingestor.builder(index, embeddings).build().ingest(a);

            IngestReport report = Ingestor.builder(index, embeddings).loader(denying).build().ingest(a);

            assertThat(report.skipped()).singleElement().satisfies(s -> {
                assertThat(s.path()).isEqualTo(a.resolve("private"));
                assertThat(s.reason()).startsWith("unreadable folder").contains("AccessDeniedException");
            });
            assertThat(report.documentsUnchanged()).isEqualTo(2);
            assertThat(report.documentsDeleted()).isZero();
            assertThat(index.documentIds()).contains(FolderLoader.rootOf(a) + "/private/secret.md");
        }
    }

    @Test
    void removalsOfARootNeverTouchAnotherRootItIsAPrefixOf() throws IOException {
        Path v1 = folder("v1", "Version one.");
        Path v2 = folder("v2", "Version two.");
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 32)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();
            ingestor.ingest(v1, "handbook");
            ingestor.ingest(v2, "handbook/v2");
            Files.delete(v1.resolve("only-v1.txt"));

            IngestReport report = ingestor.ingest(v1, "handbook");

            assertThat(report.documentsDeleted()).isEqualTo(1);
            assertThat(index.documentIds()).containsExactly("handbook/README.md", "handbook/v2/README.md",
                    "handbook/v2/only-v2.txt");
        }
    }

    @Test
    void removalsStillCoverASubfolderOfTheSameRoot() throws IOException {
        Path d = folder("d", "Docs.");
        Files.createDirectories(d.resolve("v2"));
        Files.writeString(d.resolve("v2/old.md"), "Old page.");
        try (LuceneIndex index = LuceneIndex.inMemory("fake", 32)) {
            Ingestor ingestor = Ingestor.builder(index, embeddings).build();
            ingestor.ingest(d, "handbook");
            Files.delete(d.resolve("v2/old.md"));

            IngestReport report = ingestor.ingest(d, "handbook");

            assertThat(report.documentsDeleted()).isEqualTo(1);
            assertThat(index.documentIds()).containsExactly("handbook/README.md", "handbook/only-d.txt");
        }
    }
}
