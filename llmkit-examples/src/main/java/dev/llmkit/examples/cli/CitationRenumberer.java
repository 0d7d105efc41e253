package dev.llmkit.examples.cli;

import dev.llmkit.rag.Citation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renumbers citations in streamed text so they count 1, 2, 3 in order of first use and match the sources listed
 * after the answer, which are only the cited ones. Tokens may split a marker ({@code "[", "3", "]"}); text that could
 * still become a marker is held back until it is decided, at most a few characters. Markers naming no source
 * ({@code [7]} with six sources, {@code [x]}) pass through unchanged.
 */
final class CitationRenumberer {
    private static final int MAX_PENDING = 16;

    private final List<Citation> sources;
    private final Map<Integer, Integer> renumbered = new LinkedHashMap<>();
    private final StringBuilder pending = new StringBuilder();

    /** For text citing {@code sources} by their {@link Citation#number()}. */
    CitationRenumberer(List<Citation> sources) {
        this.sources = sources;
    }

    /** Takes the next piece of text and returns what can be shown now. */
    String accept(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (pending.length() == 0) {
                if (c == '[') {
                    pending.append(c);
                } else {
                    out.append(c);
                }
            } else if (c == ']') {
                pending.append(c);
                out.append(resolve(pending.toString()));
                pending.setLength(0);
            } else if ((Character.isDigit(c) || c == ',' || c == ' ') && pending.length() < MAX_PENDING) {
                pending.append(c);
            } else {
                out.append(pending);
                pending.setLength(0);
                i--; // look at c again outside a marker ('[' may start a new one)
            }
        }
        return out.toString();
    }

    /** The held-back text at the end of the stream. */
    String finish() {
        String rest = pending.toString();
        pending.setLength(0);
        return rest;
    }

    /** Renumbers a whole text at once. */
    String apply(String text) {
        return accept(text) + finish();
    }

    /** The cited sources, renumbered in order of first citation. */
    List<Citation> cited() {
        List<Citation> out = new ArrayList<>();
        renumbered.forEach((old, now) -> {
            Citation c = sources.get(old - 1);
            out.add(new Citation(now, c.source(), c.position(), c.heading(), c.chunk()));
        });
        return out;
    }

    /** The new number for the source numbered {@code old}, assigning the next one on first use. */
    int number(int old) {
        return renumbered.computeIfAbsent(old, k -> renumbered.size() + 1);
    }

    private String resolve(String marker) {
        String inner = marker.substring(1, marker.length() - 1);
        String[] parts = inner.split(",", -1);
        List<Integer> numbers = new ArrayList<>();
        for (String p : parts) {
            String s = p.strip();
            if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
                return marker;
            }
            int n = Integer.parseInt(s);
            if (n < 1 || n > sources.size()) {
                return marker;
            }
            numbers.add(n);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < numbers.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(number(numbers.get(i)));
        }
        return sb.append(']').toString();
    }
}
