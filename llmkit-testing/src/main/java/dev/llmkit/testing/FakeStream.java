package dev.llmkit.testing;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.StreamInterruptedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** One streamed call of a {@link FakeChatModel} in progress: delivers scripted tokens and exactly one end. */
final class FakeStream implements StreamHandle {
    private final FakeChatModel model;
    private final ChatRequest request;
    private final StreamHandler handler;
    private final Scheduler scheduler;
    private final long start;
    private final AtomicBoolean cancelledFlag = new AtomicBoolean();
    private final AtomicBoolean done = new AtomicBoolean();
    private final StringBuilder delivered = new StringBuilder();
    private int count;
    private long firstTokenAt = -1;

    FakeStream(FakeChatModel model, ChatRequest request, StreamHandler handler, Scheduler scheduler, long start) {
        this.model = model;
        this.request = request;
        this.handler = handler;
        this.scheduler = scheduler;
        this.start = start;
    }

    synchronized void token(FakeChatModel.Scripted s, int index) {
        if (cancelledFlag.get() || done.get()) {
            return;
        }
        if (firstTokenAt < 0) {
            firstTokenAt = scheduler.nanoTime();
        }
        String t = s.tokens().get(index);
        delivered.append(t);
        count++;
        handler.onToken(t);
    }

    synchronized void finish(FakeChatModel.Scripted s) {
        if (cancelledFlag.get() || !done.compareAndSet(false, true)) {
            return;
        }
        model.streamEnded(false);
        LlmException failure = s.failure();
        if (failure != null) {
            handler.onError(count == 0 || failure instanceof StreamInterruptedException ? failure
                    : new StreamInterruptedException("FakeChatModel stream failed after " + count
                            + " tokens: " + failure.getMessage(), failure, failure.info(), delivered.toString(), count));
            return;
        }
        for (ToolCall call : s.toolCalls()) {
            handler.onToolCall(call);
        }
        Duration ttft = firstTokenAt < 0 ? null : Duration.ofNanos(firstTokenAt - start);
        handler.onComplete(s.response(request, model.name(), Duration.ofNanos(scheduler.nanoTime() - start), ttft));
    }

    @Override
    public void cancel() {
        if (cancelledFlag.compareAndSet(false, true) && done.compareAndSet(false, true)) {
            model.streamEnded(true);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelledFlag.get();
    }
}
