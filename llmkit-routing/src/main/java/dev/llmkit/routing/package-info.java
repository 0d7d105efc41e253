/**
 * Routing across models: token counting ({@link dev.llmkit.routing.tokens}) and prices and cost
 * ({@link dev.llmkit.routing.cost}); the router, pools and budgets build on them.
 */
@NullMarked
package dev.llmkit.routing;

import org.jspecify.annotations.NullMarked;
