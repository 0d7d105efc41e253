/** Implementation detail of llmkit-routing; not API, may change in any release. */
@NullMarked
package dev.llmkit.routing.internal;

import org.jspecify.annotations.NullMarked;
