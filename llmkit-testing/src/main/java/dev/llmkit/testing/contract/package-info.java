/**
 * The contract test kit: abstract JUnit 5 suites ({@link dev.llmkit.testing.contract.ChatModelContract},
 * {@link dev.llmkit.testing.contract.EmbeddingModelContract}, {@link dev.llmkit.testing.contract.RetrieverContract},
 * {@link dev.llmkit.testing.contract.VectorStoreContract}, {@link dev.llmkit.testing.contract.KeywordIndexContract},
 * {@link dev.llmkit.testing.contract.DocumentCatalogContract}) that every provider, store and decorator extends, each
 * chat scenario run sync, async and streamed ({@link dev.llmkit.testing.contract.CallMode}).
 *
 * <p>The suites need JUnit Jupiter (API and params) and AssertJ on the test classpath; {@code llmkit-testing}
 * declares them optional, so add them to your own test scope.
 */
@NullMarked
package dev.llmkit.testing.contract;

import org.jspecify.annotations.NullMarked;
