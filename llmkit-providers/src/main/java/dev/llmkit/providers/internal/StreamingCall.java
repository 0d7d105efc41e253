package dev.llmkit.providers.internal;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.ErrorEvent;
import dev.llmkit.api.event.FirstTokenEvent;
import dev.llmkit.api.event.ResponseEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed HTTP call: reads SSE on OkHttp's thread, hands events to a decoder, and keeps the
 * {@link StreamHandler} contract: callbacks in order, exactly one terminal callback, none after cancel, and a
 * stream that ends without its terminal event surfaces as {@link StreamInterruptedException} with what was delivered.
 */
final class StreamingCall implements StreamHandle, Callback, StreamDecoder.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingCall.class);

    private final Call call;
    private final String provider;
    private final StreamDecoder decoder;
    private final StreamHandler handler;
    private final Scheduler scheduler;
    private final ChatModelListener listener;
    private final ChatRequest request;
    private final String model;
    private final ModelInfo info;
    private final Duration firstTokenTimeout;
    private final long start;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final StringBuilder delivered = new StringBuilder();
    private volatile int tokens;
    private volatile long firstTokenAt = -1;
    private volatile Scheduler.@Nullable Cancellable timeout;
    private @Nullable String requestId;

    StreamingCall(Call call, String provider, StreamDecoder decoder, StreamHandler handler, Scheduler scheduler,
            ChatModelListener listener, ChatRequest request, String model, ModelInfo info, Duration firstTokenTimeout) {
        this.call = call;
        this.provider = provider;
        this.decoder = decoder;
        this.handler = handler;
        this.scheduler = scheduler;
        this.listener = listener;
        this.request = request;
        this.model = model;
        this.info = info;
        this.firstTokenTimeout = firstTokenTimeout;
        this.start = scheduler.nanoTime();
    }

    void start() {
        if (!firstTokenTimeout.isZero()) {
            timeout = scheduler.schedule(firstTokenTimeout, () -> {
                if (tokens == 0 && !terminated.get()) {
                    fail(new LlmTimeoutException(provider + " sent no token within " + firstTokenTimeout.toMillis()
                            + " ms; the stream was cancelled. Retry, or raise the first-token timeout.", null,
                            ErrorInfo.builder().provider(provider).build()));
                    call.cancel();
                }
            });
        }
        call.enqueue(this);
    }

    @Override
    public void onResponse(Call c, Response response) {
        try (response) {
            requestId = HttpErrors.requestId(response.headers());
            if (!response.isSuccessful()) {
                String body = response.body().string();
                fail(HttpErrors.fromResponse(provider, response.code(), response.headers(), body, scheduler.now()));
                return;
            }
            boolean finished;
            try {
                finished = Sse.read(response.body().source(), (event, data) -> {
                    if (cancelled.get() || terminated.get()) {
                        return false;
                    }
                    try {
                        return !decoder.onEvent(event, data, this);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new MalformedEvent(e);
                    }
                });
            } catch (MalformedEvent e) {
                fail(HttpChatSupport.malformed(provider, (Exception) e.getCause(), delivered.toString(), tokens));
                return;
            }
            if (cancelled.get() || terminated.get()) {
                return;
            }
            if (!finished) {
                fail(new StreamInterruptedException(provider + " closed the stream before its end event after "
                        + tokens + " tokens; the answer is incomplete." + (tokens == 0 ? " Retry." : ""), null,
                        ErrorInfo.builder().provider(provider).requestId(requestId).build(), delivered.toString(),
                        tokens));
                return;
            }
            complete();
        } catch (LlmException e) {
            fail(tokens == 0 ? e : new StreamInterruptedException(provider + " reported an error after " + tokens
                    + " tokens: " + e.getMessage(), e, e.info(), delivered.toString(), tokens));
        } catch (IOException e) {
            onFailure(c, e);
        } catch (RuntimeException e) {
            LOG.warn("Stream handler or decoder failed; cancelling the stream", e);
            cancel();
        }
    }

    @Override
    public void onFailure(Call c, IOException e) {
        if (cancelled.get() || terminated.get()) {
            return;
        }
        LlmException mapped = HttpErrors.fromIo(provider, e,
                ErrorInfo.builder().provider(provider).requestId(requestId).build());
        if (tokens > 0) {
            fail(new StreamInterruptedException(provider + " stream broke after " + tokens + " tokens: "
                    + mapped.getMessage(), e, mapped.info(), delivered.toString(), tokens));
        } else {
            fail(mapped);
        }
    }

    @Override
    public void token(String text) {
        if (text.isEmpty() || cancelled.get() || terminated.get()) {
            return;
        }
        if (firstTokenAt < 0) {
            firstTokenAt = scheduler.nanoTime();
            Scheduler.Cancellable t = timeout;
            if (t != null) {
                t.cancel();
            }
            listener.onFirstToken(new FirstTokenEvent(request, model, Duration.ofNanos(firstTokenAt - start)));
        }
        delivered.append(text);
        tokens++;
        handler.onToken(text);
    }

    @Override
    public void toolCall(ToolCall toolCall) {
        if (!cancelled.get() && !terminated.get()) {
            handler.onToolCall(toolCall);
        }
    }

    private void complete() {
        if (!terminated.compareAndSet(false, true)) {
            return;
        }
        cancelTimeout();
        ChatResponse r = decoder.response()
                .latency(Duration.ofNanos(scheduler.nanoTime() - start))
                .timeToFirstToken(firstTokenAt < 0 ? null : Duration.ofNanos(firstTokenAt - start))
                .requestId(requestId)
                .build();
        listener.onResponse(new ResponseEvent(request, r, info.cost(r.usage())));
        if (!cancelled.get()) {
            handler.onComplete(r);
        }
    }

    private void fail(LlmException e) {
        if (cancelled.get() || !terminated.compareAndSet(false, true)) {
            return;
        }
        cancelTimeout();
        listener.onError(new ErrorEvent(request, model, e, Duration.ofNanos(scheduler.nanoTime() - start)));
        handler.onError(e);
    }

    private void cancelTimeout() {
        Scheduler.Cancellable t = timeout;
        if (t != null) {
            t.cancel();
        }
    }

    @Override
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            cancelTimeout();
            call.cancel();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Carries a JSON error out of the SSE listener. */
    private static final class MalformedEvent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedEvent(Exception cause) {
            super(cause);
        }
    }
}
