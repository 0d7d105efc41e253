package dev.llmkit.api;

import dev.llmkit.api.error.LlmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A chat model: a provider client, or a decorator around one (retrying, routed, cached, guarded). Because every
 * decorator is itself a {@code ChatModel}, they stack:
 *
 * <pre>{@code
 * ChatModel model = Resilient.wrap(OpenAiCompatible.builder().baseUrl(url).model("qwen2.5-7b").build());
 * ChatResponse answer = model.chat(ChatRequest.of("Hello"));
 * }</pre>
 *
 * <p>Implementations are thread-safe. Failures are {@link LlmException} subtypes, which say whether a retry may help.
 */
public interface ChatModel {

    /**
     * Sends the request and waits for the whole answer, blocking the calling thread. The call ends by the request's
     * {@link ChatRequest#deadline() deadline}: an implementation that waits (on a socket, a lock, a retry delay)
     * bounds the wait by the time left, and fails with an {@link dev.llmkit.api.error.LlmTimeoutException} when it
     * passes; every llmkit provider closes its HTTP call then.
     *
     * @throws LlmException when the call fails or is refused
     */
    ChatResponse chat(ChatRequest request);

    /**
     * Streams the answer to {@code handler} and returns at once with a handle that cancels the stream.
     * See {@link StreamHandler} for the callback contract. This method never throws (a {@code null} argument
     * aside): every failure, an invalid request, a refusal (open breaker, full bulkhead, rate limit) and a bug in a
     * delegate included, reaches the handler as exactly one {@link StreamHandler#onError}, possibly before this
     * method returns. The stream ends by the request's {@link ChatRequest#deadline() deadline}.
     */
    StreamHandle stream(ChatRequest request, StreamHandler handler);

    /**
     * Sends the request without blocking: the future completes with the answer or, exceptionally, with an
     * {@link LlmException}. Cancelling the future cancels the underlying stream. Implemented by streaming.
     */
    default CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        CompletableFuture<ChatResponse> future = new CompletableFuture<>();
        StreamHandle h;
        try {
            h = stream(request, new StreamHandler() {
                @Override
                public void onToken(String token) {
                }

                @Override
                public void onComplete(ChatResponse response) {
                    future.complete(response);
                }

                @Override
                public void onError(LlmException error) {
                    future.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // a ChatModel's stream() must not throw; a broken one still completes the future
            future.completeExceptionally(unwrap(e));
            return future;
        }
        future.whenComplete((r, e) -> {
            if (future.isCancelled()) {
                h.cancel();
            }
        });
        return future;
    }

    /** Sends one user message and returns the answer's text. */
    default String chat(String userText) {
        return chat(ChatRequest.of(userText)).text();
    }

    /** What this model is: provider, name, context window, prices. Decorators return their delegate's. */
    default ModelInfo info() {
        return ModelInfo.unknown(getClass().getSimpleName().isEmpty() ? getClass().getName() : getClass().getSimpleName());
    }

    /**
     * Unwraps a {@link CompletionException} from {@link #chatAsync} into the {@link LlmException} it carries.
     * Other throwables are returned wrapped in a non-retryable {@code LlmException}.
     */
    static LlmException unwrap(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof LlmException e) {
            return e;
        }
        return new LlmException("Unexpected failure: " + cause, cause, false, dev.llmkit.api.error.ErrorInfo.NONE);
    }
}
