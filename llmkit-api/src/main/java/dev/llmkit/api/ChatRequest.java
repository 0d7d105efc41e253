package dev.llmkit.api;

import dev.llmkit.api.internal.PromptHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One chat call: the prompt (messages, model, sampling parameters, tools, response format) and the
 * {@link CallContext} it runs in (call id, tenant, user, deadline, tags, budget key). Immutable; change a copy
 * through {@link #toBuilder()}. {@link #contentHash()} identifies the prompt part alone, for caches and
 * deduplication.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *         .system("Answer in one sentence.")
 *         .user("What is a circuit breaker?")
 *         .maxOutputTokens(200)
 *         .tag("faq")
 *         .tenant("acme")
 *         .build();
 * }</pre>
 */
public final class ChatRequest {
    /** {@link #deadlineMillis()} of a request without a deadline. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Prompt prompt;
    private final CallContext context;
    private final long deadlineMillis;
    private final int attempt;

    private ChatRequest(Prompt prompt, CallContext context, long deadlineMillis, int attempt) {
        this.prompt = prompt;
        this.context = context;
        this.deadlineMillis = deadlineMillis;
        this.attempt = attempt;
    }

    private static long millis(@Nullable Instant deadline) {
        if (deadline == null) {
            return NO_DEADLINE;
        }
        try {
            return deadline.toEpochMilli();
        } catch (ArithmeticException farFuture) {
            return NO_DEADLINE - 1; // beyond the epoch-millisecond range: as good as none, but still a deadline
        }
    }

    /** A request with one user message and default settings. */
    public static ChatRequest of(String userText) {
        return builder().user(userText).build();
    }

    /** A request with these messages and default settings. */
    public static ChatRequest of(List<? extends Message> messages) {
        return builder().messages(messages).build();
    }

    /** Starts an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * This request with another effective deadline, for this attempt and every layer below; the prompt and the
     * context (whose {@link CallContext#deadline()} stays the caller's) are shared, so the copy is one small object.
     * Decorators that tighten the deadline call it per request. Kept to the millisecond.
     */
    public ChatRequest withDeadline(Instant deadline) {
        return new ChatRequest(prompt, context, millis(Objects.requireNonNull(deadline, "deadline")), attempt);
    }

    /** {@link #withDeadline(Instant)} in epoch milliseconds, for hot paths that must not allocate an instant. */
    public ChatRequest withDeadlineMillis(long epochMillis) {
        return new ChatRequest(prompt, context, epochMillis, attempt);
    }

    /** This request in another call context (its deadline becomes the request's), the prompt shared. */
    public ChatRequest withContext(CallContext context) {
        return new ChatRequest(prompt, Objects.requireNonNull(context, "context"),
                millis(context.deadlineOrNull()), attempt);
    }

    /**
     * This request for the call's next attempt: the next number from a counter every copy of this call shares, so
     * nested retry, hedge and fallback layers never hand out one number twice. Retry, hedge and fallback use it.
     */
    public ChatRequest nextAttempt() {
        return new ChatRequest(prompt, context, deadlineMillis, context.takeAttemptNumber());
    }

    /** The number of this attempt within the call, from 1 ({@link #nextAttempt()}). */
    public int attempt() {
        return attempt;
    }

    /** The conversation so far; not empty, unmodifiable. */
    public List<Message> messages() {
        return prompt.messages;
    }

    /** A model name that overrides the model's configured default (e.g. a deployment name). */
    public Optional<String> model() {
        return Optional.ofNullable(prompt.model);
    }

    /** Sampling temperature, 0 to 2. */
    public Optional<Double> temperature() {
        return Optional.ofNullable(prompt.temperature);
    }

    /** Nucleus sampling, greater than 0 and at most 1. */
    public Optional<Double> topP() {
        return Optional.ofNullable(prompt.topP);
    }

    /** The most tokens the model may generate, at least 1. */
    public Optional<Integer> maxOutputTokens() {
        return Optional.ofNullable(prompt.maxOutputTokens);
    }

    /** Sequences that end generation; unmodifiable. */
    public List<String> stop() {
        return prompt.stop;
    }

    /** The tools the model may call; unmodifiable. */
    public List<ToolSpec> tools() {
        return prompt.tools;
    }

    /** Whether and which tool to call. */
    public ToolChoice toolChoice() {
        return prompt.toolChoice;
    }

