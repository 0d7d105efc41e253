package dev.llmkit.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One chat call: the conversation and the generation settings. Immutable; change a copy through
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *         .system("Answer in one sentence.")
 *         .user("What is a circuit breaker?")
 *         .maxOutputTokens(200)
 *         .tag("faq")
 *         .attribute(ChatRequest.ATTR_TENANT, "acme")
 *         .build();
 * }</pre>
 *
 * @param messages the conversation so far; not empty, unmodifiable
 * @param model a model name that overrides the model's configured default (e.g. a deployment name)
 * @param temperature sampling temperature, 0 to 2
 * @param topP nucleus sampling, greater than 0 and at most 1
 * @param maxOutputTokens the most tokens the model may generate, at least 1
 * @param stop sequences that end generation; unmodifiable
 * @param tools the tools the model may call; unmodifiable
 * @param toolChoice whether and which tool to call
 * @param responseFormat text, JSON object or JSON schema
 * @param seed a seed for reproducible sampling where the provider supports it
 * @param deadline the instant by which the whole call, retries included, must finish
 * @param tags labels for routing and accounting (e.g. {@code "simple"}); unmodifiable
 * @param attributes key-value context such as tenant and user, for routing, limits and listeners; unmodifiable
 */
public record ChatRequest(
        List<Message> messages,
        Optional<String> model,
        Optional<Double> temperature,
        Optional<Double> topP,
        Optional<Integer> maxOutputTokens,
        List<String> stop,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        ResponseFormat responseFormat,
        Optional<Long> seed,
        Optional<Instant> deadline,
        Set<String> tags,
        Map<String, String> attributes) {

    /** Attribute key for the tenant a call is made for. */
    public static final String ATTR_TENANT = "tenant";
    /** Attribute key for the end user a call is made for. */
    public static final String ATTR_USER = "user";

    /** Validates and copies. */
    public ChatRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("ChatRequest needs at least one message; add one with builder().user(...)");
        }
        Objects.requireNonNull(model, "model");
        model.ifPresent(m -> {
            if (m.isBlank()) {
                throw new IllegalArgumentException("model must not be blank; leave it empty to use the model's default");
            }
        });
        Objects.requireNonNull(temperature, "temperature");
        temperature.ifPresent(t -> {
            if (!(t >= 0.0 && t <= 2.0)) {
                throw new IllegalArgumentException("temperature must be between 0 and 2, got " + t);
            }
        });
        Objects.requireNonNull(topP, "topP");
        topP.ifPresent(p -> {
            if (!(p > 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("topP must be greater than 0 and at most 1, got " + p);
            }
        });
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        maxOutputTokens.ifPresent(n -> {
            if (n < 1) {
                throw new IllegalArgumentException("maxOutputTokens must be at least 1, got " + n);
            }
        });
        stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
        tools = List.copyOf(Objects.requireNonNull(tools, "tools"));
        Objects.requireNonNull(toolChoice, "toolChoice");
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
        Objects.requireNonNull(responseFormat, "responseFormat");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(deadline, "deadline");
        tags = Set.copyOf(Objects.requireNonNull(tags, "tags"));
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
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
     * This request with another deadline, every other value shared (cheaper than {@link #toBuilder()}: decorators
     * that tighten the deadline call it per request).
     */
    public ChatRequest withDeadline(Instant deadline) {
        return new ChatRequest(messages, model, temperature, topP, maxOutputTokens, stop, tools, toolChoice,
                responseFormat, seed, Optional.of(deadline), tags, attributes);
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

    /** An attribute's value. */
    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
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
        private ResponseFormat responseFormat = ResponseFormat.TEXT;
        private @Nullable Long seed;
        private @Nullable Instant deadline;
        private final Set<String> tags = new LinkedHashSet<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder() {}

        private Builder(ChatRequest r) {
            messages.addAll(r.messages);
            model = r.model.orElse(null);
            temperature = r.temperature.orElse(null);
            topP = r.topP.orElse(null);
            maxOutputTokens = r.maxOutputTokens.orElse(null);
            stop.addAll(r.stop);
            tools.addAll(r.tools);
            toolChoice = r.toolChoice;
            responseFormat = r.responseFormat;
            seed = r.seed.orElse(null);
            deadline = r.deadline.orElse(null);
            tags.addAll(r.tags);
            attributes.putAll(r.attributes);
        }

        /** Replaces the messages. */
        public Builder messages(List<? extends Message> messages) {
            this.messages.clear();
            this.messages.addAll(messages);
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
            this.stop.addAll(stop);
            return this;
        }

        /** Replaces the tools. */
        public Builder tools(List<ToolSpec> tools) {
            this.tools.clear();
            this.tools.addAll(tools);
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

        /** The instant by which the whole call must finish; {@code null} for none. */
        public Builder deadline(@Nullable Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Adds a tag. */
        public Builder tag(String tag) {
            tags.add(Objects.requireNonNull(tag, "tag"));
            return this;
        }

        /** Replaces the tags. */
        public Builder tags(Set<String> tags) {
            this.tags.clear();
            this.tags.addAll(tags);
            return this;
        }

        /** Sets an attribute, e.g. {@link #ATTR_TENANT}. */
        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Builds and validates the request. */
        public ChatRequest build() {
            return new ChatRequest(messages, Optional.ofNullable(model), Optional.ofNullable(temperature),
                    Optional.ofNullable(topP), Optional.ofNullable(maxOutputTokens), stop, tools, toolChoice,
                    responseFormat, Optional.ofNullable(seed), Optional.ofNullable(deadline), tags, attributes);
        }
    }
}
