package dev.llmkit.observability.internal;

import static dev.llmkit.observability.internal.GenAiKeys.ERROR_TYPE;
import static dev.llmkit.observability.internal.GenAiKeys.REQUEST_MODEL;

import dev.llmkit.api.event.BudgetEvent;
import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CacheMissEvent;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.api.event.HedgeEvent;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.api.event.RouteEvent;
import dev.llmkit.api.event.TimeoutEvent;
import dev.llmkit.api.event.WaitEvent;
import dev.llmkit.observability.Redactor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/** What each llmkit event says on the logical call's span, as span-event attributes. */
public final class EventAttributes {
    private EventAttributes() {}

    /** The attributes of a {@code llmkit.retry} event. */
    public static Attributes retry(RetryEvent e) {
        return Attributes.builder().put("llmkit.component", e.component())
                .put(ERROR_TYPE, e.cause().getClass().getSimpleName()).put("llmkit.delay_ms", e.delay().toMillis())
                .build();
    }

    /** The attributes of a {@code llmkit.fallback} event. */
    public static Attributes fallback(FallbackEvent e) {
        return Attributes.builder().put("llmkit.from", e.from()).put("llmkit.to", e.to())
                .put(ERROR_TYPE, e.cause().getClass().getSimpleName()).build();
    }

    /** The attributes of a {@code llmkit.cache.hit} event. */
    public static Attributes cacheHit(CacheHitEvent e) {
        AttributesBuilder a = Attributes.builder().put("llmkit.cache.name", e.cache())
                .put("llmkit.cache.similarity", e.similarity()).put("llmkit.cache.tokens_saved", e.tokensSaved());
        e.costSaved().ifPresent(c -> a.put("llmkit.cache.cost_saved_usd", c.doubleValue()));
        return a.build();
    }

    /** The attributes of a {@code llmkit.cache.miss} event. */
    public static Attributes cacheMiss(CacheMissEvent e) {
        AttributesBuilder a = Attributes.builder().put("llmkit.cache.similarity", e.similarity());
        e.reason().ifPresent(r -> a.put("llmkit.reason", r));
        return a.build();
    }

    /** The attributes of a {@code llmkit.route} event. */
    public static Attributes route(RouteEvent e) {
        AttributesBuilder a = Attributes.builder().put("llmkit.route", e.route()).put(REQUEST_MODEL, e.model());
        e.reason().ifPresent(r -> a.put("llmkit.reason", r));
        return a.build();
    }

    /** The attributes of a {@code llmkit.rejected} event. */
    public static Attributes rejected(RejectedEvent e) {
        return Attributes.builder().put("llmkit.component", e.component())
                .put("llmkit.reason", Lower.of(e.reason())).build();
    }

    /** The attributes of a {@code llmkit.timeout} event. */
    public static Attributes timeout(TimeoutEvent e) {
        return Attributes.builder().put("llmkit.component", e.component())
                .put("llmkit.limit", Lower.of(e.limit()))
                .put("llmkit.configured_ms", e.configured().toMillis()).build();
    }

    /** The attributes of a {@code llmkit.hedge} event. */
    public static Attributes hedge(HedgeEvent e) {
        return Attributes.builder().put("llmkit.component", e.component())
                .put("llmkit.delay_ms", e.delay().toMillis()).build();
    }

    /** The attributes of a {@code llmkit.guardrail} event. */
    public static Attributes guardrail(GuardrailEvent e, Redactor redactor) {
        return Attributes.builder().put("llmkit.guardrail", e.guardrail())
                .put("llmkit.stage", Lower.of(e.stage()))
                .put("llmkit.verdict", Lower.of(e.verdict().kind()))
                .put("llmkit.enforced", e.enforced()).put("llmkit.reason", redactor.redact(e.verdict().reason()))
                .build();
    }

    /** The attributes of a {@code llmkit.wait} event. */
    public static Attributes waiting(WaitEvent e) {
        return Attributes.builder().put("llmkit.component", e.component())
                .put("llmkit.wait_ms", e.duration().toMillis()).build();
    }

    /** The attributes of a {@code llmkit.budget} event. */
    public static Attributes budget(BudgetEvent e) {
        return Attributes.builder().put("llmkit.budget", e.budget())
                .put("llmkit.budget.unit", e.unit()).put("llmkit.budget.remaining", e.remaining())
                .put("llmkit.budget.limit", e.limit()).build();
    }
}
