package dev.llmkit.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.Reranker;
import dev.llmkit.api.rag.ScoredChunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reranks with any {@link ChatModel}: shows it the query and the top {@code n} candidates, numbered, and asks for the
 * numbers of the relevant ones, most relevant first, as JSON ({@code {"ranking": [3, 1, 2]}}). Candidates it leaves
 * out follow in their original order. If the model fails or answers malformed JSON, the original order is kept and a
 * WARN is logged: reranking is an improvement, never a new way to fail.
 */
public final class LlmReranker implements Reranker {
    private static final Logger LOG = LoggerFactory.getLogger(LlmReranker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatModel model;
    private final int topN;

    /** Reranks the top {@code topN} candidates with {@code model}. */
    public LlmReranker(ChatModel model, int topN) {
        this.model = Objects.requireNonNull(model, "model");
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be at least 1, got " + topN);
        }
        this.topN = topN;
    }

    @Override
    public List<ScoredChunk> rerank(Query query, List<ScoredChunk> candidates) {
        List<ScoredChunk> head = candidates.subList(0, Math.min(topN, candidates.size()));
        StringBuilder prompt = new StringBuilder("Query: ").append(query.text()).append("\n\nPassages:\n");
        for (int i = 0; i < head.size(); i++) {
            prompt.append('[').append(i + 1).append("] ").append(head.get(i).chunk().text().replace('\n', ' ')).append('\n');
        }
        prompt.append("\nAnswer with JSON {\"ranking\": [...]} listing the numbers of the passages relevant to the query,"
                + " most relevant first. Leave out irrelevant passages.");
        Set<Integer> order = new LinkedHashSet<>();
        try {
            String answer = model.chat(ChatRequest.builder().user(prompt.toString())
                    .responseFormat(ResponseFormat.JSON_OBJECT).temperature(0.0).build()).text();
            JsonNode ranking = JSON.readTree(answer).path("ranking");
            for (JsonNode n : ranking) {
                int i = n.asInt(-1) - 1;
                if (i >= 0 && i < head.size()) {
                    order.add(i);
                }
            }
        } catch (LlmException | IOException e) {
            LOG.warn("LLM reranking failed ({}); keeping the retriever's order", e.getMessage());
            return candidates;
        }
        for (int i = 0; i < head.size(); i++) {
            order.add(i);
        }
        List<ScoredChunk> out = new ArrayList<>(candidates.size());
        int rank = 0;
        for (int i : order) {
            out.add(head.get(i).withScore(candidates.size() - rank++));
        }
        for (int i = head.size(); i < candidates.size(); i++) {
            out.add(candidates.get(i).withScore(candidates.size() - rank++));
        }
        return out;
    }
}
