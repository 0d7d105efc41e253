/**
 * Implementation details shared by the providers (HTTP, SSE, error mapping); not API.
 */
@NullMarked
package dev.llmkit.providers.internal;

import org.jspecify.annotations.NullMarked;
