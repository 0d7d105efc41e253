/**
 * Prices and cost: {@link dev.llmkit.routing.cost.PriceTable} (a bundled, overridable table of model prices) and
 * {@link dev.llmkit.routing.cost.CostRecorder} (cost for every response, also where the provider had no prices).
 */
@NullMarked
package dev.llmkit.routing.cost;

import org.jspecify.annotations.NullMarked;
