package dev.llmkit.solr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.response.CollectionAdminResponse;
import org.apache.solr.client.solrj.response.ConfigSetAdminResponse;
import org.apache.solr.common.util.ContentStreamBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collections for {@link SolrIndex}: the llmkit configset for a vector dimension, collections made with it, and
 * zero-downtime re-indexing behind an alias.
 *
 * <pre>{@code
 * SolrCollections admin = SolrCollections.on(client);
 * // build docs_g<n+1>, fill it, point the alias "docs" at it, then drop the collection it pointed at
 * admin.reindex("docs", 384, SolrCollections.Layout.of(2, 2), index -> ingestor(index).ingest(documents));
 * }</pre>
 *
 * <p>Readers query the alias: before the switch they see the old collection, after it the new one, complete and
 * committed; never a half-built one. Thread-safe; the caller closes the client.
 */
public final class SolrCollections {
    private static final Logger LOG = LoggerFactory.getLogger(SolrCollections.class);
    private static final String CONFIGSET = "dev/llmkit/solr/configset/";
    private static final Pattern GENERATION = Pattern.compile("(.+)_g(\\d+)");
    private final SolrClient client;
    private final Duration dropAfter;

    private SolrCollections(SolrClient client, Duration dropAfter) {
        this.client = Objects.requireNonNull(client, "client");
        this.dropAfter = Objects.requireNonNull(dropAfter, "dropAfter");
    }

    /**
     * Administration through {@code client}. After an alias switch the old collection is dropped 10 seconds later,
     * so clients whose cached alias still names it finish their queries.
     */
    public static SolrCollections on(SolrClient client) {
        return new SolrCollections(client, Duration.ofSeconds(10));
    }

    /** The same, dropping a replaced collection {@code dropAfter} after the alias switch. */
    public SolrCollections dropAfter(Duration dropAfter) {
        if (dropAfter.isNegative()) {
            throw new IllegalArgumentException("dropAfter must not be negative, was " + dropAfter);
        }
        return new SolrCollections(client, dropAfter);
    }

    /**
     * Shards and replicas of a collection.
     *
     * @param shards how many shards split the chunks; at least 1
     * @param replicas how many copies of each shard; at least 1 (2 keeps answering when a node stops)
     */
    public record Layout(int shards, int replicas) {
        /** Validates. */
        public Layout {
            if (shards < 1 || replicas < 1) {
                throw new IllegalArgumentException("shards and replicas must be at least 1, were " + shards + " and "
                        + replicas);
            }
        }

        /** A layout. */
        public static Layout of(int shards, int replicas) {
            return new Layout(shards, replicas);
        }
    }

    /** The name of the llmkit configset for vectors of {@code dimension}. */
    public static String configSetName(int dimension) {
        return "llmkit-d" + dimension;
    }

    /** Uploads the llmkit configset for {@code dimension} unless the cluster has it; returns its name. */
    public String ensureConfigSet(int dimension) {
        String name = configSetName(dimension);
        try {
            List<String> existing = new ConfigSetAdminRequest.List().process(client).getConfigSets();
            if (existing != null && existing.contains(name)) {
                return name;
            }
            ConfigSetAdminRequest.Upload upload = new ConfigSetAdminRequest.Upload()
                    .setUploadStream(new ContentStreamBase.ByteArrayStream(configSetZip(dimension), name + ".zip",
                            "application/zip"));
            ConfigSetAdminResponse r = upload.setConfigSetName(name).process(client);
            check(r.getErrorMessages(), name, "configset upload");
            return name;
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw wrap(name, "configset upload", e);
        }
    }

