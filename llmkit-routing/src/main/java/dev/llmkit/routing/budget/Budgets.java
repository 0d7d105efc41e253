package dev.llmkit.routing.budget;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.BudgetExceededException;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.BudgetEvent;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.store.BudgetCheck;
import dev.llmkit.api.store.BudgetStore;
import dev.llmkit.api.store.InMemoryBudgetStore;
import dev.llmkit.routing.internal.Forwarding;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Keeps calls inside {@link Budget}s: before a call it reserves the call's estimate (its counted input tokens plus
 * its {@code maxOutputTokens}, priced at the model's prices) in every budget that applies, refusing the call with a
 * {@link BudgetExceededException} — before anything is sent — when one cannot fit it; after the call it settles each
 * reservation with the real usage. Reservation and check are one atomic step in the {@link BudgetStore}, so however
 * many calls run at once, a budget is never overspent by more than what in-flight calls use beyond their estimates.
 * A call that fails before any output gets its reservation back; a stream cancelled by its caller keeps it (what the
 * provider billed is unknown).
 *
 * <pre>{@code
 * ChatModel guarded = Budgets.builder(model)
 *         .budget(Budget.spend(Budget.Scope.TENANT, BudgetWindow.DAY, new BigDecimal("50")))
 *         .budget(Budget.requests(Budget.Scope.USER, BudgetWindow.HOUR, 100))
 *         .build();
 * }</pre>
 *
 * <p>State lives in the store: the in-memory one by default, a shared one (Redis) for a fleet. Windows are fixed and
 * UTC-aligned ({@link dev.llmkit.api.store.BudgetWindow}); a call reserved at the end of one window and settled in
 * the next is corrected in the next. Thread-safe.
 */
public final class Budgets implements ChatModel {
    /** Output tokens assumed for a request that sets no maximum. */
    public static final int DEFAULT_OUTPUT_ESTIMATE = 1024;

    private final ChatModel delegate;
    private final List<Budget> budgets;
    private final BudgetStore store;
    private final TokenCounter counter;
    private final Function<String, ModelInfo> prices;
    private final ChatModelListener listener;
    private final String name;
    private final Scheduler scheduler;

    private Budgets(Builder b) {
        this.delegate = b.delegate;
        this.budgets = List.copyOf(b.budgets);
        if (budgets.isEmpty()) {
            throw new IllegalArgumentException("give at least one budget: .budget(Budget.requests(...))");
        }
        this.store = b.store != null ? b.store : new InMemoryBudgetStore();
        this.counter = b.counter;
        this.prices = b.prices != null ? b.prices : model -> delegate.info();
        this.listener = ChatModelListener.safe(b.listener);
        this.name = b.name;
        this.scheduler = b.scheduler;
    }

    /** Starts a builder around {@code delegate}. */
    public static Builder builder(ChatModel delegate) {
        return new Builder(delegate);
    }

    /** The counters one call holds, to settle or give back. */
    private final class Reservation {
        private final List<Budget> held = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private final List<Long> amounts = new ArrayList<>();
        private final ModelInfo info;
        private final AtomicBoolean closed = new AtomicBoolean();

        Reservation(ModelInfo info) {
            this.info = info;
        }

        void settle(Usage usage) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            for (int i = 0; i < held.size(); i++) {
                long actual = amount(held.get(i), usage, info);
                long delta = actual - amounts.get(i);
                if (delta != 0) {
                    store.add(keys.get(i), held.get(i).window(), delta);
                }
            }
        }

        /** Gives back every reservation, requests included: the call was never made. */
        void giveBackAll() {
            closed.set(true);
            for (int i = 0; i < held.size(); i++) {
                store.add(keys.get(i), held.get(i).window(), -amounts.get(i));
            }
        }

