/**
 * Service-provider entry points found through {@link java.util.ServiceLoader}: {@code ChatModels.create("openai:gpt-4o-mini", props)}.
 */
@NullMarked
package dev.llmkit.api.spi;

import org.jspecify.annotations.NullMarked;
