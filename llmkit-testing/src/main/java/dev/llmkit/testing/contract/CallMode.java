package dev.llmkit.testing.contract;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three ways to call a {@link ChatModel}; contract scenarios run under each, so a model (or decorator) that
 * behaves differently when streamed is caught.
 */
public enum CallMode {
    /** {@link ChatModel#chat(ChatRequest)}. */
    SYNC,
    /** {@link ChatModel#chatAsync(ChatRequest)}. */
    ASYNC,
    /** {@link ChatModel#stream(ChatRequest, StreamHandler)}, collected. */
    STREAM;

    /** How long a contract call may take before the scenario fails. */
    public static final Duration CALL_LIMIT = Duration.ofSeconds(20);

    /**
     * Calls the model in this mode and returns the outcome. For streams, also checks the callback contract:
     * exactly one terminal callback, tokens concatenating to the final text.
     */
    public Outcome call(ChatModel model, ChatRequest request) {
        try {
            return switch (this) {
                case SYNC -> Outcome.success(model.chat(request), List.of());
                case ASYNC -> Outcome.success(model.chatAsync(request)
                        .get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS), List.of());
                case STREAM -> stream(model, request);
            };
        } catch (LlmException e) {
            return Outcome.failure(e, List.of());
        } catch (ExecutionException e) {
            return Outcome.failure(ChatModel.unwrap(e.getCause()), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("call did not finish within " + CALL_LIMIT, e);
        }
    }

    private static Outcome stream(ChatModel model, ChatRequest request)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> tokens = new CopyOnWriteArrayList<>();
        AtomicInteger terminals = new AtomicInteger();
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        model.stream(request, new StreamHandler() {
            @Override
            public void onToken(String token) {
                if (terminals.get() > 0) {
                    done.completeExceptionally(new AssertionError("onToken after the terminal callback"));
                }
                tokens.add(token);
            }

            @Override
            public void onComplete(ChatResponse response) {
                if (terminals.incrementAndGet() > 1) {
                    done.completeExceptionally(new AssertionError("second terminal callback (onComplete)"));
                }
                done.complete(Outcome.success(response, List.copyOf(tokens)));
            }

            @Override
            public void onError(LlmException error) {
                if (terminals.incrementAndGet() > 1) {
                    done.completeExceptionally(new AssertionError("second terminal callback (onError)"));
                }
                done.complete(Outcome.failure(error, List.copyOf(tokens)));
            }
        });
        return done.get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What a call produced.
     *
     * @param response the answer, or null on failure
     * @param error the failure, or null on success
     * @param tokens the streamed tokens (empty for sync and async)
     */
    public record Outcome(ChatResponse response, LlmException error, List<String> tokens) {
        static Outcome success(ChatResponse r, List<String> tokens) {
            return new Outcome(r, null, tokens);
        }

        static Outcome failure(LlmException e, List<String> tokens) {
            return new Outcome(null, e, tokens);
        }

        /** The response, failing the test if the call failed. */
        public ChatResponse orFail() {
            if (error != null) {
                throw new AssertionError("call failed: " + error, error);
            }
            return response;
        }
    }
}
