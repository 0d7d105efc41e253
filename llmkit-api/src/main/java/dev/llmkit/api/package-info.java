/**
 * The llmkit interface set: chat and embedding roles, request and response values, streaming callbacks,
 * tools, model metadata, token counting and time. Every other llmkit module implements or consumes these types.
 */
@NullMarked
package dev.llmkit.api;

import org.jspecify.annotations.NullMarked;
