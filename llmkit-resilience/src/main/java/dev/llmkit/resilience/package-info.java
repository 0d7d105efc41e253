/**
 * Resilience decorators for any {@link dev.llmkit.api.ChatModel}: retry with backoff, jitter, Retry-After and a
 * retry budget; circuit breaker; fallback chain; timeouts for first token, stream idle and total; bulkhead. Each is
 * itself a {@code ChatModel}; {@link dev.llmkit.resilience.Resilient} stacks them in the right order.
 */
@NullMarked
package dev.llmkit.resilience;

import org.jspecify.annotations.NullMarked;
