package dev.llmkit.api;

import dev.llmkit.api.internal.PromptHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
    private final List<Message> messages;
    private final @Nullable String model;
    private final @Nullable Double temperature;
    private final @Nullable Double topP;
    private final @Nullable Integer maxOutputTokens;
    private final List<String> stop;
    private final List<ToolSpec> tools;
    private final ToolChoice toolChoice;
    private final @Nullable Boolean parallelToolCalls;
    private final ResponseFormat responseFormat;
    private final @Nullable Long seed;
    private final CallContext context;
    private volatile @Nullable String contentHash;

    private ChatRequest(Builder b) {
        messages = List.copyOf(b.messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("ChatRequest needs at least one message; add one with builder().user(...)");
        }
        model = b.model;
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank; leave it empty to use the model's default");
        }
        temperature = b.temperature;
        if (temperature != null && !(temperature >= 0.0 && temperature <= 2.0)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
        }
        topP = b.topP;
        if (topP != null && !(topP > 0.0 && topP <= 1.0)) {
            throw new IllegalArgumentException("topP must be greater than 0 and at most 1, got " + topP);
        }
        maxOutputTokens = b.maxOutputTokens;
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be at least 1, got " + maxOutputTokens);
        }
        stop = List.copyOf(b.stop);
        tools = List.copyOf(b.tools);
        toolChoice = b.toolChoice;
        if (tools.isEmpty() && (toolChoice.mode() == ToolChoice.Mode.REQUIRED
                || toolChoice.mode() == ToolChoice.Mode.SPECIFIC)) {
            throw new IllegalArgumentException("toolChoice " + toolChoice.mode() + " needs at least one tool");
        }
        if (!tools.isEmpty()) {
            Set<String> toolNames = new LinkedHashSet<>();
            for (ToolSpec t : tools) {
                if (!toolNames.add(t.name())) {
                    throw new IllegalArgumentException("two tools are named '" + t.name()
                            + "'; tool names must be unique");
                }
            }
            if (toolChoice.toolName().isPresent() && !toolNames.contains(toolChoice.toolName().get())) {
                throw new IllegalArgumentException("toolChoice names tool '" + toolChoice.toolName().get()
                        + "', which is not among the tools");
            }
        }
        parallelToolCalls = b.parallelToolCalls;
        if (parallelToolCalls != null && tools.isEmpty()) {
            throw new IllegalArgumentException("parallelToolCalls is set but the request has no tools");
        }
        responseFormat = b.responseFormat;
        seed = b.seed;
        context = b.context != null ? b.context : b.contextBuilder.build();
    }

    private ChatRequest(ChatRequest r, CallContext context) {
        messages = r.messages;
        model = r.model;
        temperature = r.temperature;
        topP = r.topP;
        maxOutputTokens = r.maxOutputTokens;
        stop = r.stop;
        tools = r.tools;
        toolChoice = r.toolChoice;
        parallelToolCalls = r.parallelToolCalls;
        responseFormat = r.responseFormat;
        seed = r.seed;
        this.context = context;
        contentHash = r.contentHash;
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
     * This request with another deadline in its context, the prompt and every other value shared (cheaper than
     * {@link #toBuilder()}: decorators that tighten the deadline call it per request).
     */
    public ChatRequest withDeadline(Instant deadline) {
        return new ChatRequest(this, context.withDeadline(Objects.requireNonNull(deadline, "deadline")));
    }

    /** This request with another context, the prompt shared. */
    public ChatRequest withContext(CallContext context) {
        return new ChatRequest(this, Objects.requireNonNull(context, "context"));
    }

    /** This request for the call's next attempt ({@link CallContext#nextAttempt()}); retry, hedge and fallback use it. */
    public ChatRequest nextAttempt() {
        return new ChatRequest(this, context.nextAttempt());
    }

    /** The conversation so far; not empty, unmodifiable. */
    public List<Message> messages() {
        return messages;
    }

    /** A model name that overrides the model's configured default (e.g. a deployment name). */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** Sampling temperature, 0 to 2. */
    public Optional<Double> temperature() {
        return Optional.ofNullable(temperature);
    }

    /** Nucleus sampling, greater than 0 and at most 1. */
    public Optional<Double> topP() {
        return Optional.ofNullable(topP);
    }

    /** The most tokens the model may generate, at least 1. */
    public Optional<Integer> maxOutputTokens() {
        return Optional.ofNullable(maxOutputTokens);
    }

    /** Sequences that end generation; unmodifiable. */
    public List<String> stop() {
        return stop;
    }

    /** The tools the model may call; unmodifiable. */
    public List<ToolSpec> tools() {
        return tools;
    }

    /** Whether and which tool to call. */
    public ToolChoice toolChoice() {
        return toolChoice;
    }

    /**
     * Whether the model may ask for several tool calls in one turn; empty for the provider's default. Providers that
     * cannot switch it off fail with an {@link dev.llmkit.api.error.InvalidRequestException} rather than ignore it.
     */
    public Optional<Boolean> parallelToolCalls() {
        return Optional.ofNullable(parallelToolCalls);
    }

    /** Text, JSON object or JSON schema. */
    public ResponseFormat responseFormat() {
        return responseFormat;
    }

    /** A seed for reproducible sampling where the provider supports it. */
    public Optional<Long> seed() {
        return Optional.ofNullable(seed);
    }

    /** Who the call is for and how it must run: call id, attempt, tenant, user, deadline, tags, budget key. */
    public CallContext context() {
        return context;
    }

    /** The context's deadline: the instant by which the whole call, retries included, must finish. */
    public Optional<Instant> deadline() {
        return context.deadline();
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
     * same for equal prompts in any JVM and unaffected by the context (deadline, call id, tenant, tags): a key for
     * response caches and deduplication. Computed once, on first use.
     */
    public String contentHash() {
        String h = contentHash;
        if (h == null) {
            h = PromptHash.of(this);
            contentHash = h;
        }
        return h;
    }

    /** The text of the last user message, or an empty string when there is none. */
    public String lastUserText() {
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

    /** Equal when prompt and context are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ChatRequest r && messages.equals(r.messages) && Objects.equals(model, r.model)
                && Objects.equals(temperature, r.temperature) && Objects.equals(topP, r.topP)
                && Objects.equals(maxOutputTokens, r.maxOutputTokens) && stop.equals(r.stop)
                && tools.equals(r.tools) && toolChoice.equals(r.toolChoice)
                && Objects.equals(parallelToolCalls, r.parallelToolCalls)
                && responseFormat.equals(r.responseFormat) && Objects.equals(seed, r.seed)
                && context.equals(r.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, model, temperature, topP, maxOutputTokens, stop, tools, toolChoice,
                parallelToolCalls, responseFormat, seed, context);
    }

    /** The shape of the request without its text, which may be private: safe to log. */
    @Override
    public String toString() {
        return "ChatRequest{messages=" + messages.size()
                + (model == null ? "" : ", model=" + model)
                + (tools.isEmpty() ? "" : ", tools=" + tools.stream().map(ToolSpec::name).toList())
                + (maxOutputTokens == null ? "" : ", maxOutputTokens=" + maxOutputTokens)
                + ", " + context + "}";
    }

    /** Builds a {@link ChatRequest}. Not thread-safe. */
    public static final class Builder {
        private final List<Message> messages = new ArrayList<>();
        private @Nullable String model;
        private @Nullable Double temperature;
        private @Nullable Double topP;
        private @Nullable Integer maxOutputTokens;
        private final List<String> stop = new ArrayList<>();
        private final List<ToolSpec> tools = new ArrayList<>();
        private ToolChoice toolChoice = ToolChoice.AUTO;
        private @Nullable Boolean parallelToolCalls;
        private ResponseFormat responseFormat = ResponseFormat.TEXT;
        private @Nullable Long seed;
        private @Nullable CallContext context;
        private CallContext.Builder contextBuilder = CallContext.builder();

        private Builder() {}

        private Builder(ChatRequest r) {
            messages.addAll(r.messages);
            model = r.model;
            temperature = r.temperature;
            topP = r.topP;
            maxOutputTokens = r.maxOutputTokens;
            stop.addAll(r.stop);
            tools.addAll(r.tools);
            toolChoice = r.toolChoice;
            parallelToolCalls = r.parallelToolCalls;
            responseFormat = r.responseFormat;
            seed = r.seed;
            context = r.context;
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

        /** Replaces the whole call context. */
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
            return new ChatRequest(this);
        }
    }
}
