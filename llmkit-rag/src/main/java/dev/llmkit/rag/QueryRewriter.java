package dev.llmkit.rag;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Retriever;
import dev.llmkit.api.rag.ScoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Query rewriting through any {@link ChatModel}, as retrievers that wrap another:
 * <ul>
 *   <li>{@link #multiQuery}: asks for {@code n} rephrasings, retrieves for the original and each, and fuses the lists
 *       with reciprocal rank fusion — recall for questions phrased unlike the documents;</li>
 *   <li>{@link #hyde}: asks for a short hypothetical answer and retrieves with the question plus that answer
 *       (HyDE: the answer's wording is closer to the passages' than the question's).</li>
 * </ul>
 * If the model fails, both fall back to the original query.
 */
public final class QueryRewriter {
    private QueryRewriter() {}

    /** A retriever that fuses results for the query and {@code n} model-written rephrasings. */
    public static Retriever multiQuery(ChatModel model, Retriever retriever, int n) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(retriever, "retriever");
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        return query -> {
            List<String> texts = new ArrayList<>();
            texts.add(query.text());
            try {
                String answer = model.chat(ChatRequest.builder().user("Write " + n + " different rephrasings of this"
                        + " search query, one per line, without numbering:\n" + query.text()).build()).text();
                answer.lines().map(l -> l.replaceFirst("^\\s*(\\d+[.)]|[-*])\\s*", "").strip())
                        .filter(l -> !l.isEmpty()).limit(n).forEach(texts::add);
            } catch (dev.llmkit.api.error.LlmException e) {
                // keep the original query only
            }
            List<List<ScoredChunk>> lists = new ArrayList<>();
            for (String t : texts) {
                lists.add(retriever.retrieve(query.withText(t)));
            }
            List<ScoredChunk> fused = Fusion.rrf(lists, Fusion.DEFAULT_RRF_K);
            return fused.size() <= query.topK() ? fused : List.copyOf(fused.subList(0, query.topK()));
        };
    }

    /** A retriever that searches with the question plus a model-written hypothetical answer. */
    public static Retriever hyde(ChatModel model, Retriever retriever) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(retriever, "retriever");
        return query -> {
            String text = query.text();
            try {
                String passage = model.chat(ChatRequest.builder().user("Write a short passage that answers: "
                        + query.text()).maxOutputTokens(200).build()).text();
                if (!passage.isBlank()) {
                    text = query.text() + "\n" + passage;
                }
            } catch (dev.llmkit.api.error.LlmException e) {
                // search with the question alone
            }
            return retriever.retrieve(query.withText(text));
        };
    }
}
