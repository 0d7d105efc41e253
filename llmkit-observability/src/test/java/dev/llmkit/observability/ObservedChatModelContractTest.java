package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.contract.ChatModelContract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The observed model keeps every promise of a {@link ChatModel}, sync, async and streaming; and at the stream's edges
 * (a delegate that throws, one that answers and then throws, a cancel through the handle) the caller gets exactly one
 * start and at most one terminal callback while the call ends in exactly one record, with nothing left running.
 */
class ObservedChatModelContractTest extends ChatModelContract {
    private final List<CallRecord> records = new ArrayList<>();
    private final Observability obs = Observability.of(new CallObserver() {
        @Override
        public void onCall(CallRecord call) {
            synchronized (records) {
                records.add(call);
            }
        }
    });

    @Override
    protected ChatModel modelAnswering(String text) {
        return obs.observe(FakeChatModel.always(text));
    }

    @Override
    protected ChatModel modelFailingWithServerError() {
        return obs.observe(FakeChatModel.builder().otherwiseStep(r -> FakeChatModel.Step.fail(
                new ServerErrorException("503 from upstream", null, ErrorInfo.NONE))).build());
    }

    /** Counts a stream's callbacks. */
    private static final class Counting implements StreamHandler {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger completes = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        volatile StreamHandle started;

        @Override
        public void onStart(StreamHandle handle) {
            starts.incrementAndGet();
            started = handle;
        }

        @Override
        public void onToken(String token) {
        }

        @Override
        public void onComplete(ChatResponse response) {
            completes.incrementAndGet();
        }

        @Override
        public void onError(LlmException error) {
            errors.incrementAndGet();
        }
    }

    /** A delegate whose stream runs {@code body} on the caller's thread. */
    private static ChatModel streaming(java.util.function.BiFunction<ChatRequest, StreamHandler, StreamHandle> body) {
        return new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                throw new UnsupportedOperationException("stream only");
            }

            @Override
            public StreamHandle stream(ChatRequest request, StreamHandler handler) {
                return body.apply(request, handler);
            }
        };
    }

    @Test
    void aDelegateThatThrowsFromStreamGivesOneStartOneErrorAndOneRecord() {
        ChatModel model = obs.observe(streaming((r, h) -> {
            throw new IllegalStateException("broken delegate");
        }));
        Counting c = new Counting();

        StreamHandle handle = model.stream(ChatRequest.of("hi"), c);

        assertThat(handle.isCancelled()).isFalse();
        assertThat(c.starts).hasValue(1);
        assertThat(c.errors).hasValue(1);
        assertThat(c.completes).hasValue(0);
        assertThat(records).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Outcome.Status.ERROR));
        assertThat(obs.inFlight()).isZero();
    }

    @Test
    void aDelegateThatAnswersAndThenThrowsGivesOneTerminalCallbackAndOneRecord() {
        ChatModel model = obs.observe(streaming((r, h) -> {
            h.onStart(StreamHandle.ended());
            h.onToken("ok");
            h.onComplete(ChatResponse.of("ok", "m"));
            throw new IllegalStateException("and then it broke");
        }));
        Counting c = new Counting();

        model.stream(ChatRequest.of("hi"), c);

        assertThat(c.starts).hasValue(1);
        assertThat(c.completes).hasValue(1);
        assertThat(c.errors).as("no second terminal callback").hasValue(0);
        assertThat(records).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Outcome.Status.OK));
        assertThat(obs.inFlight()).isZero();
    }

    @Test
    void aCancelThroughTheStartHandleReachesTheLiveStreamAndEndsTheCallOnce() {
        AtomicBoolean innerCancelled = new AtomicBoolean();
        StreamHandle inner = new StreamHandle() {
            @Override
            public void cancel() {
                innerCancelled.set(true);
            }

            @Override
            public boolean isCancelled() {
                return innerCancelled.get();
            }
        };
        ChatModel model = obs.observe(streaming((r, h) -> {
            h.onStart(inner);
            h.onToken("par");
            return inner;
        }));
        Counting c = new Counting();

        StreamHandle returned = model.stream(ChatRequest.of("hi"), c);
        c.started.cancel();
        returned.cancel();

        assertThat(innerCancelled).as("the cancel reached the delegate's stream").isTrue();
        assertThat(c.completes.get() + c.errors.get()).as("no terminal callback after a cancel").isZero();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Outcome.Status.CANCELLED);
            assertThat(r.chunks()).isEqualTo(1);
        });
        assertThat(obs.inFlight()).isZero();
    }
}
