/**
 * Budgets and quotas: requests, tokens and spend per tenant, user, tag, model or budget key, per window, reserved
 * before a call and settled after it, in a shared {@link dev.llmkit.api.store.BudgetStore}.
 */
@NullMarked
package dev.llmkit.routing.budget;

import org.jspecify.annotations.NullMarked;
