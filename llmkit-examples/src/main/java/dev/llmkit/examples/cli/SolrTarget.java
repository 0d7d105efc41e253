package dev.llmkit.examples.cli;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.rag.EmbeddingCache;
import dev.llmkit.rag.IngestProgress;
import dev.llmkit.rag.IngestReport;
import dev.llmkit.rag.Ingestor;
import dev.llmkit.solr.SolrCollections;
import dev.llmkit.solr.SolrIndex;
import dev.llmkit.solr.SolrIndexException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;

/**
 * The CLI's index on SolrCloud instead of the local folder, when {@code LLMKIT_SOLR_URL} names the cluster's nodes
 * (comma-separated, such as {@code http://solr1:8983/solr}). Questions and ingests go to the alias
 * {@code LLMKIT_SOLR_COLLECTION} (default {@code llmkit}), created on first use as {@code <alias>_g1} with
 * {@code LLMKIT_SOLR_SHARDS} shards and {@code LLMKIT_SOLR_REPLICAS} replicas (default 1 each); {@code ingest --rebuild}
 * fills the next generation and switches the alias. The local folder still holds the CLI's caches.
 *
 * @param urls the nodes' URLs
 * @param alias the alias the CLI reads and writes
 * @param layout shards and replicas of a new collection
 */
record SolrTarget(List<String> urls, String alias, SolrCollections.Layout layout) {

    /** The target the environment names, if any. */
    static Optional<SolrTarget> from(CliContext ctx) {
        String url = ctx.get("LLMKIT_SOLR_URL");
        if (url == null) {
            return Optional.empty();
        }
        List<String> urls = Arrays.stream(url.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String alias = ctx.get("LLMKIT_SOLR_COLLECTION");
        try {
            return Optional.of(new SolrTarget(urls, alias == null ? "llmkit" : alias, SolrCollections.Layout.of(
                    number(ctx, "LLMKIT_SOLR_SHARDS"), number(ctx, "LLMKIT_SOLR_REPLICAS"))));
        } catch (IllegalArgumentException e) {
            throw new CliException(2, e.getMessage());
        }
    }

    private static int number(CliContext ctx, String name) {
        String v = ctx.get(name);
        try {
            return v == null ? 1 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new CliException(2, name + "='" + v + "' is not a whole number");
        }
    }

    /** Opens the alias (creating its first collection when the cluster has neither alias nor collection). */
    Pipeline open(Path folder, EmbeddingModel embeddings) {
        createFolder(folder);
        CloudHttp2SolrClient client = connect();
        try {
            SolrCollections admin = SolrCollections.on(client);
            if (admin.aliasTarget(alias).isEmpty() && !admin.collections().contains(alias)) {
                admin.create(alias + "_g1", embeddings.dimension(), layout);
                admin.pointAlias(alias, alias + "_g1");
            }
            SolrIndex index = SolrIndex.on(client, alias, embeddings.dimension());
            Pipeline.Ingest ingest = (docs, replace, progress) -> {
                IngestReport report;
                try (EmbeddingCache cache = EmbeddingCache.open(folder.resolve(Pipeline.CACHE_FILE))) {
                    report = Ingestor.builder(index, embeddings).cache(cache).replaceAll(replace).progress(progress)
                            .build().ingest(docs);
                }
                index.flush();
                return report;
            };
            return new Pipeline(folder, embeddings, index, index::size, ingest, client);
        } catch (SolrIndexException e) {
            closeQuietly(client, e);
            throw new CliException(1, e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(client, e);
            throw e;
        }
    }

    /** Builds the next generation of the alias from {@code docs} and switches the alias to it. */
    IngestReport rebuild(Path folder, EmbeddingModel embeddings, Path docs, Consumer<IngestProgress> progress) {
        createFolder(folder);
        IngestReport[] report = new IngestReport[1];
        try (CloudHttp2SolrClient client = connect();
                EmbeddingCache cache = EmbeddingCache.open(folder.resolve(Pipeline.CACHE_FILE))) {
            SolrCollections.on(client).reindex(alias, embeddings.dimension(), layout, index ->
                    report[0] = Ingestor.builder(index, embeddings).cache(cache).progress(progress).build()
                            .ingest(docs));
        } catch (SolrIndexException e) {
            throw new CliException(1, e.getMessage());
        } catch (IOException e) {
            throw new CliException(1, "Cannot close the SolrCloud client: " + e.getMessage());
        }
        return report[0];
    }

    /** A client that has found the cluster through one of the URLs. */
    private CloudHttp2SolrClient connect() {
        try {
            return new CloudHttp2SolrClient.Builder(urls).build();
        } catch (RuntimeException e) {
            throw new CliException(1, "Cannot reach SolrCloud at " + String.join(", ", urls) + " (LLMKIT_SOLR_URL): "
                    + e.getMessage() + ". Check the URLs (such as http://solr1:8983/solr) and that the cluster is up.");
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new CliException(1, "Cannot create the cache folder " + folder + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(CloudHttp2SolrClient client, Exception cause) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
