package dev.llmkit.documents;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF through Apache PDFBox: one document per page with text, its source {@code report.pdf p. 12} so that citations
 * name the page, and metadata {@code page}, {@code pages}, {@code title}, {@code author}, {@code created} and
 * {@code modified} where the file says. Text is read in reading order (table rows stay on their lines). An encrypted
 * file that needs a password, a corrupt file and one with more pages than allowed are reported as unreadable.
 *
 * <p>A page without a text layer (a scan) is rendered at 300 dpi and read by {@link Ocr} when Tesseract is installed;
 * its metadata then has {@code ocr=tesseract}. Without Tesseract such pages are left out, and a file with no text at
 * all is unreadable with a reason that says how to enable OCR.
 */
public final class PdfParser implements DocumentParser {
    private static final float OCR_DPI = 300;
    /** The most pixels a page is rendered with for OCR (a letter page at 300 dpi has 8.4 million). */
    static final double MAX_PIXELS = 40_000_000;

    private final Ocr ocr;

    /** With OCR as the environment says ({@link Ocr#fromEnvironment()}); the constructor {@code ServiceLoader} uses. */
    public PdfParser() {
        this(Ocr.fromEnvironment());
    }

    /** With {@code ocr} for scanned pages. */
    public PdfParser(Ocr ocr) {
        this.ocr = Objects.requireNonNull(ocr, "ocr");
    }

    @Override
    public Set<String> extensions() {
        return Set.of("pdf");
    }

    @Override
    public boolean recognizes(Path file, byte[] head) {
        return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF-");
    }

    @Override
    public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            int pages = pdf.getNumberOfPages();
            if (pages > maxPages) {
                throw new Unreadable("has " + pages + " pages, more than the limit of " + maxPages);
            }
            if (pdf.isEncrypted() && !pdf.getCurrentAccessPermission().canExtractContent()) {
                throw new Unreadable("is encrypted and forbids text extraction");
            }
            Map<String, String> meta = metadata(pdf.getDocumentInformation(), pages);
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            List<Document> out = new ArrayList<>();
            int scanned = 0;
            String ocrFailure = null;
            List<Integer> leftOut = new ArrayList<>();
            for (int p = 1; p <= pages; p++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Unreadable("parsing was stopped");
                }
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                String text = stripper.getText(pdf).strip();
                boolean ocred = false;
                if (text.isEmpty() && !hasImages(pdf.getPage(p - 1))) {
                    continue; // a blank page: nothing to read
                }
                if (text.isEmpty()) {
                    scanned++;
                    if (!ocr.available()) {
                        leftOut.add(p);
                        continue;
                    }
                    try {
                        text = ocr.read(render(pdf, p - 1));
                    } catch (Unreadable e) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw e;
                        }
                        ocrFailure = "page " + p + " " + e.getMessage(); // the other pages still count
                        leftOut.add(p);
                        continue;
                    }
                    ocred = true;
                    if (text.isEmpty()) {
                        continue;
                    }
                }
                String pageSource = source + " p. " + p;
                Map<String, String> m = new LinkedHashMap<>(meta);
                m.put("page", Integer.toString(p));
                if (ocred) {
                    m.put("ocr", "tesseract");
                    m.put("ocr_language", ocr.language());
                }
                out.add(new Document(idPrefix + pageSource, text, pageSource, m));
            }
            if (out.isEmpty()) {
                throw new Unreadable(scanned == 0 ? "has no text"
                        : ocrFailure != null ? "has only scanned pages, and OCR failed: " + ocrFailure
                        : ocr.available() ? "has only scanned pages and OCR found no text on them"
                        : "has only scanned pages without a text layer; " + ocr.howToEnable());
            }
            if (!leftOut.isEmpty()) {
                String pagesLeft = leftOut.stream().limit(20).map(String::valueOf).collect(Collectors.joining(", "));
                throw new PartlyRead(leftOut.size() + " scanned page(s) without a text layer were left out (p. "
                        + pagesLeft + (leftOut.size() > 20 ? ", ..." : "") + "): "
                        + (ocrFailure != null ? "OCR failed: " + ocrFailure : ocr.howToEnable()), out);
            }
            return out;
        } catch (InvalidPasswordException e) {
            throw new Unreadable("is encrypted with a password; decrypt it first", e);
        } catch (IOException e) {
            throw new Unreadable("is not a readable PDF (" + e.getMessage() + ")", e);
        }
    }

    /** A page as a gray image for OCR: 300 dpi, less for a page so large it would pass {@link #MAX_PIXELS}. */
    private static BufferedImage render(PDDocument pdf, int index) throws IOException {
        PDRectangle box = pdf.getPage(index).getCropBox();
        double squareInches = (box.getWidth() / 72.0) * (box.getHeight() / 72.0);
        float dpi = (float) Math.min(OCR_DPI, Math.sqrt(MAX_PIXELS / Math.max(squareInches, 1e-6)));
        if (dpi < 72) {
            throw new Unreadable("is " + Math.round(box.getWidth() / 72) + " by " + Math.round(box.getHeight() / 72)
                    + " inches, too large to render for OCR");
        }
        return new PDFRenderer(pdf).renderImageWithDPI(index, dpi, ImageType.GRAY);
    }

    private static boolean hasImages(PDPage page) {
        PDResources r = page.getResources();
        return r != null && r.getXObjectNames().iterator().hasNext();
    }

    private static Map<String, String> metadata(PDDocumentInformation info, int pages) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pdf");
        m.put("pages", Integer.toString(pages));
        if (info != null) {
            ParserSupport.put(m, "title", info.getTitle());
            ParserSupport.put(m, "author", info.getAuthor());
            ParserSupport.put(m, "created", date(info.getCreationDate()));
            ParserSupport.put(m, "modified", date(info.getModificationDate()));
        }
        return m;
    }

    private static @org.jspecify.annotations.Nullable String date(@org.jspecify.annotations.Nullable Calendar c) {
        return c == null ? null : DateTimeFormatter.ISO_INSTANT.format(c.toInstant());
    }

    @Override
    public String toString() {
        return "PdfParser[" + ocr + "]";
    }
}
