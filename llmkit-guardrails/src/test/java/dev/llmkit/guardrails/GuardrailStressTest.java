package dev.llmkit.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.RecordingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One guarded model shared by many threads: masked values never cross from one call to another. */
class GuardrailStressTest {
    private static final int THREADS = 16;
    private static final int CALLS = 300;

    @Test
    void everyCallerGetsBackItsOwnMaskedValuesUnderConcurrency() throws Exception {
        FakeChatModel model = FakeChatModel.builder().otherwise(r -> "Noted: " + r.lastUserText()).build();
        RecordingListener events = new RecordingListener();
        GuardedChatModel guarded = Guardrails.builder(model).add(PiiGuardrail.masking()).add(LeakGuardrail.standard())
                .listener(events).build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                start.await();
                int ok = 0;
                for (int i = 0; i < CALLS; i++) {
                    String email = "user" + thread + "x" + i + "@example.com";
                    String phone = "+44 20 7946 0" + String.format("%03d", (thread * CALLS + i) % 1000);
                    ChatRequest q = ChatRequest.of("Contact " + email + " or " + phone);
                    String answer = i % 2 == 0 ? guarded.chat(q).text() : guarded.chatAsync(q).get(5, TimeUnit.SECONDS)
                            .text();
                    if (answer.equals("Noted: Contact " + email + " or " + phone)) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        start.countDown();
        int ok = 0;
        for (Future<Integer> f : results) {
            ok += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(ok).isEqualTo(THREADS * CALLS);
        assertThat(model.requests()).hasSize(THREADS * CALLS)
                .allSatisfy(r -> assertThat(r.lastUserText()).isEqualTo("Contact <EMAIL_1> or <PHONE_1>"));
        assertThat(model.inFlight()).isZero();
        assertThat(events.events()).hasSize(THREADS * CALLS); // one masking event per call, nothing else
    }
}
