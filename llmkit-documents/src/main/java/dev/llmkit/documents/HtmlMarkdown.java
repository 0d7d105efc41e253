package dev.llmkit.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Renders parsed HTML (a page, an EPUB chapter) as Markdown-style text: headings as {@code #} lines, paragraphs and
 * list items as blocks, {@code <pre>} fenced, and tables as rows under their header through {@link Tables}.
 */
final class HtmlMarkdown {
    private static final Set<String> DROPPED = Set.of("script", "style", "nav", "noscript", "template", "head", "svg",
            "iframe", "form", "button");

    private HtmlMarkdown() {}

    /** The text of {@code root}, blocks separated by blank lines. */
    static String render(Element root) {
        List<String> blocks = new ArrayList<>();
        walk(root, blocks);
        return String.join("\n\n", blocks);
    }

    private static void walk(Element e, List<String> blocks) {
        String tag = e.normalName();
        if (DROPPED.contains(tag)) {
            return;
        }
        if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
            add(blocks, "#".repeat(tag.charAt(1) - '0') + " " + e.text());
            return;
        }
        if (tag.equals("pre")) {
            String code = e.wholeText().strip();
            if (!code.isEmpty()) {
                blocks.add("```\n" + code + "\n```");
            }
            return;
        }
        if (tag.equals("table")) {
            String table = Tables.markdown(rows(e));
            if (!table.isEmpty()) {
                blocks.add(table);
            }
            return;
        }
        StringBuilder inline = new StringBuilder();
        for (Node n : e.childNodes()) {
            if (n instanceof TextNode t) {
                inline.append(t.text());
            } else if (n instanceof Element c) {
                if (c.normalName().equals("br")) {
                    inline.append(' ');
                } else if (c.isBlock() || c.normalName().equals("table")) {
                    add(blocks, inline.toString());
                    inline.setLength(0);
                    walk(c, blocks);
                } else if (!DROPPED.contains(c.normalName())) {
                    inline.append(c.text());
                }
            }
        }
        add(blocks, inline.toString());
    }

    /** The rows of a table, header first; a nested table's text stays in its cell. */
    private static List<List<String>> rows(Element table) {
        List<List<String>> rows = new ArrayList<>();
        for (Element tr : table.select("tr")) {
            if (tr.closest("table") != table) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (Element cell : tr.children()) {
                if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
                    cells.add(cell.text());
                }
            }
            if (!cells.isEmpty()) {
                rows.add(cells);
            }
        }
        return rows;
    }

    private static void add(List<String> blocks, String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        if (!t.isEmpty() && !t.equals("#")) {
            blocks.add(t);
        }
    }
}
