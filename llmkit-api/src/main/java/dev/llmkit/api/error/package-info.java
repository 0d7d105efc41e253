/**
 * The exception hierarchy rooted at {@link dev.llmkit.api.error.LlmException}; retryability is part of the type.
 */
@NullMarked
package dev.llmkit.api.error;

import org.jspecify.annotations.NullMarked;