    /**
     * Whether the model may ask for several tool calls in one turn; empty for the provider's default. Providers that
     * cannot switch it off fail with an {@link dev.llmkit.api.error.InvalidRequestException} rather than ignore it.
     */
    public Optional<Boolean> parallelToolCalls() {
        return Optional.ofNullable(prompt.parallelToolCalls);
    }

    /** Text, JSON object or JSON schema. */
    public ResponseFormat responseFormat() {
        return prompt.responseFormat;
    }

    /** A seed for reproducible sampling where the provider supports it. */
    public Optional<Long> seed() {
        return Optional.ofNullable(prompt.seed);
    }

    /** Who the call is for: call id, tenant, user, the caller's deadline, tags, budget key, trace parent. */
    public CallContext context() {
        return context;
    }

    /**
     * The instant by which this attempt, and with it every layer below, must finish: the caller's deadline or a
     * tighter one a decorator set ({@link #withDeadline(Instant)}).
     */
    public Optional<Instant> deadline() {
        return deadlineMillis == NO_DEADLINE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(deadlineMillis));
    }

    /** {@link #deadline()} in epoch milliseconds, {@link #NO_DEADLINE} without one; for hot paths. */
    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** The context's tags. */
    public Set<String> tags() {
        return context.tags();
    }

    /** The context's attributes. */
    public Map<String, String> attributes() {
        return context.attributes();
    }

    /**
     * The hex SHA-256 of the prompt part (messages, model, parameters, tools, tool choice, response format, seed), the
     * same for equal prompts in any JVM and unaffected by the context, deadline and attempt: a key for response caches
     * and deduplication. Computed once per prompt, on first use.
     */
    public String contentHash() {
        String h = prompt.contentHash;
        if (h == null) {
            h = PromptHash.of(this);
            prompt.contentHash = h;
        }
        return h;
    }

    /** The text of the last user message, or an empty string when there is none. */
    public String lastUserText() {
        List<Message> messages = prompt.messages;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u) {
                return u.text();
            }
        }
        return "";
    }

    /** An attribute of the context. */
    public Optional<String> attribute(String key) {
        return context.attribute(key);
    }

    /** Equal when prompt, context, deadline and attempt are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ChatRequest r && prompt.equals(r.prompt) && context.equals(r.context)
                && deadlineMillis == r.deadlineMillis && attempt == r.attempt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(prompt, context, deadlineMillis, attempt);
    }

    /** The shape of the request without its text, which may be private: safe to log. */
    @Override
    public String toString() {
        return "ChatRequest{messages=" + prompt.messages.size()
                + (prompt.model == null ? "" : ", model=" + prompt.model)
                + (prompt.tools.isEmpty() ? "" : ", tools=" + prompt.tools.stream().map(ToolSpec::name).toList())
                + (prompt.maxOutputTokens == null ? "" : ", maxOutputTokens=" + prompt.maxOutputTokens)
                + ", attempt=" + attempt
                + (deadlineMillis == NO_DEADLINE ? "" : ", deadline=" + Instant.ofEpochMilli(deadlineMillis))
                + ", " + context + "}";
    }

    /** Builds a {@link ChatRequest}. Not thread-safe. */
    public static final class Builder {
        // package-private: Prompt reads them when the request is built
        final List<Message> messages = new ArrayList<>();
        @Nullable String model;
        @Nullable Double temperature;
        @Nullable Double topP;
        @Nullable Integer maxOutputTokens;
        final List<String> stop = new ArrayList<>();
        final List<ToolSpec> tools = new ArrayList<>();
        ToolChoice toolChoice = ToolChoice.AUTO;
        @Nullable Boolean parallelToolCalls;
        ResponseFormat responseFormat = ResponseFormat.TEXT;
        @Nullable Long seed;
        private @Nullable CallContext context;
        private CallContext.Builder contextBuilder = CallContext.builder();
        private int attempt = 1;
        private @Nullable String originCallId;

        private Builder() {}

        private Builder(ChatRequest r) {
            Prompt p = r.prompt;
            messages.addAll(p.messages);
            model = p.model;
            temperature = p.temperature;
            topP = p.topP;
            maxOutputTokens = p.maxOutputTokens;
            stop.addAll(p.stop);
            tools.addAll(p.tools);
            toolChoice = p.toolChoice;
            parallelToolCalls = p.parallelToolCalls;
            responseFormat = p.responseFormat;
            seed = p.seed;
            attempt = r.attempt;
            originCallId = r.context.callId();
            context = r.deadlineMillis == millis(r.context.deadlineOrNull()) ? r.context
                    : r.context.withDeadline(r.deadline().orElse(null));
        }

        private CallContext.Builder ctx() {
            if (context != null) {
                contextBuilder = context.toBuilder();
                context = null;
            }
            return contextBuilder;
        }

        /** Replaces the messages. */
        public Builder messages(List<? extends Message> messages) {
            this.messages.clear();
            messages.forEach(this::message);
            return this;
        }

        /** Appends a message. */
        public Builder message(Message message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** Appends a system message. */
        public Builder system(String text) {
            return message(new SystemMessage(text));
        }

        /** Appends a user message with one text part. */
        public Builder user(String text) {
            return message(UserMessage.of(text));
        }

        /** Overrides the model name; {@code null} keeps the model's default. */
        public Builder model(@Nullable String model) {
            this.model = model;
            return this;
        }

        /** Sampling temperature, 0 to 2; {@code null} for the provider's default. */
        public Builder temperature(@Nullable Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Nucleus sampling; {@code null} for the provider's default. */
        public Builder topP(@Nullable Double topP) {
            this.topP = topP;
            return this;
        }

        /** The most tokens to generate; {@code null} for the provider's default. */
        public Builder maxOutputTokens(@Nullable Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        /** Replaces the stop sequences. */
        public Builder stop(List<String> stop) {
            this.stop.clear();
            stop.forEach(s -> this.stop.add(Objects.requireNonNull(s, "stop sequence")));
            return this;
        }

        /** Replaces the tools. */
        public Builder tools(List<ToolSpec> tools) {
            this.tools.clear();
            tools.forEach(this::tool);
            return this;
        }

        /** Appends a tool. */
        public Builder tool(ToolSpec tool) {
            tools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /** Whether and which tool to call. */
        public Builder toolChoice(ToolChoice toolChoice) {
            this.toolChoice = Objects.requireNonNull(toolChoice, "toolChoice");
            return this;
        }

        /** Allows or forbids several tool calls in one turn; {@code null} for the provider's default. */
        public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
            this.parallelToolCalls = parallelToolCalls;
            return this;
        }

        /** The answer's format. */
        public Builder responseFormat(ResponseFormat responseFormat) {
            this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat");
            return this;
        }

        /** A sampling seed; {@code null} for none. */
        public Builder seed(@Nullable Long seed) {
            this.seed = seed;
            return this;
        }

        /** Replaces the whole call context (a new call starts again at attempt 1 when its id differs). */
        public Builder context(CallContext context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /** The instant by which the whole call must finish; {@code null} for none. */
        public Builder deadline(@Nullable Instant deadline) {
            ctx().deadline(deadline);
            return this;
        }

        /** Adds a tag to the context. */
        public Builder tag(String tag) {
            ctx().tag(tag);
            return this;
        }

        /** Replaces the context's tags. */
        public Builder tags(Set<String> tags) {
            ctx().tags(tags);
            return this;
        }

        /** The tenant the call is made for; {@code null} for none. */
        public Builder tenant(@Nullable String tenant) {
            ctx().tenant(tenant);
            return this;
        }

        /**
         * The end user the call is made for (the context's user); {@code null} for none. Named apart from
         * {@link #user(String)}, which appends a user message.
         */
        public Builder endUser(@Nullable String user) {
            ctx().user(user);
            return this;
        }

        /** The key a budget is charged to; {@code null} for none. */
        public Builder budgetKey(@Nullable String budgetKey) {
            ctx().budgetKey(budgetKey);
            return this;
        }

        /** Sets an attribute of the context. */
        public Builder attribute(String key, String value) {
            ctx().attribute(key, value);
            return this;
        }

        /** Builds and validates the request. */
        public ChatRequest build() {
            Prompt prompt = new Prompt(this);
            CallContext ctx = context != null ? context : contextBuilder.build();
            int n = ctx.callId().equals(originCallId) ? attempt : 1;
            return new ChatRequest(prompt, ctx, millis(ctx.deadlineOrNull()), n);
        }
    }
}
