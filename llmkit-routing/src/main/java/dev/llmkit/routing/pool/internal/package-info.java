/**
 * Implementation details of deployment pools (per-deployment health, latency and usage tracking, the pooled
 * stream); not API.
 */
@NullMarked
package dev.llmkit.routing.pool.internal;

import org.jspecify.annotations.NullMarked;
