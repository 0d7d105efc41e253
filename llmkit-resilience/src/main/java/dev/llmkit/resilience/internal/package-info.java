/**
 * Implementation details of llmkit-resilience; not API.
 */
@NullMarked
package dev.llmkit.resilience.internal;

import org.jspecify.annotations.NullMarked;
