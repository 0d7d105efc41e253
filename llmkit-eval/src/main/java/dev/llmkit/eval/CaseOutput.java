package dev.llmkit.eval;

import dev.llmkit.api.Usage;
import dev.llmkit.api.rag.ScoredChunk;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a target produced for one case.
 *
 * @param answer the answer text ({@code ""} for a retrieval-only target)
 * @param retrieved the chunks retrieved, best first (empty when the target does not retrieve)
 * @param cited the chunks the answer cites (faithfulness is judged against them; empty means the retrieved ones)
 * @param usage tokens the case spent
 * @param cost what the case cost, when known
 * @param latency how long the case took
 */
public record CaseOutput(String answer, List<ScoredChunk> retrieved, List<ScoredChunk> cited, Usage usage,
        @Nullable BigDecimal cost, Duration latency) {

    /** Validates and copies. */
    public CaseOutput {
        Objects.requireNonNull(answer, "answer");
        retrieved = List.copyOf(retrieved);
        cited = List.copyOf(cited);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(latency, "latency");
    }

    /** An answer with no retrieval. */
    public static CaseOutput answer(String answer, Usage usage, @Nullable BigDecimal cost, Duration latency) {
        return new CaseOutput(answer, List.of(), List.of(), usage, cost, latency);
    }

    /** The cost, when known. */
    public Optional<BigDecimal> knownCost() {
        return Optional.ofNullable(cost);
    }

    /** The chunks faithfulness is judged against: the cited ones, else the retrieved ones. */
    public List<ScoredChunk> evidence() {
        return cited.isEmpty() ? retrieved : cited;
    }
}
