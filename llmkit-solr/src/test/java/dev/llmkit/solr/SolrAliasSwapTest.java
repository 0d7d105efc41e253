package dev.llmkit.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import dev.llmkit.api.rag.ScoredChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Zero-downtime re-indexing: readers of an alias see one complete generation or the next, and no error. */
@ExtendWith(SolrTestCluster.class)
class SolrAliasSwapTest {
    private static final int CHUNKS = 60;

    private static List<EmbeddedChunk> generation(int gen) {
        List<EmbeddedChunk> out = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            out.add(new EmbeddedChunk(new Chunk("g" + gen + "-" + i, "doc" + (i % 6), "retry budget text " + i,
                    "doc" + (i % 6) + ".md", i, Map.of("gen", Integer.toString(gen))), new float[] {1, i, gen}));
        }
        return out;
    }

    @Test
    void readersOfTheAliasSeeOneCompleteGenerationThroughoutASwapAndNoError() throws Exception {
        String alias = SolrTestCluster.uniqueName("live");
        SolrCollections admin = SolrCollections.on(SolrTestCluster.get().client()).dropAfter(Duration.ofSeconds(2));
        String first = admin.reindex(alias, 3, SolrCollections.Layout.of(2, 1), index -> index.upsert(generation(1)));
        assertThat(first).isEqualTo(alias + "_g1");

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger queries = new AtomicInteger();
        ExecutorService readers = Executors.newFixedThreadPool(4);
        CountDownLatch running = new CountDownLatch(4);
        try (CloudHttp2SolrClient client = SolrTestCluster.get().newClient()) {
            SolrIndex reader = SolrIndex.on(client, alias, 3);
            for (int t = 0; t < 4; t++) {
                boolean keyword = t % 2 == 0;
                readers.submit(() -> {
                    running.countDown();
                    while (!stop.get()) {
                        try {
                            List<ScoredChunk> hits = keyword
                                    ? reader.searchText("retry budget", CHUNKS, MetadataFilter.ALL)
                                    : reader.search(new float[] {1, 1, 1}, CHUNKS, MetadataFilter.ALL);
                            List<String> gens = hits.stream().map(h -> h.chunk().metadata().get("gen")).distinct()
                                    .toList();
                            if (hits.size() != CHUNKS || gens.size() != 1) {
                                errors.add(new AssertionError(hits.size() + " hits of generations " + gens));
                            } else {
                                seen.add(gens.get(0));
                            }
                            queries.incrementAndGet();
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                });
            }
            running.await();
            String second = admin.reindex(alias, 3, SolrCollections.Layout.of(2, 1), index -> {
                index.upsert(generation(2).subList(0, CHUNKS / 2));
                index.upsert(generation(2).subList(CHUNKS / 2, CHUNKS)); // half-built for a while: nobody may see it
            });
            Thread.sleep(1000); // queries go on after the old collection is dropped
            stop.set(true);
            readers.shutdown();
            assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(errors).isEmpty();
            assertThat(second).isEqualTo(alias + "_g2");
            assertThat(seen).contains("2");
            assertThat(queries.get()).isGreaterThan(20);
            assertThat(admin.collections()).contains(second).doesNotContain(first);
            assertThat(admin.aliasTarget(alias)).contains(second);
        } finally {
            stop.set(true);
            readers.shutdownNow();
        }
    }

    @Test
    void aFailedFillDropsTheNewCollectionAndLeavesTheAliasAlone() {
        String alias = SolrTestCluster.uniqueName("keep");
        SolrCollections admin = SolrCollections.on(SolrTestCluster.get().client()).dropAfter(Duration.ZERO);
        String first = admin.reindex(alias, 3, SolrCollections.Layout.of(1, 1), index -> index.upsert(generation(1)));

        assertThatThrownBy(() -> admin.reindex(alias, 3, SolrCollections.Layout.of(1, 1), index -> {
            index.upsert(generation(2).subList(0, 10));
            throw new IllegalStateException("embedding model went away");
        })).hasMessage("embedding model went away");

        assertThat(admin.aliasTarget(alias)).contains(first);
        assertThat(admin.collections()).contains(first).doesNotContain(alias + "_g2");
        try (SolrIndex index = SolrIndex.on(SolrTestCluster.get().client(), alias, 3)) {
            assertThat(index.size()).isEqualTo(CHUNKS);
        }
    }

    @Test
    void refusesToReindexOverACollectionOfTheSameName() {
        String name = SolrTestCluster.uniqueName("plain");
        SolrCollections admin = SolrCollections.on(SolrTestCluster.get().client());
        admin.create(name, 3, SolrCollections.Layout.of(1, 1));

        assertThatThrownBy(() -> admin.reindex(name, 3, SolrCollections.Layout.of(1, 1), index -> { }))
                .isInstanceOf(SolrIndexException.class).hasMessageContaining("is a collection, not an alias");
    }
}
