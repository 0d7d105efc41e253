/**
 * A client for the Anthropic Messages API.
 */
@NullMarked
package dev.llmkit.providers.anthropic;

import org.jspecify.annotations.NullMarked;
