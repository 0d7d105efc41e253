package dev.llmkit.documents;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;

/**
 * HTML pages through jsoup, in place of the folder loader's built-in reader: the same text, headings and title, and
 * tables rendered as Markdown rows under their header (the built-in reader flattens them). One document per file;
 * metadata {@code title}, {@code author} and {@code format}. The charset comes from the page, UTF-8 by default.
 */
public final class HtmlParser implements DocumentParser {

    @Override
    public Set<String> extensions() {
        return Set.of("html", "htm", "xhtml");
    }

    @Override
    public boolean recognizes(Path file, byte[] head) {
        String start = new String(head, StandardCharsets.ISO_8859_1).strip().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctyp") || start.startsWith("<html");
    }

    @Override
    public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
        org.jsoup.nodes.Document page;
        try {
            page = Jsoup.parse(file.toFile(), null);
        } catch (IOException e) {
            throw new Unreadable("cannot be read (" + e.getMessage() + ")", e);
        }
        String text = HtmlMarkdown.render(page.body());
        if (text.isBlank()) {
            throw new Unreadable("has no text");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "html");
        String title = page.title().isBlank() ? page.select("h1").text() : page.title();
        ParserSupport.put(meta, "title", title.isBlank() ? file.getFileName().toString() : title);
        ParserSupport.put(meta, "author", page.select("meta[name=author]").attr("content"));
        return List.of(new Document(idPrefix + source, text, source, meta));
    }

    @Override
    public String toString() {
        return "HtmlParser";
    }
}
