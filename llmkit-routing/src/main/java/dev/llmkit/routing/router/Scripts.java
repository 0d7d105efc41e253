package dev.llmkit.routing.router;

import java.util.EnumMap;
import java.util.Map;

/** The dominant Unicode script of a text's letters. */
final class Scripts {
    private Scripts() {
    }

    /** The script most letters are in; {@code COMMON} for a text without letters. */
    static Character.UnicodeScript dominant(String text) {
        Map<Character.UnicodeScript, Integer> counts = new EnumMap<>(Character.UnicodeScript.class);
        Character.UnicodeScript best = Character.UnicodeScript.COMMON;
        int bestCount = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            int n = counts.merge(s, 1, Integer::sum);
            if (n > bestCount) {
                best = s;
                bestCount = n;
            }
        }
        return best;
    }
}
