package dev.llmkit.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** LangChain4j chat models behind llmkit's interface; see {@link LangChain4jChat}. */
final class FromLangChain4jChat implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(FromLangChain4jChat.class);
    private final dev.langchain4j.model.chat.@Nullable ChatModel blocking;
    private final @Nullable StreamingChatModel streaming;
    private final String name;

    FromLangChain4jChat(dev.langchain4j.model.chat.@Nullable ChatModel blocking,
            @Nullable StreamingChatModel streaming) {
        this.blocking = blocking;
        this.streaming = streaming;
        String model = blocking != null ? modelName(blocking.defaultRequestParameters())
                : modelName(streaming.defaultRequestParameters());
        this.name = model != null ? model : "langchain4j-" + (blocking != null ? blocking : streaming).getClass()
                .getSimpleName();
    }

    private static @Nullable String modelName(dev.langchain4j.model.chat.request.@Nullable ChatRequestParameters p) {
        return p == null ? null : p.modelName();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        if (blocking == null) {
            return streamAndWait(request);
        }
        long start = System.nanoTime();
        dev.langchain4j.model.chat.response.ChatResponse r;
        try {
            r = blocking.chat(ChatMapping.toLangChain4j(request));
        } catch (RuntimeException e) {
            throw ChatMapping.fromLangChain4j(e, name);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return ChatMapping.fromLangChain4j(r, name, took, took);
    }

    private ChatResponse streamAndWait(ChatRequest request) {
        // chatAsync streams, and cancelling its future cancels the stream
        CompletableFuture<ChatResponse> result = chatAsync(request);
        try {
            long deadline = request.deadlineMillis();
            if (deadline == Long.MAX_VALUE || deadline <= 0) {
                return result.get();
            }
            return result.get(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new LlmTimeoutException("The LangChain4j model " + name + " did not finish by the request's "
                    + "deadline", e, ErrorInfo.NONE);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new LlmException("Interrupted while waiting for " + name, e, false, ErrorInfo.NONE);
        } catch (ExecutionException e) {
            throw ChatModel.unwrap(e.getCause());
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Run run = new Run(handler);
        if (!run.start()) {
            return run;
        }
        dev.langchain4j.model.chat.request.ChatRequest mapped;
        try {
            mapped = ChatMapping.toLangChain4j(request);
        } catch (RuntimeException e) {
            run.fail(e);
            return run;
        }
        if (streaming == null) {
            try {
                run.finish(blocking.chat(mapped));
            } catch (RuntimeException e) {
                run.fail(e);
            }
            return run;
        }
        try {
            streaming.chat(mapped, run);
        } catch (RuntimeException e) {
            run.fail(e);
        }
        return run;
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.of("langchain4j", name);
    }

    @Override
    public String toString() {
        return "LangChain4j(" + name + ")";
    }

    /**
     * One stream: LangChain4j's callbacks turned into llmkit's, with one terminal callback, none after a cancel, and
     * each tool call delivered once (as it completes, or from the final response when the model reports none).
     */
    private final class Run implements StreamHandle, StreamingChatResponseHandler {
        private final StreamHandler handler;
        private final long start = System.nanoTime();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicReference<@Nullable StreamingHandle> upstream = new AtomicReference<>();
        private final Set<String> deliveredCalls = new HashSet<>();
        private volatile long firstToken;

        Run(StreamHandler handler) {
            this.handler = handler;
        }

        boolean start() {
            try {
                handler.onStart(this);
                return true;
            } catch (RuntimeException e) {
                terminalError(ChatMapping.fromLangChain4j(e, name));
                return false;
            }
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                StreamingHandle h = upstream.get();
                if (h != null) {
                    h.cancel();
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }

        private boolean live() {
            return !cancelled.get() && !ended.get();
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            StreamingHandle h = context.streamingHandle();
            if (h != null && upstream.compareAndSet(null, h) && cancelled.get()) {
                h.cancel();
            }
            onPartialResponse(partial.text());
        }

        @Override
        public void onPartialResponse(String token) {
            if (!live() || token == null || token.isEmpty()) {
                return;
            }
            if (firstToken == 0) {
                firstToken = System.nanoTime();
            }
            try {
                handler.onToken(token);
            } catch (RuntimeException e) {
                handlerFailed(e);
            }
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall call) {
            if (!live()) {
                return;
            }
            deliver(ChatMapping.fromLangChain4j(call.toolExecutionRequest(), call.index()));
        }

        private void deliver(ToolCall call) {
            if (!deliveredCalls.add(call.id())) {
                return;
            }
            try {
                handler.onToolCall(call);
            } catch (RuntimeException e) {
                handlerFailed(e);
            }
        }

        private void handlerFailed(RuntimeException e) {
            StreamingHandle h = upstream.get();
            if (h != null) {
                h.cancel();
            }
            terminalError(new LlmException("The stream handler failed: " + e, e, false, ErrorInfo.NONE));
        }

        @Override
        public void onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse response) {
            finish(response);
        }

        void finish(dev.langchain4j.model.chat.response.ChatResponse response) {
            if (!live()) {
                return;
            }
            long now = System.nanoTime();
            Duration ttft = Duration.ofNanos((firstToken == 0 ? now : firstToken) - start);
            ChatResponse mapped;
            try {
                mapped = ChatMapping.fromLangChain4j(response, name, Duration.ofNanos(now - start), ttft);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (streaming == null && !mapped.text().isEmpty()) {
                onPartialResponse(mapped.text());
            }
            for (ToolCall c : mapped.toolCalls()) {
                if (live()) {
                    deliver(c);
                }
            }
            if (live() && ended.compareAndSet(false, true)) {
                try {
                    handler.onComplete(mapped);
                } catch (RuntimeException e) {
                    LOG.warn("onComplete of a stream handler threw", e);
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
        }

        void fail(Throwable error) {
            if (!cancelled.get()) {
                terminalError(ChatMapping.fromLangChain4j(error, name));
            }
        }

        private void terminalError(LlmException e) {
            if (ended.compareAndSet(false, true)) {
                try {
                    handler.onError(e);
                } catch (RuntimeException thrown) {
                    LOG.warn("onError of a stream handler threw", thrown);
                }
            }
        }
    }
}
