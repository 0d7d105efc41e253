package dev.llmkit.benchmarks.documents;

import dev.llmkit.api.rag.DocumentParser;
import dev.llmkit.documents.CsvParser;
import dev.llmkit.documents.EpubParser;
import dev.llmkit.documents.HtmlParser;
import dev.llmkit.documents.OfficeParser;
import dev.llmkit.documents.Ocr;
import dev.llmkit.documents.PdfParser;
import dev.llmkit.documents.RtfParser;
import dev.llmkit.rag.FolderLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.swing.text.DefaultStyledDocument;
import javax.swing.text.rtf.RTFEditorKit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loading one file of the same content in each format through {@link FolderLoader} and llmkit-documents' parsers:
 * 20 pages (slides, sheets, chapters), each a heading, a 120-word paragraph and a 10-row table, about 30 kB of text.
 * Markdown is the baseline (the loader's own text path). Embedding, the same per chunk for every format, is not
 * included. OCR is off (no scanned pages).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DocumentParseBenchmark {
    static final int PAGES = 20;

    @Param({"md", "html", "pdf", "docx", "pptx", "xlsx", "csv", "epub", "rtf"})
    public String format;

    private Path dir;
    private FolderLoader loader;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("llmkit-parse-bench");
        write(format, dir.resolve("doc." + format));
        List<DocumentParser> parsers = List.of(new PdfParser(Ocr.tesseract("llmkit-ocr-off", "eng",
                Duration.ofSeconds(1))), new OfficeParser(), new CsvParser(), new HtmlParser(), new EpubParser(),
                new RtfParser());
        loader = FolderLoader.builder().parsers(format.equals("md") ? List.of() : parsers).build();
        FolderLoader.Result r = loader.load(dir, "bench");
        if (r.documents().isEmpty() || !r.skipped().isEmpty()) {
            throw new IllegalStateException(format + " did not load: " + r.skipped());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public int load() {
        return loader.load(dir, "bench").documents().size();
    }

    static String paragraph(int page) {
        StringBuilder sb = new StringBuilder();
        String[] words = {"invoice", "policy", "travel", "budget", "approval", "quarter", "supplier", "refund",
            "contract", "office", "payment", "review"};
        for (int w = 0; w < 120; w++) {
            sb.append(words[(page * 7 + w * 5) % words.length]).append(w % 15 == 14 ? ". " : " ");
        }
        return sb.toString().strip();
    }

    static List<List<String>> table(int page) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Item", "Region", "Amount"));
        for (int r = 0; r < 10; r++) {
            rows.add(List.of("Item " + page + "-" + r, "Region " + (r % 4), (100 + page * 10 + r) + " EUR"));
        }
        return rows;
    }

    static void write(String format, Path file) throws Exception {
        switch (format) {
            case "md" -> Files.writeString(file, markdown());
            case "csv" -> {
                StringBuilder sb = new StringBuilder("Item,Region,Amount\n");
                for (int p = 0; p < PAGES; p++) {
                    for (List<String> row : table(p).subList(1, 11)) {
                        sb.append(String.join(",", row)).append('\n');
                    }
                }
                Files.writeString(file, sb);
            }
            case "html" -> Files.writeString(file, html(0, PAGES));
            case "epub" -> epub(file);
            case "rtf" -> {
                DefaultStyledDocument doc = new DefaultStyledDocument();
                doc.insertString(0, markdown(), null);
                try (OutputStream out = Files.newOutputStream(file)) {
                    new RTFEditorKit().write(out, doc, 0, doc.getLength());
                }
            }
            case "pdf" -> pdf(file);
            case "docx" -> docx(file);
            case "pptx" -> pptx(file);
            case "xlsx" -> xlsx(file);
            default -> throw new IllegalArgumentException(format);
        }
    }

    private static String markdown() {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < PAGES; p++) {
            sb.append("# Section ").append(p).append("\n\n").append(paragraph(p)).append("\n\n");
            for (List<String> row : table(p)) {
                sb.append("| ").append(String.join(" | ", row)).append(" |\n");
                if (row.get(0).equals("Item")) {
                    sb.append("| --- | --- | --- |\n");
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String html(int from, int to) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><title>Report</title></head><body>");
        for (int p = from; p < to; p++) {
            sb.append("<h1>Section ").append(p).append("</h1><p>").append(paragraph(p)).append("</p><table>");
            for (List<String> row : table(p)) {
                sb.append("<tr>");
                row.forEach(c -> sb.append("<td>").append(c).append("</td>"));
                sb.append("</tr>");
            }
            sb.append("</table>");
        }
        return sb.append("</body></html>").toString();
    }

    private static void epub(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "mimetype", "application/epub+zip");
            put(zip, "META-INF/container.xml", "<container><rootfiles><rootfile full-path=\"OEBPS/content.opf\"/>"
                    + "</rootfiles></container>");
            StringBuilder manifest = new StringBuilder();
            StringBuilder spine = new StringBuilder();
            for (int p = 0; p < PAGES; p++) {
                manifest.append("<item id=\"c").append(p).append("\" href=\"c").append(p).append(".xhtml\"/>");
                spine.append("<itemref idref=\"c").append(p).append("\"/>");
                put(zip, "OEBPS/c" + p + ".xhtml", html(p, p + 1));
            }
            put(zip, "OEBPS/content.opf", "<package><metadata><title>Report</title></metadata><manifest>" + manifest
                    + "</manifest><spine>" + spine + "</spine></package>");
        }
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static void pdf(Path file) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < PAGES; p++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 10);
                    cs.newLineAtOffset(50, 740);
                    cs.showText("Section " + p);
                    String[] words = paragraph(p).split(" ");
                    for (int i = 0; i < words.length; i += 15) {
                        cs.newLineAtOffset(0, -14);
                        cs.showText(String.join(" ", java.util.Arrays.copyOfRange(words, i,
                                Math.min(words.length, i + 15))));
                    }
                    for (List<String> row : table(p)) {
                        cs.newLineAtOffset(0, -14);
                        cs.showText(String.format("%-20s %-12s %s", row.get(0), row.get(1), row.get(2)));
                    }
                    cs.endText();
                }
            }
            doc.save(file.toFile());
        }
    }

    private static void docx(Path file) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(file)) {
            for (int p = 0; p < PAGES; p++) {
                doc.createParagraph().createRun().setText("Section " + p);
                doc.createParagraph().createRun().setText(paragraph(p));
                List<List<String>> rows = table(p);
                XWPFTable t = doc.createTable(rows.size(), 3);
                for (int r = 0; r < rows.size(); r++) {
                    for (int c = 0; c < 3; c++) {
                        t.getRow(r).getCell(c).setText(rows.get(r).get(c));
                    }
                }
            }
            doc.write(out);
        }
    }

    private static void pptx(Path file) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow(); OutputStream out = Files.newOutputStream(file)) {
            for (int p = 0; p < PAGES; p++) {
                XSLFTextBox box = show.createSlide().createTextBox();
                StringBuilder text = new StringBuilder("Section " + p + "\n" + paragraph(p));
                for (List<String> row : table(p)) {
                    text.append('\n').append(String.join("  ", row));
                }
                box.setText(text.toString());
            }
            show.write(out);
        }
    }

    private static void xlsx(Path file) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            for (int p = 0; p < PAGES; p++) {
                XSSFSheet sheet = book.createSheet("Section " + p);
                List<List<String>> rows = table(p);
                for (int r = 0; r < rows.size(); r++) {
                    XSSFRow row = sheet.createRow(r);
                    for (int c = 0; c < 3; c++) {
                        row.createCell(c).setCellValue(rows.get(r).get(c));
                    }
                }
            }
            book.write(out);
        }
    }
}
