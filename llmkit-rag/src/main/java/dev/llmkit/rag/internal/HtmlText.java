package dev.llmkit.rag.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Extracts readable text and the title from HTML, keeping headings and paragraphs on their own lines. */
public final class HtmlText {
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern DROP = Pattern.compile("(?is)<(script|style|head|nav|noscript)[^>]*>.*?</\\1>");
    private static final Pattern HEADING = Pattern.compile("(?is)<h([1-6])[^>]*>(.*?)</h\\1>");
    private static final Pattern BLOCK = Pattern.compile("(?i)</?(p|div|br|li|ul|ol|tr|table|section|article|pre)[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]+>");

    private HtmlText() {}

    /**
     * The text and title of a page.
     *
     * @param text readable text with Markdown-style headings
     * @param title the {@code <title>}, if any
     */
    public record Parsed(String text, @Nullable String title) {
    }

    /** Parses a page. */
    public static Parsed parse(String html) {
        Matcher t = TITLE.matcher(html);
        String title = t.find() ? unescape(TAG.matcher(t.group(1)).replaceAll("")).trim() : null;
        String s = DROP.matcher(html).replaceAll(" ");
        Matcher h = HEADING.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (h.find()) {
            String level = "#".repeat(Integer.parseInt(h.group(1)));
            h.appendReplacement(sb, Matcher.quoteReplacement("\n\n" + level + " "
                    + TAG.matcher(h.group(2)).replaceAll("").trim() + "\n\n"));
        }
        h.appendTail(sb);
        s = BLOCK.matcher(sb).replaceAll("\n\n");
        s = unescape(TAG.matcher(s).replaceAll(""));
        s = s.replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\\n *", "\n").replaceAll("\\n{3,}", "\n\n").trim();
        return new Parsed(s, title);
    }

    private static String unescape(String s) {
        return s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