    /** The llmkit configset for {@code dimension} as a zip, as {@link #ensureConfigSet} uploads it. */
    public static byte[] configSetZip(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String file : List.of("solrconfig.xml", "schema.xml")) {
                zip.putNextEntry(new ZipEntry(file));
                zip.write(resource(file).replace("@DIMENSION@", Integer.toString(dimension))
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = SolrCollections.class.getClassLoader().getResourceAsStream(CONFIGSET + file)) {
            if (in == null) {
                throw new IOException("the llmkit-solr jar lacks " + CONFIGSET + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Creates {@code collection} with the llmkit configset for {@code dimension} and waits until it is active. */
    public void create(String collection, int dimension, Layout layout) {
        String config = ensureConfigSet(dimension);
        try {
            CollectionAdminRequest.Create create = CollectionAdminRequest
                    .createCollection(collection, config, layout.shards(), layout.replicas());
            create.setWaitForFinalState(true);
            CollectionAdminResponse r = create.process(client);
            check(r.getErrorMessages(), collection, "create");
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw wrap(collection, "create", e);
        }
    }

    /** Drops {@code collection} and its data. */
    public void drop(String collection) {
        try {
            CollectionAdminRequest.deleteCollection(collection).process(client);
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw wrap(collection, "delete", e);
        }
    }

    /** The collections of the cluster. */
    public List<String> collections() {
        try {
            return List.copyOf(CollectionAdminRequest.listCollections(client));
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw wrap("*", "list", e);
        }
    }

    /** The collection {@code alias} points at, if it is an alias of one collection. */
    public Optional<String> aliasTarget(String alias) {
        try {
            Map<String, String> aliases = new CollectionAdminRequest.ListAliases().process(client).getAliases();
            String target = aliases == null ? null : aliases.get(alias);
            return Optional.ofNullable(target);
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw wrap(alias, "list aliases", e);
        }
    }

    /** Points {@code alias} at {@code collection} in one atomic cluster-state update. */
    public void pointAlias(String alias, String collection) {
        try {
            CollectionAdminResponse r = CollectionAdminRequest.createAlias(alias, collection).process(client);
            check(r.getErrorMessages(), alias, "alias switch");
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw wrap(alias, "alias switch", e);
        }
    }

    /**
     * Rebuilds the index behind {@code alias} with no downtime: creates the next generation collection
     * ({@code alias_g1}, {@code alias_g2}, ...), hands {@code fill} a {@link SolrIndex} on it, hard-commits, points the
     * alias at it, and drops the collection the alias pointed at after {@link #dropAfter}. When {@code fill} throws,
     * the new collection is dropped and the alias is untouched. Returns the new collection's name.
     *
     * @throws SolrIndexException when {@code alias} names a collection rather than an alias (Solr cannot alias over
     *     it; rename the collection or read through a new alias), or a cluster request fails
     */
    public String reindex(String alias, int dimension, Layout layout, Consumer<SolrIndex> fill) {
        Optional<String> old = aliasTarget(alias);
        List<String> collections = collections();
        if (old.isEmpty() && collections.contains(alias)) {
            throw new SolrIndexException("'" + alias + "' is a collection, not an alias: re-indexing switches an "
                    + "alias between collections, so read through an alias (such as '" + alias + "_live') instead");
        }
        String next = alias + "_g" + (generation(alias, collections) + 1);
        create(next, dimension, layout);
        try (SolrIndex index = SolrIndex.on(client, next, dimension)) {
            fill.accept(index);
            index.flush();
        } catch (RuntimeException e) {
            try {
                drop(next);
            } catch (RuntimeException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            throw e;
        }
        pointAlias(alias, next);
        LOG.info("alias {} now points at {}{}", alias, next, old.map(o -> " (was " + o + ")").orElse(""));
        if (old.isPresent() && !old.get().equals(next)) {
            sleep(dropAfter);
            drop(old.get());
        }
        return next;
    }

    private static int generation(String alias, List<String> collections) {
        int max = 0;
        for (String c : collections) {
            Matcher m = GENERATION.matcher(c);
            if (m.matches() && m.group(1).equals(alias)) {
                max = Math.max(max, Integer.parseInt(m.group(2)));
            }
        }
        return max;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SolrIndexException("interrupted before dropping the replaced collection; drop it by hand");
        }
    }

    private static void check(Object errors, String name, String operation) {
        if (errors instanceof Map<?, ?> m && !m.isEmpty()) {
            throw new SolrIndexException("SolrCloud " + operation + " of '" + name + "' failed: " + m);
        }
    }

    private static SolrIndexException wrap(String name, String operation, Exception e) {
        return e instanceof SolrIndexException s ? s : new SolrIndexException(name, operation, e);
    }
}
