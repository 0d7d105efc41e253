package dev.llmkit.solr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node of the two-node cluster stops while writers and readers are busy: every write Solr acknowledged is still
 * there, and once the cluster has noticed, every query answers from the surviving replicas.
 */
@ExtendWith(SolrTestCluster.class)
class SolrNodeFailureTest {

    private static EmbeddedChunk chunk(int i) {
        return new EmbeddedChunk(new Chunk("c" + i, "doc" + i, "resilient retrieval text " + i, "doc" + i + ".md", 0,
                Map.of()), new float[] {1, i % 7, 1});
    }

    @Test
    void aStoppedNodeLosesNoAcknowledgedChunkAndQueriesKeepAnswering() throws Exception {
        SolrTestCluster solr = SolrTestCluster.get();
        MiniSolrCloudCluster cluster = solr.cluster();
        String collection = SolrTestCluster.uniqueName("faults");
        SolrCollections.on(solr.client()).create(collection, 3, SolrCollections.Layout.of(2, 2));

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean nodeDown = new AtomicBoolean();
        AtomicInteger answeredAfterStop = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> queryErrorsAfterStop = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        JettySolrRunner stopped = null;
        try (CloudHttp2SolrClient client = solr.newClient(); SolrIndex index = SolrIndex.on(client, collection, 3)) {
            pool.submit(() -> {
                for (int i = 0; !stop.get(); i += 10) {
                    List<EmbeddedChunk> batch = new ArrayList<>();
                    for (int j = i; j < i + 10; j++) {
                        batch.add(chunk(j));
                    }
                    try {
                        index.upsert(batch);
                        batch.forEach(c -> acknowledged.add(c.chunk().id()));
                    } catch (SolrIndexException e) {
                        // not acknowledged: the writer may lose it, the index need not keep it
                    }
                    pause(5);
                }
            });
            for (int r = 0; r < 2; r++) {
                boolean keyword = r == 0;
                pool.submit(() -> {
                    while (!stop.get()) {
                        boolean after = nodeDown.get();
                        try {
                            if (keyword) {
                                index.searchText("resilient retrieval", 10, MetadataFilter.ALL);
                            } else {
                                index.search(new float[] {1, 1, 1}, 10, MetadataFilter.ALL);
                            }
                            if (after) {
                                answeredAfterStop.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            queryErrorsAfterStop.add(e);
                        }
                    }
                });
            }
            Thread.sleep(1500);
            stopped = cluster.stopJettySolrRunner(1);
            cluster.waitForJettyToStop(stopped);
            // the cluster notices the lost node (its ephemeral ZooKeeper node goes) and elects new leaders
            waitForLeaders(cluster, collection);
            nodeDown.set(true);
            Thread.sleep(2000);
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(queryErrorsAfterStop).isEmpty();
            assertThat(answeredAfterStop.get()).isGreaterThan(10);
            index.flush();
            assertThat(acknowledged).hasSizeGreaterThan(100);
            assertThat(index.vectors(acknowledged).keySet()).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(index.size()).isGreaterThanOrEqualTo(acknowledged.size());
        } finally {
            stop.set(true);
            pool.shutdownNow();
            if (stopped != null) {
                cluster.startJettySolrRunner(stopped);
                cluster.waitForAllNodes(60);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitForLeaders(MiniSolrCloudCluster cluster, String collection) throws Exception {
        cluster.getZkStateReader().waitForState(collection, 30, TimeUnit.SECONDS, (nodes, state) -> state != null
                && state.getSlices().stream().allMatch(s -> s.getLeader() != null && s.getLeader().isActive(nodes)));
    }
}
