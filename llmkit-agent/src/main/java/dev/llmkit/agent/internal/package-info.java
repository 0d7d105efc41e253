/** Implementation details of llmkit-agent; not an API. */
@NullMarked
package dev.llmkit.agent.internal;

import org.jspecify.annotations.NullMarked;
