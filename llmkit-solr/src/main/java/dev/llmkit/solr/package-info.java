/**
 * A sharded, replicated chunk index on SolrCloud: {@link dev.llmkit.solr.SolrIndex} plays the vector store, keyword
 * index and document catalog roles of {@code llmkit-api}, and {@link dev.llmkit.solr.SolrCollections} makes
 * collections with the llmkit configset and re-indexes behind an alias with no downtime.
 */
@NullMarked
package dev.llmkit.solr;

import org.jspecify.annotations.NullMarked;
