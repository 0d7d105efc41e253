package dev.llmkit.testing;

import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.ConnectionException;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.StreamInterruptedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable {@link ChatModel} for tests: each call takes the next scripted step (an answer, a streamed answer,
 * a failure, a failure after some tokens, a hang); when the script is spent it falls back to a default behaviour.
 * Records every request and the most calls ever in flight at once. Thread-safe.
 *
 * <pre>{@code
 * FakeChatModel model = FakeChatModel.builder()
 *         .fail(new ServerErrorException("503 from upstream"))
 *         .stream("Hel", "lo")
 *         .latency(Duration.ofMillis(200))        // before the first token, on the scheduler's time
 *         .scheduler(manualScheduler)
 *         .build();
 * }</pre>
 *
 * <p>Timing: with no latency and no token interval, streams are delivered on the caller's thread before
 * {@code stream} returns; otherwise each token is scheduled on the {@link Scheduler}, so a
 * {@link ManualScheduler} controls exactly when it arrives. Sync calls "sleep" the latency on the scheduler.
 */
public final class FakeChatModel implements ChatModel {
    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*|\\s+");

    private final String name;
    private final Queue<Step> script;
    private final Function<ChatRequest, Step> otherwise;
    private final Duration latency;
    private final Duration tokenInterval;
    private final Scheduler scheduler;
    private final List<ChatRequest> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();

    private FakeChatModel(Builder b) {
        this.name = b.name;
        this.script = new ConcurrentLinkedQueue<>(b.script);
        this.otherwise = b.otherwise;
        this.latency = b.latency;
        this.tokenInterval = b.tokenInterval;
        this.scheduler = b.scheduler;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A model that answers every call with {@code text}. */
    public static FakeChatModel always(String text) {
        return builder().otherwise(r -> text).build();
    }

    /** A model that answers every call with {@code "echo: "} and the last user message. */
    public static FakeChatModel echo() {
        return builder().build();
    }

    /** Appends steps to the script at run time. */
    public FakeChatModel enqueue(Step... steps) {
        for (Step s : steps) {
            script.add(Objects.requireNonNull(s, "step"));
        }
        return this;
    }

    /** Every request received, in order. */
    public List<ChatRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many calls (chat, stream, async) were made. */
    public int callCount() {
        return requests.size();
    }

    /** The most calls that were in flight at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** The calls in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** How many streams were cancelled through their handle before finishing. */
    public int cancelledStreams() {
        return cancelled.get();
    }

    /** How many scripted steps are left. */
    public int remainingSteps() {
        return script.size();
    }

    @Override
    public ModelInfo info() {
        return ModelInfo.of("fake", name);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Step step = begin(request);
        long start = scheduler.nanoTime();
        try {
            if (step instanceof Hang) {
                if (request.deadline().isPresent()) {
                    // a model honours the request's deadline: the hang ends when it passes
                    pause(Duration.between(scheduler.now(), request.deadline().get()));
                    throw new LlmTimeoutException("FakeChatModel hung until the request's deadline passed", null,
                            ErrorInfo.NONE);
                }
                hangUntilInterrupted();
            }
            Scripted s = (Scripted) step;
            pause(latency.plus(tokenInterval.multipliedBy(Math.max(0, s.tokens().size() - 1))));
            if (s.failure() != null) {
                throw s.failure();
            }
            return s.response(request, name, Duration.ofNanos(scheduler.nanoTime() - start), null);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Step step = begin(request);
        FakeStream stream = new FakeStream(this, request, handler, scheduler, scheduler.nanoTime());
        try {
            handler.onStart(stream);
        } catch (RuntimeException e) {
            streamEnded(false);
            handler.onError(new LlmException("The stream handler threw from onStart: " + e, e, false, ErrorInfo.NONE));
            return stream;
        }
        if (step instanceof Hang) {
            return stream;
        }
        Scripted s = (Scripted) step;
        if (latency.isZero() && tokenInterval.isZero()) {
            for (int i = 0; i < s.tokens().size(); i++) {
                stream.token(s, i);
            }
            stream.finish(s);
        } else {
            Duration at = latency;
            for (int i = 0; i < s.tokens().size(); i++) {
                int index = i;
                scheduler.schedule(at, () -> stream.token(s, index));
                at = at.plus(tokenInterval);
            }
            scheduler.schedule(at.minus(s.tokens().isEmpty() ? Duration.ZERO : tokenInterval), () -> stream.finish(s));
        }
        return stream;
    }

    /** A stream ended (completed, failed or cancelled): it is no longer in flight. */
    void streamEnded(boolean cancelledByCaller) {
        inFlight.decrementAndGet();
        if (cancelledByCaller) {
            cancelled.incrementAndGet();
        }
    }

    /** The name reported on responses. */
    String name() {
        return name;
    }

    private Step begin(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        requests.add(request);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        Step step = script.poll();
        return step != null ? step : otherwise.apply(request);
    }

    private void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            scheduler.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("FakeChatModel call was interrupted", e, ErrorInfo.NONE);
        }
    }

