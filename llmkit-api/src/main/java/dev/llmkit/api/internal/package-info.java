/**
 * Implementation details of llmkit-api; not part of the API and may change without notice.
 */
@NullMarked
package dev.llmkit.api.internal;

import org.jspecify.annotations.NullMarked;
