package dev.llmkit.routing.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.contract.ChatModelContract;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShadowTest {

    /** A candidate that blocks until released: if the shadow waited for it, the primary call could not return. */
    private static final class Blocked implements ChatModel {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public ChatResponse chat(ChatRequest request) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ChatResponse.of("candidate says hi", "cand");
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void thePrimaryAnswersWhileTheCandidateIsStillRunningAndBothAreRecorded() throws Exception {
        Blocked candidate = new Blocked();
        List<ShadowResult> recorded = new CopyOnWriteArrayList<>();
        List<String> recorderThreads = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (Shadow shadow = Shadow.builder(FakeChatModel.always("primary says hi"), candidate)
                .recorder(r -> {
                    recorded.add(r);
                    recorderThreads.add(Thread.currentThread().getName());
                    done.countDown();
                }).build()) {

            ChatResponse r = shadow.chat(ChatRequest.of("hi"));

            assertThat(r.text()).isEqualTo("primary says hi");
            assertThat(candidate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(recorded).isEmpty(); // the candidate has not answered, yet the user has
            candidate.release.countDown();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(recorded.get(0).primary().text()).isEqualTo("primary says hi");
            assertThat(recorded.get(0).candidate().text()).isEqualTo("candidate says hi");
            assertThat(recorded.get(0).sameText()).isFalse();
            assertThat(recorderThreads).containsExactly("llmkit-shadow"); // never the caller's thread
        }
    }

    @Test
    void theCandidatesFailuresNeverReachTheCaller() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        List<ShadowResult> recorded = new CopyOnWriteArrayList<>();
        ChatModel failing = FakeChatModel.builder()
                .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("candidate down"))).build();
        try (Shadow shadow = Shadow.builder(FakeChatModel.always("fine"), failing).recorder(r -> {
            recorded.add(r);
            done.countDown();
        }).build()) {
            assertThat(shadow.chat(ChatRequest.of("hi")).text()).isEqualTo("fine");
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(recorded.get(0).candidateError()).isInstanceOf(ServerErrorException.class);
        }
    }

    @Test
    void copiesBeyondMaxInFlightAreDroppedAndSamplingSkipsTheRest() {
        Blocked candidate = new Blocked();
        double[] draws = {0.05, 0.5, 0.01, 0.02};
        int[] i = {0};
        try (Shadow shadow = Shadow.builder(FakeChatModel.always("ok"), candidate).sample(0.1).maxInFlight(1)
                .random(() -> draws[i[0]++ % draws.length]).build()) {
            for (int n = 0; n < 4; n++) {
                assertThat(shadow.chat(ChatRequest.of("q" + n)).text()).isEqualTo("ok");
            }
            // draw 0.05: sent; 0.5: not sampled; 0.01 and 0.02: sampled but the one slot is busy
            assertThat(shadow.sent()).isEqualTo(1);
            assertThat(shadow.dropped()).isEqualTo(2);
            candidate.release.countDown();
        }
    }

    @Nested
    class Contract extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return Shadow.builder(FakeChatModel.always(text), FakeChatModel.always("other")).build();
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            return Shadow.builder(FakeChatModel.builder()
                    .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("HTTP 503"))).build(),
                    FakeChatModel.always("other")).build();
        }
    }
}
