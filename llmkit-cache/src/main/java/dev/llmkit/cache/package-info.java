/**
 * Exact and semantic response caching as a {@link dev.llmkit.api.ChatModel} decorator: {@link ResponseCache}, its
 * {@link HitVerifier verifiers} and its default in-memory {@link CaffeineCacheStore store}.
 */
@NullMarked
package dev.llmkit.cache;

import org.jspecify.annotations.NullMarked;
