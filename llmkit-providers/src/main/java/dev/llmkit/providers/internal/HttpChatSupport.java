package dev.llmkit.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Origin;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.ErrorEvent;
import dev.llmkit.api.event.RequestEvent;
import dev.llmkit.api.event.ResponseEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP half every provider shares: one blocking JSON call, or one server-sent-events stream, with error mapping,
 * latency and time-to-first-token measurement, and listener events.
 */
public final class HttpChatSupport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpChatSupport.class);

    private final OkHttpClient client;
    private final String provider;
    private final ChatModelListener listener;
    private final Scheduler scheduler;
    private final ModelInfo info;
    private final Duration firstTokenTimeout;
    private final @Nullable String secret;
    private final Origin origin;

    /**
     * Creates the support for one model.
     *
     * @param client the HTTP client (its read timeout is the stream idle timeout)
     * @param provider the provider name for errors and events
     * @param listener already made safe
     * @param scheduler time source
     * @param info the model's info (for cost)
     * @param firstTokenTimeout zero for none
     * @param secret the API key, masked in every error message; null for none
     * @param origin who answers, stamped on every response
     */
    public HttpChatSupport(OkHttpClient client, String provider, ChatModelListener listener, Scheduler scheduler,
            ModelInfo info, Duration firstTokenTimeout, @Nullable String secret, Origin origin) {
        this.client = client;
        this.provider = provider;
        this.listener = listener;
        this.scheduler = scheduler;
        this.info = info;
        this.firstTokenTimeout = firstTokenTimeout;
        this.secret = secret;
        this.origin = origin;
    }

    /**
     * A call bounded by the request's deadline as well as the client's call timeout, whichever is sooner; when it
     * passes OkHttp closes the connection (a blocked socket read cannot be interrupted any other way).
     *
     * @throws LlmTimeoutException when the deadline has already passed
     */
    private Call newCall(ChatRequest chatRequest, Request http) {
        Call call = client.newCall(http);
        if (chatRequest.deadline().isPresent()) {
            Duration left = Duration.between(scheduler.now(), chatRequest.deadline().get());
            if (left.isNegative() || left.isZero()) {
                throw new LlmTimeoutException("The request's deadline (" + chatRequest.deadline().get() + ") passed"
                        + " before " + provider + " was called; raise the deadline.", null,
                        ErrorInfo.builder().provider(provider).build());
            }
            long current = call.timeout().timeoutNanos();
            if (current == 0 || left.toNanos() < current) {
                call.timeout().timeout(left.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return call;
    }

    /** {@code r} with its cost at {@code info}'s prices, when they are known. */
    static ChatResponse priced(ChatResponse r, ModelInfo info) {
        return info.cost(r.usage()).map(c -> r.toBuilder().cost(c).build()).orElse(r);
    }

    /** Who answers through this support. */
    public Origin origin() {
        return origin;
    }

    /** The provider name. */
    public String provider() {
        return provider;
    }

    /** Sends a JSON request and parses the JSON answer with {@code parse}, blocking. */
    public ChatResponse call(ChatRequest chatRequest, Request http, Function<JsonNode, ChatResponse.Builder> parse) {
        String model = chatRequest.model().orElse(info.model());
        listener.onRequest(RequestEvent.builder().request(chatRequest).model(model).at(scheduler.now()).build());
        long start = scheduler.nanoTime();
        try (Response response = newCall(chatRequest, http).execute()) {
            ResponseBody body = response.body();
            String text = body.string();
            if (!response.isSuccessful()) {
                throw HttpErrors.fromResponse(provider, response.code(), response.headers(), text, scheduler.now(),
                        secret);
            }
            JsonNode json;
            try {
                json = Json.parse(text);
            } catch (IOException e) {
                throw new LlmException(provider + " sent a response that is not valid JSON: " + e.getMessage()
                        + ". Check that the base URL points at an OpenAI-compatible or Anthropic API.", e, false,
                        HttpErrors.info(provider, response.code(), response.headers(), scheduler.now()));
            }
            ChatResponse r = priced(parse.apply(json)
                    .latency(Duration.ofNanos(scheduler.nanoTime() - start))
                    .requestId(HttpErrors.requestId(response.headers()))
                    .origin(origin)
                    .rateLimit(RateLimits.from(response.headers(), scheduler.now()))
                    .build(), info);
            listener.onResponse(ResponseEvent.builder().request(chatRequest).response(r).cost(r.cost().orElse(null)).build());
            return r;
        } catch (IOException e) {
            LlmException mapped = HttpErrors.fromIo(provider, e, ErrorInfo.builder().provider(provider).build());
            error(chatRequest, model, mapped, start);
            throw mapped;
        } catch (LlmException e) {
            error(chatRequest, model, e, start);
            throw e;
        }
    }

    /**
     * Starts a streamed call; returns at once and never throws: a failure to start reaches {@code handler}.
     *
     * @param wholeAnswer parses a complete JSON answer, for servers that ignore {@code stream: true}
     */
    public StreamHandle stream(ChatRequest chatRequest, Request http, StreamDecoder decoder,
            Function<JsonNode, ChatResponse.Builder> wholeAnswer, StreamHandler handler) {
        String model = chatRequest.model().orElse(info.model());
        listener.onRequest(RequestEvent.builder().request(chatRequest).model(model).at(scheduler.now()).build());
        Call httpCall;
        try {
            httpCall = newCall(chatRequest, http);
        } catch (LlmException e) {
            error(chatRequest, model, e, scheduler.nanoTime());
            return failed(handler, e);
        }
        StreamingCall call = new StreamingCall(httpCall, provider, decoder, wholeAnswer, handler, scheduler, listener,
                chatRequest, model, info, firstTokenTimeout, secret, origin);
        call.start();
        return call;
    }

    /**
     * Ends a stream that could not start: {@code onStart} with a handle of an ended stream, then {@code onError}.
     * Returns that handle.
     */
    public static StreamHandle failed(StreamHandler handler, LlmException e) {
        try {
            handler.onStart(StreamHandle.ended());
        } catch (RuntimeException ignored) {
            // the stream is failing anyway; the error below is what the handler must see
            e.addSuppressed(ignored);
        }
        handler.onError(e);
        return StreamHandle.ended();
    }

    private void error(ChatRequest request, String model, LlmException e, long start) {
        LOG.debug("{} call failed: {}", provider, e.getMessage());
        listener.onError(ErrorEvent.builder().request(request).model(model).error(e)
                .elapsed(Duration.ofNanos(scheduler.nanoTime() - start)).build());
    }

    /** Wraps a decoding failure in the middle of a stream. */
    static StreamInterruptedException malformed(String provider, Exception e, String partial, int tokens,
            int toolCalls) {
        return new StreamInterruptedException(provider + " sent a malformed stream event ("
                + Secrets.redact(String.valueOf(e.getMessage()), null) + "); the stream was stopped"
                + (tokens > 0 ? " after " + tokens + " tokens" : "") + ".", e,
                ErrorInfo.builder().provider(provider).build(), partial, tokens, toolCalls);
    }
}
