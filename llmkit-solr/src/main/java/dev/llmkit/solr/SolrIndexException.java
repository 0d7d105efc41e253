package dev.llmkit.solr;

/**
 * A SolrCloud request failed: the cluster was unreachable, refused the request, or answered with an error. The
 * message names the collection and the operation; the cause is SolrJ's exception.
 */
public final class SolrIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure of {@code operation} on {@code collection}. */
    public SolrIndexException(String collection, String operation, Throwable cause) {
        super("SolrCloud " + operation + " on collection '" + collection + "' failed: " + cause.getMessage()
                + " (check that the cluster is up and the collection exists with the llmkit configset)", cause);
    }

    /** A failure with its own message. */
    public SolrIndexException(String message) {
        super(message);
    }
}
