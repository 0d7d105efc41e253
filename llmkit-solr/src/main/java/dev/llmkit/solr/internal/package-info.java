/** Internal: the chunk schema's fields and query syntax. Not API; may change in any release. */
@NullMarked
package dev.llmkit.solr.internal;

import org.jspecify.annotations.NullMarked;
