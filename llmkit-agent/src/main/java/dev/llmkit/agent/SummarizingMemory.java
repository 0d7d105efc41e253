package dev.llmkit.agent;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Message;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps each session whole until it grows past {@code maxTokens}; then a model summarizes the older messages into one
 * note (facts, names, numbers, decisions, open questions) and the memory becomes that note plus the last
 * {@code keepLast} messages. A failed summary keeps the messages as they were (the next turn tries again), so no turn
 * is lost. Thread-safe per session when the store is.
 *
 * <pre>{@code
 * ChatMemory memory = SummarizingMemory.builder(cheapModel, MemoryStore.inMemory()).maxTokens(2000).keepLast(4).build();
 * }</pre>
 */
public final class SummarizingMemory extends StoredMemory {
    /** The note's opening words, so that it can be recognized and summarized again. */
    public static final String SUMMARY_PREFIX = "Summary of the earlier conversation: ";
    static final String INSTRUCTIONS = "Summarize the conversation below for your own later use, in at most 200"
            + " words. Keep every fact, name, number, decision and open question; drop pleasantries. Write only the"
            + " summary.";

    private final ChatModel model;
    private final int maxTokens;
    private final int keepLast;
    private final TokenCounter counter;

    private SummarizingMemory(Builder b) {
        super(b.store);
        this.model = b.model;
        this.maxTokens = b.maxTokens;
        this.keepLast = b.keepLast;
        this.counter = b.counter;
    }

    /** A builder summarizing with {@code model}, keeping messages in {@code store}. */
    public static Builder builder(ChatModel model, MemoryStore store) {
        return new Builder(model, store);
    }

    @Override
    List<Message> kept(String sessionId, List<Message> all) {
        if (counter.countMessages(all) > maxTokens && all.size() > keepLast) {
            List<Message> recent = MessageWindowMemory.Windows.fromUserTurn(all.subList(Math.max(0,
                    all.size() - keepLast), all.size()));
            List<Message> older = all.subList(0, all.size() - recent.size());
            StringBuilder text = new StringBuilder();
            for (Message m : older) {
                text.append(m instanceof SystemMessage ? "Note" : m.role().name().toLowerCase(java.util.Locale.ROOT))
                        .append(": ").append(m.text()).append('\n');
            }
            try {
                String summary = model.chat(ChatRequest.builder().system(INSTRUCTIONS).user(text.toString())
                        .temperature(0.0).build()).text().strip();
                List<Message> compacted = new ArrayList<>();
                compacted.add(Message.system(SUMMARY_PREFIX + summary));
                compacted.addAll(recent);
                return compacted;
            } catch (dev.llmkit.api.error.LlmException e) {
                org.slf4j.LoggerFactory.getLogger(SummarizingMemory.class).warn("Summarizing session {} failed; the"
                        + " memory keeps every message until the next turn: {}", sessionId, e.getMessage());
            }
        }
        return all;
    }

    /** Builds a {@link SummarizingMemory}. Not thread-safe. */
    public static final class Builder {
        private final ChatModel model;
        private final MemoryStore store;
        private int maxTokens = 2000;
        private int keepLast = 4;
        private TokenCounter counter = TokenCounter.estimator();

        private Builder(ChatModel model, MemoryStore store) {
            this.model = Objects.requireNonNull(model, "model");
            this.store = Objects.requireNonNull(store, "store");
        }

        /** Summarize when a session passes this many tokens (default 2000). */
        public Builder maxTokens(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("maxTokens must be at least 1, was " + tokens);
            }
            this.maxTokens = tokens;
            return this;
        }

        /** Messages kept word for word after a summary (default 4). */
        public Builder keepLast(int messages) {
            if (messages < 0) {
                throw new IllegalArgumentException("keepLast must not be negative, was " + messages);
            }
            this.keepLast = messages;
            return this;
        }

        /** Counts tokens (default the estimator). */
        public Builder counter(TokenCounter counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /** Builds the memory. */
        public SummarizingMemory build() {
            return new SummarizingMemory(this);
        }
    }
}
