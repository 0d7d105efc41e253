/** Implementation detail of llmkit-observability; not exported, may change in any release. */
@NullMarked
package dev.llmkit.observability.internal;

import org.jspecify.annotations.NullMarked;