    private static void hangUntilInterrupted() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ConnectionException("FakeChatModel hang was interrupted", null, ErrorInfo.NONE);
    }

    @Override
    public String toString() {
        return "FakeChatModel[" + name + "]";
    }

    /** A scripted behaviour for one call. Build with the static factories. */
    public sealed interface Step permits Scripted, Hang {

        /** Answer with this text (streamed word by word). */
        static Step respond(String text) {
            return new Scripted(split(text), List.of(), null, FinishReason.STOP);
        }

        /** Stream exactly these tokens. */
        static Step stream(String... tokens) {
            return new Scripted(List.of(tokens), List.of(), null, FinishReason.STOP);
        }

        /** Answer with tool calls and no text. */
        static Step toolCalls(ToolCall... calls) {
            return new Scripted(List.of(), List.of(calls), null, FinishReason.TOOL_CALLS);
        }

        /** Fail before any token. */
        static Step fail(LlmException failure) {
            return new Scripted(List.of(), List.of(), Objects.requireNonNull(failure, "failure"), FinishReason.OTHER);
        }

        /**
         * Stream these tokens, then fail. Streams receive a {@link StreamInterruptedException} carrying the
         * delivered text; sync calls throw {@code failure}.
         */
        static Step failAfter(LlmException failure, String... tokens) {
            return new Scripted(List.of(tokens), List.of(), Objects.requireNonNull(failure, "failure"),
                    FinishReason.OTHER);
        }

        /** Never answer: streams stay silent until cancelled, sync calls block until interrupted. */
        static Step hang() {
            return new Hang();
        }
    }

    record Hang() implements Step {
    }

    record Scripted(List<String> tokens, List<ToolCall> toolCalls, @Nullable LlmException failure,
            FinishReason finishReason) implements Step {

        ChatResponse response(ChatRequest request, String model, Duration latency, @Nullable Duration ttft) {
            String text = String.join("", tokens);
            TokenCounter counter = TokenCounter.estimator();
            return ChatResponse.builder()
                    .message(new AssistantMessage(text, toolCalls))
                    .usage(Usage.of(counter.countMessages(request.messages()), counter.count(text)))
                    .finishReason(finishReason)
                    .model(request.model().orElse(model))
                    .latency(latency)
                    .timeToFirstToken(ttft)
                    .requestId("fake-" + Integer.toHexString(System.identityHashCode(request)))
                    .build();
        }
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Builds a {@link FakeChatModel}. */
    public static final class Builder {
        private String name = "fake";
        private final List<Step> script = new ArrayList<>();
        private Function<ChatRequest, Step> otherwise = r -> Step.respond("echo: " + r.lastUserText());
        private Duration latency = Duration.ZERO;
        private Duration tokenInterval = Duration.ZERO;
        private Scheduler scheduler = Scheduler.system();

        private Builder() {}

        /** The model name reported on responses; default {@code "fake"}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Appends a step. */
        public Builder then(Step step) {
            script.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** Appends an answer. */
        public Builder respond(String text) {
            return then(Step.respond(text));
        }

        /** Appends a streamed answer of exactly these tokens. */
        public Builder stream(String... tokens) {
            return then(Step.stream(tokens));
        }

        /** Appends a failure. */
        public Builder fail(LlmException failure) {
            return then(Step.fail(failure));
        }

        /** Appends tokens followed by a failure. */
        public Builder failAfter(LlmException failure, String... tokens) {
            return then(Step.failAfter(failure, tokens));
        }

        /** Appends a hang. */
        public Builder hang() {
            return then(Step.hang());
        }

        /** What to answer once the script is spent; default echoes the last user message. */
        public Builder otherwise(Function<ChatRequest, String> answer) {
            Objects.requireNonNull(answer, "answer");
            this.otherwise = r -> Step.respond(answer.apply(r));
            return this;
        }

        /** The step to take once the script is spent, e.g. always failing. */
        public Builder otherwiseStep(Function<ChatRequest, Step> step) {
            this.otherwise = Objects.requireNonNull(step, "step");
            return this;
        }

        /** Delay before the first token (or the sync answer); default zero. */
        public Builder latency(Duration latency) {
            this.latency = requireNonNegative(latency, "latency");
            return this;
        }

        /** Delay between streamed tokens; default zero. */
        public Builder tokenInterval(Duration tokenInterval) {
            this.tokenInterval = requireNonNegative(tokenInterval, "tokenInterval");
            return this;
        }

        /** The time source for delays; default {@link Scheduler#system()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Builds the model. */
        public FakeChatModel build() {
            return new FakeChatModel(this);
        }

        private static Duration requireNonNegative(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }
    }
}
