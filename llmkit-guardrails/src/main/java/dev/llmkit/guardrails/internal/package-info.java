/** Implementation details of llmkit-guardrails; not an API. */
@NullMarked
package dev.llmkit.guardrails.internal;

import org.jspecify.annotations.NullMarked;
