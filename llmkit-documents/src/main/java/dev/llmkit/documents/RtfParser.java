package dev.llmkit.documents;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.swing.text.BadLocationException;
import javax.swing.text.DefaultStyledDocument;
import javax.swing.text.rtf.RTFEditorKit;

/**
 * Rich Text Format through the JDK's RTF reader: the text, paragraph by paragraph, as one document. Tables come out as
 * their cell text (the JDK reader keeps no table structure); pictures and embedded objects are dropped.
 */
public final class RtfParser implements DocumentParser {

    @Override
    public Set<String> extensions() {
        return Set.of("rtf");
    }

    @Override
    public boolean recognizes(Path file, byte[] head) {
        return new String(head, StandardCharsets.ISO_8859_1).startsWith("{\\rtf");
    }

    @Override
    public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
        DefaultStyledDocument doc = new DefaultStyledDocument();
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(5);
            if (!recognizes(file, head)) {
                throw new Unreadable("is not an RTF file (it does not start with {\\rtf)");
            }
        } catch (IOException e) {
            throw new Unreadable("cannot be read (" + e.getMessage() + ")", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            new RTFEditorKit().read(in, doc, 0);
            text = doc.getText(0, doc.getLength());
        } catch (IOException | BadLocationException | RuntimeException e) {
            throw new Unreadable("is not a readable RTF file (" + e + ")", e);
        }
        String cleaned = text.replace('\u00a0', ' ').replaceAll("[ \\t]+", " ").replaceAll(" *\\n *", "\n")
                .replaceAll("\\n+", "\n\n").strip();
        if (cleaned.isEmpty()) {
            throw new Unreadable("has no text");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "rtf");
        meta.put("title", file.getFileName().toString());
        return List.of(new Document(idPrefix + source, cleaned, source, meta));
    }

    @Override
    public String toString() {
        return "RtfParser";
    }
}
