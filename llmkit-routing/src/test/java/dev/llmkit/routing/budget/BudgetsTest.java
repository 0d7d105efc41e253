package dev.llmkit.routing.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.BudgetExceededException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.store.BudgetWindow;
import dev.llmkit.api.store.InMemoryBudgetStore;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import dev.llmkit.testing.RecordingListener;
import dev.llmkit.testing.contract.CallMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Budgets reserve before the call, settle after it, refuse before sending, and never overspend under load. */
class BudgetsTest {
    private final ManualScheduler time = new ManualScheduler();
    private final InMemoryBudgetStore store = new InMemoryBudgetStore(time);

    /** A model that always reports 100 input and 50 output tokens, priced $1 / $2 per million. */
    private static final class Metered implements ChatModel {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public ChatResponse chat(ChatRequest request) {
            calls.incrementAndGet();
            return ChatResponse.builder().text("ok").model("m").usage(Usage.of(100, 50)).build();
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            handler.onStart(StreamHandle.ended());
            handler.onToken("ok");
            handler.onComplete(chat(request));
            return StreamHandle.ended();
        }

        @Override
        public ModelInfo info() {
            return ModelInfo.of("test", "m").withPrices(BigDecimal.ONE, BigDecimal.valueOf(2));
        }
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void aCallThatCannotFitIsRefusedBeforeItIsSentAndSaysWhenTheWindowEnds(CallMode mode) {
        Metered model = new Metered();
        RecordingListener events = new RecordingListener();
        Budgets budgets = Budgets.builder(model).store(store).scheduler(time).listener(events)
                .budget(Budget.requests(Budget.Scope.USER, BudgetWindow.HOUR, 2)).build();
        ChatRequest request = ChatRequest.builder().user("hi").endUser("u1").build();

        mode.call(budgets, request).orFail();
        mode.call(budgets, request).orFail();
        CallMode.Outcome third = mode.call(budgets, request);

        assertThat(third.error()).isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("2 requests per PT1H per user").hasMessageContaining("window ends in");
        assertThat(third.error().info().retryAfter()).isPresent();
        assertThat(model.calls).hasValue(2);
        assertThat(events.of(RejectedEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(RejectedEvent.Reason.BUDGET_EXCEEDED));
        // another user has a budget of their own, and a call without a user is not counted
        mode.call(budgets, ChatRequest.builder().user("hi").endUser("u2").build()).orFail();
        mode.call(budgets, ChatRequest.of("hi")).orFail();
        time.advance(Duration.ofHours(1));
        mode.call(budgets, request).orFail();
    }

    @Test
    void spendIsReservedFromTheEstimateAndSettledWithTheRealUsage() {
        Metered model = new Metered();
        Budgets budgets = Budgets.builder(model).store(store).scheduler(time)
                .budget(Budget.spend(Budget.Scope.TENANT, BudgetWindow.DAY, new BigDecimal("0.01"))).build();
        ChatRequest request = ChatRequest.builder().user("hi").tenant("acme").maxOutputTokens(1000).build();

        budgets.chat(request);

        // settled: 100 in x $1 + 50 out x $2 per million = $0.0002 = 200 micro-dollars
        assertThat(store.spent("llmkit:budget:tenant:acme:micro_dollars:86400000", BudgetWindow.DAY)).isEqualTo(200);
    }

    @Test
    void reportsWhatIsLeftOfEachBudgetThatTookTheCall() {
        String globalKey = "llmkit:budget:global:*:requests:3600000";
        dev.llmkit.testing.RecordingListener events = new dev.llmkit.testing.RecordingListener();
        Budgets budgets = Budgets.builder(new Metered()).store(store).scheduler(time).listener(events)
                .budget(Budget.requests(Budget.Scope.GLOBAL, BudgetWindow.HOUR, 10))
                .budget(Budget.requests(Budget.Scope.TENANT, BudgetWindow.HOUR, 3)).build();

        budgets.chat(ChatRequest.builder().user("hi").tenant("acme").build());
        budgets.chat(ChatRequest.builder().user("hi").build());

        assertThat(events.of(dev.llmkit.api.event.BudgetEvent.class))
                .extracting(e -> e.key(), e -> e.unit(), e -> e.remaining(), e -> e.limit())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(globalKey, "requests", 9L, 10L),
                        org.assertj.core.groups.Tuple.tuple("llmkit:budget:tenant:acme:requests:3600000", "requests",
                                2L, 3L),
                        org.assertj.core.groups.Tuple.tuple(globalKey, "requests", 8L, 10L));
    }

