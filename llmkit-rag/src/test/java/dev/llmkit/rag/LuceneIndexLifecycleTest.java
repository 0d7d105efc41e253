package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneIndexLifecycleTest {
    @TempDir
    Path tmp;

    private static EmbeddedChunk chunk(String id, String doc, String text, float... v) {
        return new EmbeddedChunk(new Chunk(id, doc, text, doc, 0, Map.of()), v);
    }

    @Test
    void aReadOnlyIndexAnswersWhileAWriterIsOpenAndSeesItsCommitsAfterRefresh() {
        Path dir = tmp.resolve("index");
        try (LuceneIndex writer = LuceneIndex.open(dir, "m", 3)) {
            writer.replaceDocument("d1", "h1", List.of(chunk("d1#0", "d1", "circuit breaker opens", 1, 0, 0)));
            writer.commit();

            try (LuceneIndex reader = LuceneIndex.openReadOnly(dir, "m", 3)) {
                assertThat(reader.searchText("breaker", 5, MetadataFilter.ALL)).hasSize(1);

                writer.replaceDocument("d2", "h2", List.of(chunk("d2#0", "d2", "bulkhead limits calls", 0, 1, 0)));
                writer.commit();
                assertThat(reader.searchText("bulkhead", 5, MetadataFilter.ALL)).isEmpty();

                reader.refresh();

                assertThat(reader.searchText("bulkhead", 5, MetadataFilter.ALL)).hasSize(1);
                assertThat(reader.search(new float[] {0, 1, 0}, 1, MetadataFilter.ALL).get(0).chunk().id())
                        .isEqualTo("d2#0");
                assertThat(reader.documentIds()).containsExactly("d1", "d2");
            }
        }
    }

    @Test
    void aReadOnlyIndexRefusesWritesAndTakesNoLock() {
        Path dir = tmp.resolve("index");
        try (LuceneIndex reader = LuceneIndex.openReadOnly(dir, "m", 3)) {
            assertThat(reader.size()).isZero();
            assertThatThrownBy(() -> reader.upsert(List.of(chunk("a", "d", "x", 1, 0, 0))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
            try (LuceneIndex writer = LuceneIndex.open(dir, "m", 3)) {
                writer.upsert(List.of(chunk("a", "d", "x", 1, 0, 0)));
                writer.commit();
            }
            reader.refresh();
            assertThat(reader.size()).isEqualTo(1);
        }
    }

    @Test
    void anIndexPathThatIsAFileGetsAClearError() throws IOException {
        Path file = Files.writeString(tmp.resolve("index"), "not an index");
        assertThatThrownBy(() -> LuceneIndex.open(file, "m", 3)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is a file, not a folder");
        assertThatThrownBy(() -> LuceneIndex.openReadOnly(file, "m", 3)).isInstanceOf(ConfigurationException.class);
        assertThat(LuceneIndex.exists(file)).isFalse();
    }

    @Test
    void anUpsertBatchIsAllOrNothing() {
        try (LuceneIndex index = LuceneIndex.inMemory("m", 3)) {
            index.upsert(List.of(chunk("a", "d", "kept", 1, 0, 0)));

            assertThatThrownBy(() -> index.upsert(List.of(chunk("a", "d", "replaced", 0, 1, 0),
                    chunk("b", "d", "new", 0, 0, 1), chunk("c", "d", "bad", 1, 1))))
                    .isInstanceOf(IllegalArgumentException.class);

            index.refresh();
            assertThat(index.size()).isEqualTo(1);
            assertThat(index.searchText("kept", 5, MetadataFilter.ALL)).hasSize(1);
        }
    }

    @Test
    void searchesDoNotRefreshSoBufferedWritesShowAfterRefreshOrCommit() {
        try (LuceneIndex index = LuceneIndex.inMemory("m", 3)) {
            index.replaceDocument("d1", "h", List.of(chunk("d1#0", "d1", "hedging", 1, 0, 0)));
            assertThat(index.searchText("hedging", 5, MetadataFilter.ALL)).isEmpty();

            index.refresh();

            assertThat(index.searchText("hedging", 5, MetadataFilter.ALL)).hasSize(1);
        }
    }

    @Test
    void documentIdsSkipDeletedDocumentsAndHashesComeFromDocValues() {
        try (LuceneIndex index = LuceneIndex.inMemory("m", 3)) {
            index.replaceDocument("a", "ha", List.of(chunk("a#0", "a", "x", 1, 0, 0), chunk("a#1", "a", "y", 0, 1, 0)));
            index.replaceDocument("b", "hb", List.of(chunk("b#0", "b", "z", 0, 0, 1)));
            index.commit();
            index.deleteDocuments(List.of("a"));
            index.replaceDocument("b", "hb2", List.of(chunk("b#0", "b", "z", 0, 0, 1)));
            index.refresh();

            assertThat(index.documentIds()).containsExactly("b");
            assertThat(index.documentHashes("")).containsExactly(Map.entry("b", "hb2"));
            assertThat(index.documentHash("a")).isEmpty();
        }
    }

    @Test
    void aDocumentHashIsLookedUpByExactIdNotByPrefix() {
        try (LuceneIndex index = LuceneIndex.inMemory("m", 3)) {
            index.replaceDocument("doc-10", "h10", List.of(chunk("doc-10#0", "doc-10", "x", 1, 0, 0)));
            index.replaceDocument("doc-1", "h1", List.of(chunk("doc-1#0", "doc-1", "y", 0, 1, 0)));
            index.commit();

            assertThat(index.documentHash("doc-1")).contains("h1");
            assertThat(index.documentHash("doc-")).isEmpty();
            assertThat(index.documentHashes("doc-1")).containsOnlyKeys("doc-1", "doc-10");
        }
    }

    @Test
    void closeWithoutCommitDiscardsBufferedWrites() {
        Path dir = tmp.resolve("index");
        try (LuceneIndex index = LuceneIndex.open(dir, "m", 3)) {
            index.upsert(List.of(chunk("a", "d", "committed", 1, 0, 0)));
            index.commit();
            index.upsert(List.of(chunk("b", "d", "discarded", 0, 1, 0)));
        }
        try (LuceneIndex reopened = LuceneIndex.openReadOnly(dir, "m", 3)) {
            assertThat(reopened.size()).isEqualTo(1);
        }
    }

    @Test
    void closeReleasesTheWriteLockEvenWhenAStepFails() throws IOException {
        Path dir = tmp.resolve("index");
        AtomicBoolean failClose = new AtomicBoolean();
        Directory failing = new FilterDirectory(FSDirectory.open(dir)) {
            @Override
            public IndexInput openInput(String name, IOContext context) throws IOException {
                IndexInput in = super.openInput(name, context);
                return new FailingClose(in, failClose);
            }
        };
        LuceneIndex index = LuceneIndex.open(failing, "m", 3);
        index.upsert(List.of(chunk("a", "d", "x", 1, 0, 0)));
        index.commit();
        failClose.set(true);

        assertThatThrownBy(index::close).hasMessageContaining("simulated close failure");

        try (LuceneIndex again = LuceneIndex.open(dir, "m", 3)) {
            assertThat(again.size()).isEqualTo(1);
        }
    }

    /** An input whose close fails once the flag is set. */
    private static final class FailingClose extends IndexInput {
        private final IndexInput in;
        private final AtomicBoolean fail;

        FailingClose(IndexInput in, AtomicBoolean fail) {
            super("failing(" + in + ")");
            this.in = in;
            this.fail = fail;
        }

        @Override
        public void close() throws IOException {
            in.close();
            if (fail.get()) {
                throw new IOException("simulated close failure");
            }
        }

        @Override
        public long getFilePointer() {
            return in.getFilePointer();
        }

        @Override
        public void seek(long pos) throws IOException {
            in.seek(pos);
        }

        @Override
        public long length() {
            return in.length();
        }

        @Override
        public IndexInput slice(String sliceDescription, long offset, long length) throws IOException {
            return in.slice(sliceDescription, offset, length);
        }

        @Override
        public IndexInput clone() {
            return new FailingClose(in.clone(), new AtomicBoolean());
        }

        @Override
        public byte readByte() throws IOException {
            return in.readByte();
        }

        @Override
        public void readBytes(byte[] b, int offset, int len) throws IOException {
            in.readBytes(b, offset, len);
        }
    }

    /** A directory that says whether it was closed. */
    private static final class Tracked extends FilterDirectory {
        final AtomicBoolean closed = new AtomicBoolean();

        Tracked(Directory in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed.set(true);
            super.close();
        }
    }

    @Test
    void anIndexThatFailsToOpenClosesItsDirectory() throws IOException {
        Path dir = tmp.resolve("index");
        try (LuceneIndex index = LuceneIndex.open(dir, "m", 3)) {
            index.commit();
        }
        Tracked wrongModel = new Tracked(FSDirectory.open(dir));
        assertThatThrownBy(() -> LuceneIndex.openOwned(wrongModel, dir.toString(), dir, "other", 3, false))
                .isInstanceOf(ConfigurationException.class);
        assertThat(wrongModel.closed).isTrue();

        try (LuceneIndex writer = LuceneIndex.open(dir, "m", 3)) {
            Tracked locked = new Tracked(FSDirectory.open(dir));
            assertThatThrownBy(() -> LuceneIndex.openOwned(locked, dir.toString(), dir, "m", 3, false))
                    .isInstanceOf(org.apache.lucene.store.LockObtainFailedException.class);
            assertThat(locked.closed).isTrue();
        }
    }

    @Test
    void aReadOnlyIndexClosedBeforeItsFirstCommitNeverOpensASearcherAfterwards() throws IOException {
        Path dir = tmp.resolve("index");
        Files.createDirectories(dir);
        try (Directory d = FSDirectory.open(dir)) {
            dev.llmkit.rag.internal.IndexSearch search = new dev.llmkit.rag.internal.IndexSearch(null, d,
                    dir.toString(), "m", 3, LuceneIndex.MIN_KNN_CANDIDATES,
                    new org.apache.lucene.analysis.standard.StandardAnalyzer());
            try (LuceneIndex writer = LuceneIndex.open(dir, "m", 3)) {
                writer.replaceDocument("d1", "h1", List.of(chunk("d1#0", "d1", "breaker", 1, 0, 0)));
                writer.commit();
            }
            search.close();

            assertThatThrownBy(search::refresh).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThat(search.size()).isZero();
        }
    }
}
