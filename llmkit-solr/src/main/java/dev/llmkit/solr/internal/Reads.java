package dev.llmkit.solr.internal;

import java.io.IOException;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.common.SolrException;

/** Reads and commits, which may run again, retried while a lost node is noticed. */
public final class Reads {
    /** Tries in all, about 1.5 s from the first to the last. */
    static final int ATTEMPTS = 4;

    private Reads() {}

    /** A SolrJ call. */
    @FunctionalInterface
    public interface Call<T> {
        /** Runs it. */
        T run() throws SolrServerException, IOException;
    }

    /**
     * Runs {@code call}, again after 100, 400 and 900 ms while it fails to reach a node (connection refused or dropped),
     * long enough for the client to learn the node is gone and pick another replica. An error Solr answered with
     * fails at once.
     */
    public static <T> T withRetries(Call<T> call) throws SolrServerException, IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (SolrServerException | IOException | RuntimeException e) {
                if (attempt >= ATTEMPTS || !lostNode(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt * attempt);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(stop);
                    throw e;
                }
            }
        }
    }

    /** A failure to reach a node, not an error Solr answered with. */
    static boolean lostNode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SolrException s && s.code() >= 400 && s.code() < 500) {
                return false;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
