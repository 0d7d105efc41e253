package dev.llmkit.api.spi;

import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.Verdict;
import dev.llmkit.api.rag.Reranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plug-ins of every kind, registered in the test resources' META-INF/services. */
final class TestPlugins {
    private TestPlugins() {}

    /** Reverses the candidates' order. */
    public static final class ReverseReranker implements RerankerProvider {
        @Override
        public String name() {
            return "Reverse";
        }

        @Override
        public Reranker create(Map<String, String> properties) {
            return (query, candidates) -> {
                List<dev.llmkit.api.rag.ScoredChunk> out = new ArrayList<>(candidates);
                java.util.Collections.reverse(out);
                return List.copyOf(out);
            };
        }
    }

    /** One of two rerankers registered under the name {@code dup}. */
    public static final class DupOne implements RerankerProvider {
        @Override
        public String name() {
            return "dup";
        }

        @Override
        public Reranker create(Map<String, String> properties) {
            return (query, candidates) -> candidates;
        }
    }

    /** The other reranker registered under the name {@code dup}. */
    public static final class DupTwo implements RerankerProvider {
        @Override
        public String name() {
            return "dup";
        }

        @Override
        public Reranker create(Map<String, String> properties) {
            return (query, candidates) -> candidates;
        }
    }

    /** Blocks text containing the word in setting {@code word}. */
    public static final class BlockWord implements GuardrailProvider {
        @Override
        public String name() {
            return "block-word";
        }

        @Override
        public Guardrail create(Map<String, String> properties) {
            String word = properties.getOrDefault("word", "forbidden");
            return context -> context.text().contains(word) ? Verdict.block("contains " + word) : Verdict.pass();
        }
    }

    /** Counts whitespace-separated words. */
    public static final class Words implements TokenCounterProvider {
        @Override
        public String name() {
            return "words";
        }

        @Override
        public TokenCounter create(Map<String, String> properties) {
            return text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;
        }
    }

    /** A listener that only carries the {@code tag} setting it was created with. */
    record TaggedListener(String tag) implements ChatModelListener {
    }

    /** Creates {@link TaggedListener}s. */
    public static final class Tagged implements ListenerProvider {
        @Override
        public String name() {
            return "tagged";
        }

        @Override
        public ChatModelListener create(Map<String, String> properties) {
            return new TaggedListener(properties.getOrDefault("tag", "none"));
        }
    }
}
