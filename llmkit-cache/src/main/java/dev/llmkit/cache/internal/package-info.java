/** Implementation details of llmkit-cache; not API, may change in any release. */
@NullMarked
package dev.llmkit.cache.internal;

import org.jspecify.annotations.NullMarked;
