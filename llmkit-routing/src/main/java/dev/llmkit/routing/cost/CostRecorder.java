package dev.llmkit.routing.cost;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Origin;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.ResponseEvent;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A listener that puts a cost on every response and keeps the running totals: the cost the provider computed from
 * its configured {@link dev.llmkit.api.ModelInfo} when it had prices, otherwise the cost from a {@link PriceTable}.
 * Thread-safe; register one with every model whose spend you want to see.
 *
 * <pre>{@code
 * CostRecorder costs = CostRecorder.create(PriceTable.bundled());
 * ChatModel model = OpenAiCompatibleChatModel.builder()...listener(costs).build();
 * ...
 * costs.totalCost();           // US dollars so far
 * costs.unpricedResponses();   // answers no price was known for: add them to a price file
 * }</pre>
 *
 * <p>The table is asked for the answering provider ({@link ChatResponse#origin()}) and the model the server named,
 * then the model the request named; when the origin is {@link Origin#UNKNOWN} (fakes, static fallbacks) the model
 * name alone is looked up ({@link PriceTable#findByModel}).
 */
public final class CostRecorder implements ChatModelListener {
    private final PriceTable prices;
    private final AtomicReference<BigDecimal> total = new AtomicReference<>(BigDecimal.ZERO);
    private final Map<String, BigDecimal> byModel = new ConcurrentHashMap<>();
    private final AtomicLong priced = new AtomicLong();
    private final AtomicLong unpriced = new AtomicLong();

    private CostRecorder(PriceTable prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    /** A recorder pricing from {@code prices} what providers did not price. */
    public static CostRecorder create(PriceTable prices) {
        return new CostRecorder(prices);
    }

    /** The event's cost: the provider's when it had one, otherwise {@link #costOf(ChatRequest, ChatResponse)}. */
    public Optional<BigDecimal> costOf(ResponseEvent event) {
        return event.cost().or(() -> costOf(event.request(), event.response()));
    }

    /** A response's cost from the price table alone, or empty when the table has no prices for its model. */
    public Optional<BigDecimal> costOf(ChatRequest request, ChatResponse response) {
        String provider = response.origin().provider();
        if (response.origin().equals(Origin.UNKNOWN)) {
            return prices.findByModel(response.model()).or(() -> request.model().flatMap(prices::findByModel))
                    .flatMap(info -> info.cost(response.usage()));
        }
        return prices.find(provider, response.model())
                .or(() -> request.model().flatMap(m -> prices.find(provider, m)))
                .flatMap(info -> info.cost(response.usage()));
    }

    /** Adds the response's cost to the totals, or counts it as unpriced. */
    @Override
    public void onResponse(ResponseEvent event) {
        Optional<BigDecimal> cost = costOf(event);
        if (cost.isEmpty()) {
            unpriced.incrementAndGet();
            return;
        }
        priced.incrementAndGet();
        total.accumulateAndGet(cost.get(), BigDecimal::add);
        byModel.merge(event.response().model(), cost.get(), BigDecimal::add);
    }

    /** US dollars spent on every priced response so far. */
    public BigDecimal totalCost() {
        return total.get();
    }

    /** US dollars spent per model (as the server named it); a snapshot, unmodifiable. */
    public Map<String, BigDecimal> costByModel() {
        return Map.copyOf(byModel);
    }

    /** Responses that had a cost. */
    public long pricedResponses() {
        return priced.get();
    }

    /** Responses for which no price was known, neither the provider's nor the table's. */
    public long unpricedResponses() {
        return unpriced.get();
    }

    @Override
    public String toString() {
        return "CostRecorder{total=" + total.get().toPlainString() + ", priced=" + priced.get() + ", unpriced="
                + unpriced.get() + "}";
    }
}
