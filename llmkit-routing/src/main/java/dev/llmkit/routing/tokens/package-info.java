/**
 * Token counting: {@link dev.llmkit.routing.tokens.OpenAiTokenCounter} counts exactly with OpenAI's encodings
 * (cl100k_base, o200k_base) and prices a chat prompt the way OpenAI bills it.
 */
@NullMarked
package dev.llmkit.routing.tokens;

import org.jspecify.annotations.NullMarked;
