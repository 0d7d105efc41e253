/**
 * Guardrails: checks on model input and output that pass, rewrite or block.
 */
@NullMarked
package dev.llmkit.api.guardrail;

import org.jspecify.annotations.NullMarked;
