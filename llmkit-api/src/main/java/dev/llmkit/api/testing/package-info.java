/**
 * Fakes for tests: a scriptable {@link dev.llmkit.api.testing.FakeChatModel}, a fake embedding model,
 * a recording listener and a manual scheduler so time-dependent code is tested without sleeping.
 */
@NullMarked
package dev.llmkit.api.testing;

import org.jspecify.annotations.NullMarked;