    @Test
    void aFailedCallGetsItsTokensBackButStillCountsAsARequest() {
        FakeChatModel failing = FakeChatModel.builder().fail(new ServerErrorException("503")).build();
        Budgets budgets = Budgets.builder(failing).store(store).scheduler(time)
                .budget(Budget.tokens(Budget.Scope.GLOBAL, BudgetWindow.HOUR, 10_000))
                .budget(Budget.requests(Budget.Scope.GLOBAL, BudgetWindow.HOUR, 10)).build();

        assertThatThrownBy(() -> budgets.chat(ChatRequest.of("hi"))).isInstanceOf(ServerErrorException.class);

        assertThat(store.spent("llmkit:budget:global:*:tokens:3600000", BudgetWindow.HOUR)).isZero();
        assertThat(store.spent("llmkit:budget:global:*:requests:3600000", BudgetWindow.HOUR)).isEqualTo(1);
    }

    @Test
    void aRefusalGivesBackWhatEarlierBudgetsReserved() {
        Budgets budgets = Budgets.builder(new Metered()).store(store).scheduler(time)
                .budget(Budget.tokens(Budget.Scope.GLOBAL, BudgetWindow.HOUR, 1_000_000))
                .budget(Budget.tokens(Budget.Scope.TENANT, BudgetWindow.HOUR, 10)).build();

        assertThatThrownBy(() -> budgets.chat(ChatRequest.builder().user("hi").tenant("t").build()))
                .isInstanceOf(BudgetExceededException.class);

        assertThat(store.spent("llmkit:budget:global:*:tokens:3600000", BudgetWindow.HOUR)).isZero();
    }

    @Test
    void aSpendBudgetWithoutPricesSaysWhatToSet() {
        Budgets budgets = Budgets.builder(FakeChatModel.always("x")).store(store)
                .budget(Budget.spend(Budget.Scope.GLOBAL, BudgetWindow.DAY, BigDecimal.TEN)).build();

        assertThatThrownBy(() -> budgets.chat(ChatRequest.of("hi"))).hasMessageContaining("needs prices");
    }

    @Test
    void thirtyTwoThreadsNeverOverspend() throws Exception {
        Metered model = new Metered();
        long limit = 150 * 40; // forty calls' worth of real usage
        Budgets budgets = Budgets.builder(model).store(store).scheduler(time)
                .budget(Budget.tokens(Budget.Scope.GLOBAL, BudgetWindow.HOUR, limit)).build();
        // the estimate (counted input + 50 max output) is at least the real usage, so settling only lowers spend
        ChatRequest request = ChatRequest.builder().user("word ".repeat(120)).maxOutputTokens(50).build();
        int threads = 32;
        int perThread = 20;
        AtomicInteger refused = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong maxSeen = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        try {
                            budgets.chat(request);
                        } catch (BudgetExceededException e) {
                            refused.incrementAndGet();
                        }
                        maxSeen.accumulateAndGet(store.spent("llmkit:budget:global:*:tokens:3600000",
                                BudgetWindow.HOUR), Math::max);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(maxSeen.get()).isLessThanOrEqualTo(limit);
        long spent = store.spent("llmkit:budget:global:*:tokens:3600000", BudgetWindow.HOUR);
        assertThat(spent).isLessThanOrEqualTo(limit).isEqualTo(model.calls.get() * 150L);
        assertThat(model.calls.get() + refused.get()).isEqualTo(threads * perThread);
        assertThat(model.calls.get()).isPositive();
    }
}
