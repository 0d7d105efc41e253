package dev.llmkit.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Origin;
import dev.llmkit.api.RateLimitState;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.CancelEvent;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.ErrorEvent;
import dev.llmkit.api.event.FirstTokenEvent;
import dev.llmkit.api.event.ResponseEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed HTTP call. Every callback to the handler is made on the one thread that reads the response (OkHttp's),
 * so callbacks never overlap: the first-token timer does not call the handler itself, it cancels the HTTP call and
 * the reading thread reports the timeout. It keeps the {@link StreamHandler} contract: callbacks in order, exactly one
 * terminal callback whatever fails (the server, the decoder, the handler itself), none after cancel, and a stream that
 * ends without its terminal event surfaces as {@link StreamInterruptedException} with what was delivered. The call is
 * bounded by the request's deadline (OkHttp's call timeout closes the connection).
 */
final class StreamingCall implements StreamHandle, Callback, StreamDecoder.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingCall.class);

    private final Call call;
    private final String provider;
    private final StreamDecoder decoder;
    private final Function<JsonNode, ChatResponse.Builder> wholeAnswer;
    private final StreamHandler handler;
    private final Scheduler scheduler;
    private final ChatModelListener listener;
    private final ChatRequest request;
    private final String model;
    private final ModelInfo info;
    private final Duration firstTokenTimeout;
    private final @Nullable String secret;
    private final long start;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final StringBuilder delivered = new StringBuilder();
    private volatile int tokens;
    private volatile int toolCalls;
    private volatile long firstTokenAt = -1;
    private volatile boolean firstTokenTimedOut;
    private volatile Scheduler.@Nullable Cancellable timeout;
    private @Nullable String requestId;
    private RateLimitState rateLimit = RateLimitState.NONE;
    private final Origin origin;

    StreamingCall(Call call, String provider, StreamDecoder decoder, Function<JsonNode, ChatResponse.Builder> wholeAnswer,
            StreamHandler handler, Scheduler scheduler, ChatModelListener listener, ChatRequest request, String model,
            ModelInfo info, Duration firstTokenTimeout, @Nullable String secret, Origin origin) {
        this.origin = origin;
        this.call = call;
        this.provider = provider;
        this.decoder = decoder;
        this.wholeAnswer = wholeAnswer;
        this.handler = handler;
        this.scheduler = scheduler;
        this.listener = listener;
        this.request = request;
        this.model = model;
        this.info = info;
        this.firstTokenTimeout = firstTokenTimeout;
        this.secret = secret;
        this.start = scheduler.nanoTime();
    }

    void start() {
        try {
            handler.onStart(this);
        } catch (RuntimeException e) {
            terminated.set(true);
            listener.onError(ErrorEvent.builder().request(request).model(model).error(handlerError(e, "onStart"))
                    .elapsed(Duration.ZERO).build());
            try {
                handler.onError(handlerError(e, "onStart"));
            } catch (RuntimeException again) {
                LOG.warn("A stream handler's onError threw after its onStart had thrown", again);
            }
            return;
        }
        if (cancelled.get()) {
            return; // cancelled from onStart: never send it
        }
        if (!firstTokenTimeout.isZero()) {
            try {
                timeout = scheduler.schedule(firstTokenTimeout, () -> {
                    if (tokens == 0 && toolCalls == 0 && !terminated.get()) {
                        firstTokenTimedOut = true;
                        call.cancel(); // the reading thread reports it: callbacks stay on one thread
                    }
                });
            } catch (RuntimeException refused) {
                fail(new LlmException("The scheduler refused the first-token timer (was its executor shut down?);"
                        + " the call was not made. Pass a running Scheduler.", refused, false, errorInfo()));
                return;
            }
        }
        if (cancelled.get()) {
            cancelTimeout(); // cancelled while the timer was being set
            return;
        }
        call.enqueue(this);
    }

    @Override
    public void onResponse(Call c, Response response) {
        try (response) {
            requestId = HttpErrors.requestId(response.headers());
            rateLimit = RateLimits.from(response.headers(), scheduler.now());
            if (!response.isSuccessful()) {
                String body = response.body().string();
                fail(HttpErrors.fromResponse(provider, response.code(), response.headers(), body, scheduler.now(),
                        secret));
                return;
            }
            if (isJson(response.body().contentType())) {
                wholeBody(response.body().string());
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
                    } catch (LlmException | HandlerFailed e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw new MalformedEvent(e);
                    }
                });
            } catch (MalformedEvent e) {
                fail(HttpChatSupport.malformed(provider, (Exception) e.getCause(), delivered.toString(), tokens,
                        toolCalls));
                return;
            } catch (Sse.LineTooLongException e) {
                fail(HttpChatSupport.malformed(provider, e, delivered.toString(), tokens, toolCalls));
                return;
            }
            if (cancelled.get() || terminated.get()) {
                return;
            }
            if (!finished) {
                fail(new StreamInterruptedException(provider + " closed the stream before its end event after "
                        + tokens + " tokens; the answer is incomplete." + (tokens == 0 ? " Retry." : ""), null,
                        errorInfo(), delivered.toString(), tokens, toolCalls));
                return;
            }
            complete(decoder.response());
        } catch (HandlerFailed e) {
            handlerFailed(e.getCause());
        } catch (LlmException e) {
            fail(afterOutput(e));
        } catch (IOException e) {
            onFailure(c, e);
        } catch (RuntimeException e) {
            fail(afterOutput(new LlmException(provider + " stream failed unexpectedly: " + Secrets.redact(e.toString(),
                    secret), e, false, errorInfo())));
        }
    }

    private static boolean isJson(@Nullable MediaType type) {
        return type != null && type.subtype().toLowerCase(Locale.ROOT).contains("json");
    }

    /** A server that ignored {@code stream: true} (some vLLM versions and proxies) sent the whole answer at once. */
    private void wholeBody(String body) {
        JsonNode json;
        ChatResponse.Builder answer;
        try {
            json = Json.parse(body);
            answer = wholeAnswer.apply(json);
        } catch (IOException | RuntimeException e) {
            fail(HttpChatSupport.malformed(provider, e, "", 0, 0));
            return;
        }
        ChatResponse whole = answer.build();
        try {
            token(whole.text());
            for (ToolCall t : whole.message().toolCalls()) {
                toolCall(t);
            }
        } catch (HandlerFailed e) {
            handlerFailed(e.getCause());
            return;
        }
        complete(answer);
    }

    @Override
    public void onFailure(Call c, IOException e) {
        if (cancelled.get() || terminated.get()) {
            return;
        }
        LlmException mapped;
        if (firstTokenTimedOut) {
            mapped = new LlmTimeoutException(provider + " sent no token within " + firstTokenTimeout.toMillis()
                    + " ms; the stream was cancelled. Retry, or raise the first-token timeout.", null, errorInfo());
        } else {
            mapped = HttpErrors.fromIo(provider, e, errorInfo());
        }
        fail(afterOutput(mapped));
    }

    private ErrorInfo errorInfo() {
        return ErrorInfo.builder().provider(provider).requestId(requestId).build();
    }

    private LlmException afterOutput(LlmException e) {
        if ((tokens == 0 && toolCalls == 0) || e instanceof StreamInterruptedException) {
            return e;
        }
        return new StreamInterruptedException(provider + " stream broke after " + tokens + " tokens: "
                + e.getMessage(), e, e.info(), delivered.toString(), tokens, toolCalls);
    }

    @Override
    public void token(String text) {
        if (text.isEmpty() || cancelled.get() || terminated.get()) {
            return;
        }
        if (firstTokenAt < 0) {
            firstTokenAt = scheduler.nanoTime();
            cancelTimeout();
            listener.onFirstToken(FirstTokenEvent.builder().request(request).model(model)
                    .timeToFirstToken(Duration.ofNanos(firstTokenAt - start)).build());
        }
        delivered.append(text);
        tokens++;
        try {
            handler.onToken(text);
        } catch (RuntimeException e) {
            throw new HandlerFailed(e);
        }
    }

    @Override
    public void toolCall(ToolCall toolCall) {
        if (cancelled.get() || terminated.get()) {
            return;
        }
        toolCalls++;
        cancelTimeout();
        try {
            handler.onToolCall(toolCall);
        } catch (RuntimeException e) {
            throw new HandlerFailed(e);
        }
    }

    private void handlerFailed(Throwable e) {
        call.cancel();
        fail(handlerError(e, "onToken or onToolCall"));
    }

    private LlmException handlerError(Throwable e, String where) {
        return new LlmException("The stream handler threw " + e.getClass().getName() + " from " + where + "; the"
                + " stream was cancelled. Fix the handler: its callbacks must not throw.", e, false, errorInfo());
    }

    private void complete(ChatResponse.Builder answer) {
        if (!terminated.compareAndSet(false, true)) {
            return;
        }
        cancelTimeout();
        ChatResponse r = HttpChatSupport.priced(answer
                .latency(Duration.ofNanos(scheduler.nanoTime() - start))
                .timeToFirstToken(firstTokenAt < 0 ? null : Duration.ofNanos(firstTokenAt - start))
                .requestId(requestId)
                .origin(origin)
                .rateLimit(rateLimit)
                .build(), info);
        listener.onResponse(ResponseEvent.builder().request(request).response(r).cost(r.cost().orElse(null)).build());
        if (!cancelled.get()) {
            try {
                handler.onComplete(r);
            } catch (RuntimeException e) {
                LOG.warn("A stream handler's onComplete threw; the stream had already ended", e);
            }
        }
    }

    private void fail(LlmException e) {
        if (cancelled.get() || !terminated.compareAndSet(false, true)) {
            return;
        }
        cancelTimeout();
        listener.onError(ErrorEvent.builder().request(request).model(model).error(e)
                .elapsed(Duration.ofNanos(scheduler.nanoTime() - start)).build());
        try {
            handler.onError(e);
        } catch (RuntimeException again) {
            LOG.warn("A stream handler's onError threw; the stream had already ended", again);
        }
    }

    private void cancelTimeout() {
        Scheduler.Cancellable t = timeout;
        if (t != null) {
            timeout = null;
            t.cancel();
        }
    }

    @Override
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            cancelTimeout();
            call.cancel();
            if (terminated.compareAndSet(false, true)) {
                // the call's final event: a span opened at the request closes here
                listener.onCancel(CancelEvent.builder().request(request).model(model).tokensDelivered(tokens)
                        .elapsed(Duration.ofNanos(scheduler.nanoTime() - start)).build());
            }
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Carries a decoding failure out of the SSE listener. */
    private static final class MalformedEvent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedEvent(Exception cause) {
            super(cause);
        }
    }

    /** Carries an exception the caller's handler threw out of the SSE listener. */
    private static final class HandlerFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandlerFailed(RuntimeException cause) {
            super(cause);
        }
    }
}