        /** Gives back what a failed call did not use: its tokens and spend; the request still counts. */
        void giveBack() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            for (int i = 0; i < held.size(); i++) {
                if (held.get(i).unit() != Budget.Unit.REQUESTS) {
                    store.add(keys.get(i), held.get(i).window(), -amounts.get(i));
                }
            }
        }
    }

    private long amount(Budget budget, Usage usage, ModelInfo info) {
        return switch (budget.unit()) {
            case REQUESTS -> 1;
            case TOKENS -> usage.totalTokens();
            case MICRO_DOLLARS -> {
                BigDecimal cost = info.cost(usage).orElseThrow(() -> new ConfigurationException("Budgets" + label()
                        + ": a spend budget needs prices for model '" + info.model() + "'; set prices on the model's"
                        + " builder, or pass .prices(model -> ...) (e.g. from a PriceTable)"));
                yield cost.multiply(Budget.MICROS_PER_DOLLAR).setScale(0, RoundingMode.CEILING).longValueExact();
            }
        };
    }

    private String label() {
        return name.isEmpty() ? "" : " '" + name + "'";
    }

    /** Reserves the estimate in every budget that applies, or gives back what it took and throws. */
    private Reservation reserve(ChatRequest request) {
        String model = request.model().orElse(delegate.info().model());
        ModelInfo info = prices.apply(model);
        long in = counter.countMessages(request.messages());
        long out = request.maxOutputTokens().orElse(DEFAULT_OUTPUT_ESTIMATE);
        Usage estimate = Usage.of(in, out);
        Reservation r = new Reservation(info);
        for (Budget budget : budgets) {
            Optional<String> key = budget.key(request, model);
            if (key.isEmpty()) {
                continue;
            }
            long amount = amount(budget, estimate, info);
            BudgetCheck check = store.tryAdd(key.get(), budget.window(), amount, budget.limit());
            if (!check.accepted()) {
                r.giveBackAll();
                throw refused(request, budget, check, amount);
            }
            r.held.add(budget);
            r.keys.add(key.get());
            r.amounts.add(amount);
            listener.onBudget(BudgetEvent.builder().request(request).budget(budget.describe()).key(key.get())
                    .unit(budget.unit() == Budget.Unit.MICRO_DOLLARS ? "usd_micros"
                            : budget.unit().name().toLowerCase(java.util.Locale.ROOT))
                    .spent(check.spent(), check.limit()).build());
        }
        return r;
    }

    private BudgetExceededException refused(ChatRequest request, Budget budget, BudgetCheck check, long amount) {
        Instant now = scheduler.now();
        Instant end = budget.window().end(now);
        Duration wait = end.equals(Instant.MAX) ? null : Duration.between(now, end);
        BudgetExceededException e = new BudgetExceededException("The budget of " + budget.describe() + " cannot fit"
                + " this call (it needs " + amount + ", " + check.remaining() + " of " + check.limit() + " left"
                + (wait == null ? "" : "; the window ends in " + wait.toSeconds() + " s") + "). Lower maxOutputTokens,"
                + " wait for the next window, or raise the budget.", "budgets" + label(), null,
                ErrorInfo.builder().retryAfter(wait).build());
        listener.onRejected(RejectedEvent.builder().request(request).component("budgets" + label())
                .reason(RejectedEvent.Reason.BUDGET_EXCEEDED).error(e).build());
        return e;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Reservation r = reserve(request);
        ChatResponse response;
        try {
            response = delegate.chat(request);
        } catch (RuntimeException e) {
            r.giveBack();
            throw e;
        }
        r.settle(response.usage());
        return response;
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        Reservation r;
        try {
            r = reserve(request);
        } catch (LlmException e) {
            return Forwarding.failed(handler, e);
        }
        return new Forwarding(handler) {
            @Override
            protected void completed(ChatResponse response) {
                r.settle(response.usage());
                out.onComplete(response);
            }

            @Override
            protected void failed(LlmException error) {
                if (error instanceof StreamInterruptedException s && (s.tokensDelivered() > 0
                        || s.toolCallsDelivered() > 0)) {
                    r.closed.set(true); // output was generated and billed: keep the estimate
                } else {
                    r.giveBack();
                }
                out.onError(error);
            }
        }.startOn(delegate, request);
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public String toString() {
        return "Budgets" + label() + budgets + " -> " + delegate;
    }

    /** Builds {@link Budgets}. Not thread-safe. */
    public static final class Builder {
        private final ChatModel delegate;
        private final List<Budget> budgets = new ArrayList<>();
        private @Nullable BudgetStore store;
        private TokenCounter counter = TokenCounter.estimator();
        private @Nullable Function<String, ModelInfo> prices;
        private Scheduler scheduler = Scheduler.system();
        private ChatModelListener listener = ChatModelListener.NONE;
        private String name = "";

        private Builder(ChatModel delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** Adds a budget; a call is charged to every budget that applies to it. */
        public Builder budget(Budget budget) {
            budgets.add(Objects.requireNonNull(budget, "budget"));
            return this;
        }

        /** Where counters live; default an in-memory store, a shared one for a fleet. */
        public Builder store(BudgetStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Counts input tokens for estimates; default {@link TokenCounter#estimator()} (it errs high on English). */
        public Builder counter(TokenCounter counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /** Prices by model name for spend budgets; default the delegate's {@link ChatModel#info()}. */
        public Builder prices(Function<String, ModelInfo> prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /** Receives a {@link RejectedEvent} per refusal. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock for window ends in errors; give the store the same one. Default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** A name for messages and events. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Builds the decorator. */
        public Budgets build() {
            return new Budgets(this);
        }
    }
}
