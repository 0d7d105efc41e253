/**
 * Implementation details of llmkit-rag; not API.
 */
@NullMarked
package dev.llmkit.rag.internal;

import org.jspecify.annotations.NullMarked;
