package dev.llmkit.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real two-node SolrCloud for every test class of the module, started in-process by solr-test-framework's
 * {@link MiniSolrCloudCluster} (embedded ZooKeeper, loopback ports) and shut down when the test run ends.
 */
final class SolrTestCluster implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
    private static final AtomicInteger COLLECTIONS = new AtomicInteger();
    private static volatile SolrTestCluster shared;
    private final MiniSolrCloudCluster cluster;
    private final Path base;
    private final CloudHttp2SolrClient client;

    private SolrTestCluster() throws Exception {
        base = Files.createTempDirectory("llmkit-solrcloud");
        cluster = new MiniSolrCloudCluster.Builder(2, base).withMetrics(false).build();
        client = newClient();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SolrTestCluster.class) {
            if (shared == null) {
                shared = new SolrTestCluster();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SolrTestCluster.class, shared);
            }
        }
    }

    /** The running cluster. */
    static SolrTestCluster get() {
        if (shared == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SolrTestCluster.class)");
        }
        return shared;
    }

    /** A client shared by the tests; do not close it. */
    SolrClient client() {
        return client;
    }

    /** A new client of the caller's own, which finds the cluster through its nodes' URLs. */
    CloudHttp2SolrClient newClient() {
        List<String> urls = cluster.getJettySolrRunners().stream().filter(JettySolrRunner::isRunning)
                .map(j -> j.getBaseUrl().toString()).toList();
        return new CloudHttp2SolrClient.Builder(urls).build();
    }

    /** The in-process cluster, to stop and start nodes. */
    MiniSolrCloudCluster cluster() {
        return cluster;
    }

    /** A name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + COLLECTIONS.incrementAndGet();
    }

    @Override
    public void close() throws Exception {
        try {
            client.close();
        } finally {
            cluster.shutdown();
        }
    }
}
