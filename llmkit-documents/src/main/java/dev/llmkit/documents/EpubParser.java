package dev.llmkit.documents;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * EPUB books: the chapters in reading order (the package's spine), one document per chapter with text, its source
 * {@code book.epub ch. 3} and metadata {@code chapter}, {@code title}, {@code author} and {@code created} from the
 * package. Chapters are XHTML, rendered like {@link HtmlParser} pages (tables as Markdown rows). A DRM-protected book,
 * a broken archive and one whose entries expand past {@link #MAX_EXPANDED_BYTES} are unreadable.
 */
public final class EpubParser implements DocumentParser {
    /** The most bytes all read entries together may expand to (256 MiB); more looks like a zip bomb. */
    public static final long MAX_EXPANDED_BYTES = 256L * 1024 * 1024;

    @Override
    public Set<String> extensions() {
        return Set.of("epub");
    }

    @Override
    public boolean recognizes(Path file, byte[] head) {
        if (!ParserSupport.isZip(head)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry mimetype = zip.getEntry("mimetype");
            if (mimetype == null) {
                return false;
            }
            try (InputStream in = zip.getInputStream(mimetype)) {
                return new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip().equals("application/epub+zip");
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            long[] budget = {MAX_EXPANDED_BYTES};
            ZipEntry encryption = zip.getEntry("META-INF/encryption.xml");
            if (encryption != null && drm(read(zip, encryption.getName(), budget))) {
                throw new Unreadable("is DRM-protected (META-INF/encryption.xml encrypts its content); llmkit reads"
                        + " open EPUBs only");
            }
            String container = read(zip, "META-INF/container.xml", budget);
            Element rootfile = Jsoup.parse(container, "", Parser.xmlParser()).selectFirst("rootfile[full-path]");
            if (rootfile == null) {
                throw new Unreadable("is not a readable EPUB (META-INF/container.xml names no package file)");
            }
            String opfPath = rootfile.attr("full-path");
            String base = opfPath.contains("/") ? opfPath.substring(0, opfPath.lastIndexOf('/') + 1) : "";
            org.jsoup.nodes.Document opf = Jsoup.parse(read(zip, opfPath, budget), "", Parser.xmlParser());
            Map<String, String> hrefs = new HashMap<>();
            for (Element item : opf.select("manifest > item")) {
                hrefs.put(item.attr("id"), item.attr("href"));
            }
            List<Element> spine = opf.select("spine > itemref");
            if (spine.size() > maxPages) {
                throw new Unreadable("has " + spine.size() + " chapters, more than the limit of " + maxPages);
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "epub");
            ParserSupport.put(meta, "title", opf.select("metadata > dc|title, metadata > title").text());
            ParserSupport.put(meta, "author", opf.select("metadata > dc|creator, metadata > creator").text());
            ParserSupport.put(meta, "created", opf.select("metadata > dc|date, metadata > date").text());
            List<Document> out = new ArrayList<>();
            int chapter = 0;
            for (Element ref : spine) {
                String href = hrefs.get(ref.attr("idref"));
                if (href == null) {
                    continue;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new Unreadable("parsing was stopped");
                }
                chapter++;
                String path = resolve(base, href);
                if (path == null || zip.getEntry(path) == null) {
                    continue; // a spine entry the archive lacks: the other chapters still count
                }
                String text = HtmlMarkdown.render(Jsoup.parse(read(zip, path, budget)).body());
                if (text.isBlank()) {
                    continue;
                }
                String chapterSource = source + " ch. " + chapter;
                Map<String, String> m = new LinkedHashMap<>(meta);
                m.put("chapter", Integer.toString(chapter));
                out.add(new Document(idPrefix + chapterSource, text, chapterSource, m));
            }
            if (out.isEmpty()) {
                throw new Unreadable("has no text in its chapters");
            }
            return out;
        } catch (ZipException e) {
            throw new Unreadable("is not a readable EPUB (a broken archive: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new Unreadable("cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Whether an {@code encryption.xml} encrypts content rather than only obfuscating fonts (IDPF and Adobe font
     * obfuscation, which DRM-free books use too).
     */
    static boolean drm(String encryptionXml) {
        for (Element method : Jsoup.parse(encryptionXml, "", Parser.xmlParser()).select("*")) {
            if (!method.normalName().endsWith("encryptionmethod")) {
                continue;
            }
            String algorithm = method.attr("Algorithm");
            if (!algorithm.equals("http://www.idpf.org/2008/embedding")
                    && !algorithm.equals("http://ns.adobe.com/pdf/enc#RC")) {
                return true;
            }
        }
        return false;
    }

    /** A spine href resolved against the package folder, percent-decoded, {@code ..} applied; null if malformed. */
    private static String resolve(String base, String href) {
        try {
            URI uri = new URI(null, null, "/" + base, null).resolve(new URI(href.replaceAll("#.*", "")));
            String path = uri.normalize().getPath();
            return path == null ? null : path.startsWith("/") ? path.substring(1) : path;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** One entry as UTF-8 text, counted against the expansion budget. */
    private static String read(ZipFile zip, String name, long[] budget) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new Unreadable("is not a readable EPUB (it lacks " + name + ")");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget[0] + 1));
            budget[0] -= bytes.length;
            if (budget[0] < 0) {
                throw new Unreadable("expands past " + MAX_EXPANDED_BYTES / (1024 * 1024) + " MiB; it looks like a"
                        + " zip bomb");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return "EpubParser";
    }
}
