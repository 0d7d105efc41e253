/**
 * Service-provider entry points found through {@link java.util.ServiceLoader}: model providers
 * ({@code ChatModels.create("openai:gpt-4o-mini", props)}) and named plug-ins ({@link dev.llmkit.api.spi.Plugins}:
 * vector stores, rerankers, guardrails, token counters, listeners). See {@code docs/extending.md}.
 */
@NullMarked
package dev.llmkit.api.spi;

import org.jspecify.annotations.NullMarked;
