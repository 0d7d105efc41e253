package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.solr.SolrCollections;
import dev.llmkit.solr.SolrIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with its index on a real SolrCloud (two in-process nodes): first run, questions, ingest and a rebuild. */
class SolrCliTest {
    private static MiniSolrCloudCluster cluster;
    private static String urls;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new MiniSolrCloudCluster.Builder(2, Files.createTempDirectory("llmkit-cli-solr")).withMetrics(false)
                .build();
        urls = String.join(",", cluster.getJettySolrRunners().stream().map(j -> j.getBaseUrl().toString()).toList());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.shutdown();
    }

    private Map<String, String> env(String alias) {
        return Map.of("LLMKIT_EMBEDDINGS", "fake", "LLMKIT_HOME", tmp.resolve("home").toString(),
                "LLMKIT_SOLR_URL", urls, "LLMKIT_SOLR_COLLECTION", alias, "LLMKIT_SOLR_SHARDS", "2");
    }

    @Test
    void askIndexesTheBundledDocsIntoSolrCloudThenIngestAndRebuildSwitchTheAlias() throws IOException {
        Cli first = Cli.run(env("handbook"), tmp, "", "ask", "--min-score", "0.1", "How do I retry on rate limits?");

        assertThat(first.exitCode).as(first.err()).isZero();
        assertThat(first.err()).contains("into SolrCloud alias handbook");
        assertThat(first.out()).containsIgnoringCase("retr");
        try (CloudHttp2SolrClient client = new CloudHttp2SolrClient.Builder(java.util.List.of(urls.split(",")))
                .build()) {
            SolrCollections admin = SolrCollections.on(client);
            assertThat(admin.aliasTarget("handbook")).contains("handbook_g1");
            long bundled = SolrIndex.on(client, "handbook", 384).size();
            assertThat(bundled).isPositive();

            Path shop = Files.createDirectories(tmp.resolve("shop"));
            Files.writeString(shop.resolve("refunds.md"), "# Refunds\n\nRefunds are paid within 14 days of the return.\n");
            Cli ingest = Cli.run(env("handbook"), tmp, "", "ingest", shop.toString());
            assertThat(ingest.exitCode).as(ingest.err()).isZero();
            assertThat(ingest.out()).contains("Indexed 1 documents");
            assertThat(SolrIndex.on(client, "handbook", 384).size()).isGreaterThan(bundled);

            Cli rebuilt = Cli.run(env("handbook"), tmp, "", "ingest", "--rebuild", shop.toString());
            assertThat(rebuilt.exitCode).as(rebuilt.err()).isZero();
            assertThat(admin.aliasTarget("handbook")).contains("handbook_g2");
            assertThat(SolrIndex.on(client, "handbook", 384).size()).isEqualTo(1);

            Cli ask = Cli.run(env("handbook"), tmp, "", "ask", "--min-score", "0.1", "When are refunds paid?");
            assertThat(ask.exitCode).as(ask.err()).isZero();
            assertThat(ask.out()).contains("14 days");
        }
    }

    @Test
    void anUnreachableClusterIsAClearFailure() {
        Map<String, String> env = Map.of("LLMKIT_EMBEDDINGS", "fake", "LLMKIT_HOME", tmp.resolve("home").toString(),
                "LLMKIT_SOLR_URL", "http://127.0.0.1:9/solr");

        Cli ask = Cli.run(env, tmp, "", "ask", "anything");

        assertThat(ask.exitCode).isEqualTo(1);
        assertThat(ask.err()).contains("SolrCloud").contains("llmkit");
    }
}
