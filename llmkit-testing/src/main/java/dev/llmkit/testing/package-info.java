/**
 * Fakes for tests: a scriptable {@link dev.llmkit.testing.FakeChatModel}, a fake embedding model,
 * a recording listener, a manual scheduler so time-dependent code is tested without sleeping, and
 * {@link dev.llmkit.testing.InMemoryVectorStore}, a brute-force store for tests and small corpora.
 *
 * <p>They ship in {@code dev.llmkit:llmkit-testing}, not in the production {@code llmkit-api} jar; add it in test
 * scope. The contract test kit is in {@link dev.llmkit.testing.contract}.
 */
@NullMarked
package dev.llmkit.testing;

import org.jspecify.annotations.NullMarked;
