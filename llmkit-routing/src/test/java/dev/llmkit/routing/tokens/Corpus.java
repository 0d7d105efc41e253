package dev.llmkit.routing.tokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The test corpus {@code tokens/corpus.txt}: samples grouped by kind ({@code ## kind} headers). */
final class Corpus {
    private Corpus() {}

    /** Samples by kind, in file order. */
    static Map<String, List<String>> byKind() {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        String kind = "unsorted";
        for (String line : lines()) {
            if (line.startsWith("## ")) {
                kind = line.substring(3).strip();
            } else if (!line.startsWith("# ") && !line.isBlank()) {
                kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(line);
            }
        }
        return kinds;
    }

    /** Every sample. */
    static List<String> samples() {
        return byKind().values().stream().flatMap(List::stream).toList();
    }

    private static List<String> lines() {
        try (InputStream in = Corpus.class.getResourceAsStream("/tokens/corpus.txt")) {
            if (in == null) {
                throw new IllegalStateException("tokens/corpus.txt is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
