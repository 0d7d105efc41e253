package dev.llmkit.eval;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One case of a golden set: an input, what a good answer holds, where it should come from, and the checks that judge
 * an answer.
 *
 * @param id unique within its set
 * @param input the question or prompt
 * @param expected the expected output, for exact match and the judge's reference; may be null
 * @param facts phrases a good answer contains (the {@code contains} check's default)
 * @param sources expected source ids: a chunk id, a document id, a source ({@code rag.md}) or a source and the last
 *     part of its heading ({@code rag.md#Chunking})
 * @param checks the checks run on this case's output
 * @param tags free labels for slicing a report
 */
public record GoldenCase(String id, String input, @Nullable String expected, List<String> facts, List<String> sources,
        List<Check> checks, List<String> tags) {

    /** Validates and copies. */
    public GoldenCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
        if (id.isBlank() || input.isBlank()) {
            throw new IllegalArgumentException("a golden case needs a non-blank id and input");
        }
        facts = List.copyOf(facts);
        sources = List.copyOf(sources);
        checks = List.copyOf(checks);
        tags = List.copyOf(tags);
    }

    /** The expected output, if the case has one. */
    public Optional<String> expectedOutput() {
        return Optional.ofNullable(expected);
    }
}
