/**
 * What the provider clients share: the builder base with timeouts, listener, scheduler, prices and the HTTP client.
 */
@NullMarked
package dev.llmkit.providers;

import org.jspecify.annotations.NullMarked;
