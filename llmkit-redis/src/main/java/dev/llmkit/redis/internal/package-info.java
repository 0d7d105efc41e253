/** Implementation detail of llmkit-redis; not exported, may change in any release. */
@NullMarked
package dev.llmkit.redis.internal;

import org.jspecify.annotations.NullMarked;
