package dev.llmkit.routing.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Origin;
import dev.llmkit.api.Usage;
import dev.llmkit.api.event.ResponseEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CostRecorderTest {
    private static final Origin OPENAI = Origin.of("openai", "https://api.openai.com/v1");
    private static final Usage MILLION_IN_MILLION_OUT = Usage.of(1_000_000, 1_000_000);

    private final CostRecorder recorder = CostRecorder.create(PriceTable.bundled());

    @Test
    void pricesAResponseTheProviderCouldNotPriceFromTheTable() {
        ResponseEvent event = event(OPENAI, "gpt-4o-mini-2024-07-18", null, MILLION_IN_MILLION_OUT, null);
        assertThat(recorder.costOf(event)).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.75"));
    }

    @Test
    void keepsTheProvidersOwnCostWhenItHadOne() {
        ResponseEvent event = event(OPENAI, "gpt-4o-mini", null, MILLION_IN_MILLION_OUT, new BigDecimal("0.01"));
        assertThat(recorder.costOf(event)).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.01"));
    }

    @Test
    void fallsBackToTheModelTheRequestNamed() {
        ResponseEvent event = event(OPENAI, "my-deployment", "gpt-4.1-mini", MILLION_IN_MILLION_OUT, null);
        assertThat(recorder.costOf(event)).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("2.00"));
    }

    @Test
    void looksUpTheModelAloneWhenTheOriginIsUnknown() {
        ResponseEvent event = event(Origin.UNKNOWN, "claude-haiku-4-5", null, MILLION_IN_MILLION_OUT, null);
        assertThat(recorder.costOf(event)).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("6.00"));
    }

    @Test
    void doesNotPriceAKnownModelNameUnderAnotherProvider() {
        ResponseEvent event = event(Origin.of("vllm", "http://gpu-1:8000/v1"), "gpt-4o", null,
                MILLION_IN_MILLION_OUT, null);
        assertThat(recorder.costOf(event)).isEmpty();
    }

    @Test
    void totalsPricedResponsesPerModelAndCountsUnpricedOnes() {
        recorder.onResponse(event(OPENAI, "gpt-4o-mini", null, MILLION_IN_MILLION_OUT, null));
        recorder.onResponse(event(OPENAI, "gpt-4o-mini", null, MILLION_IN_MILLION_OUT, null));
        recorder.onResponse(event(OPENAI, "gpt-4.1-nano", null, MILLION_IN_MILLION_OUT, null));
        recorder.onResponse(event(Origin.of("vllm", "http://gpu-1:8000/v1"), "qwen", null, Usage.of(5, 5), null));
        assertThat(recorder.totalCost()).isEqualByComparingTo("2.00");
        assertThat(recorder.costByModel().get("gpt-4o-mini")).isEqualByComparingTo("1.50");
        assertThat(recorder.costByModel().get("gpt-4.1-nano")).isEqualByComparingTo("0.50");
        assertThat(recorder.pricedResponses()).isEqualTo(3);
        assertThat(recorder.unpricedResponses()).isEqualTo(1);
    }

    @Test
    void manyThreadsRecordingTogetherLoseNoCost() throws Exception {
        int threads = 16;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        recorder.onResponse(event(OPENAI, "gpt-4o-mini", null, Usage.of(1_000, 0), null));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        // 8,000 responses of 1,000 input tokens at 0.15 per million
        assertThat(recorder.totalCost()).isEqualByComparingTo("1.2");
        assertThat(recorder.pricedResponses()).isEqualTo(threads * perThread);
    }

    private static ResponseEvent event(Origin origin, String answeringModel, @Nullable String requestModel,
            Usage usage, @Nullable BigDecimal providerCost) {
        ChatRequest request = ChatRequest.builder().user("Hi").model(requestModel).build();
        ChatResponse response = ChatResponse.builder().text("Hello").model(answeringModel).origin(origin)
                .usage(usage).build();
        return ResponseEvent.builder().request(request).response(response).cost(providerCost).build();
    }
}
