package dev.llmkit.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format read from files the test makes with the real libraries (PDFBox, POI). */
class ParsersTest {
    @TempDir
    Path tmp;

    /** A PDF whose pages hold {@code lines[i]}, one line after another; a null page is left blank. */
    static Path pdf(Path file, String title, String[]... pages) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(title);
            info.setAuthor("Quality Team");
            doc.setDocumentInformation(info);
            for (String[] lines : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                if (lines == null) {
                    continue;
                }
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                    cs.newLineAtOffset(72, 720);
                    for (String line : lines) {
                        cs.showText(line);
                        cs.newLineAtOffset(0, -16);
                    }
                    cs.endText();
                }
            }
            doc.save(file.toFile());
        }
        return file;
    }

    @Test
    void readsAPdfPageByPageWithPageCitationsAndMetadata() throws Exception {
        Path file = pdf(tmp.resolve("report.pdf"), "Office report", new String[] {"Furniture spending in 2026"},
                new String[] {"Item           Price", "Standing desk  120 EUR", "Office chair   95 EUR"});

        List<Document> docs = new PdfParser().parse(file, "reports/report.pdf", "root/", 100);

        assertThat(docs).extracting(Document::source).containsExactly("reports/report.pdf p. 1",
                "reports/report.pdf p. 2");
        assertThat(docs.get(1).id()).isEqualTo("root/reports/report.pdf p. 2");
        assertThat(docs.get(1).text()).contains("Standing desk").contains("120 EUR");
        assertThat(docs.get(1).metadata()).containsEntry("page", "2").containsEntry("pages", "2")
                .containsEntry("title", "Office report").containsEntry("author", "Quality Team")
                .containsEntry("format", "pdf");
    }

    @Test
    void encryptedCorruptScannedAndTooLongPdfsAreUnreadableWithTheReason() throws Exception {
        Path locked = tmp.resolve("locked.pdf");
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "secret", new AccessPermission());
            doc.protect(policy);
            doc.save(locked.toFile());
        }
        Path corrupt = Files.write(tmp.resolve("corrupt.pdf"), "%PDF-1.7 this is not really a pdf".getBytes());
        Path scan = pdf(tmp.resolve("scan.pdf"), "Scan", (String[]) null);
        Path longOne = pdf(tmp.resolve("long.pdf"), "Long", new String[] {"a"}, new String[] {"b"},
                new String[] {"c"});
        PdfParser p = new PdfParser();

        assertThatThrownBy(() -> p.parse(locked, "locked.pdf", "r/", 10)).isInstanceOf(DocumentParser.Unreadable.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> p.parse(corrupt, "corrupt.pdf", "r/", 10)).hasMessageContaining("not a readable PDF");
        assertThatThrownBy(() -> p.parse(scan, "scan.pdf", "r/", 10)).hasMessageContaining("has no text");
        assertThatThrownBy(() -> p.parse(longOne, "long.pdf", "r/", 2)).hasMessageContaining("3 pages, more than");
    }

    @Test
    void readsWordWithItsTableAsRowsUnderTheHeader() throws Exception {
        Path file = tmp.resolve("policy.docx");
        try (XWPFDocument doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(file)) {
            doc.getProperties().getCoreProperties().setTitle("Travel policy");
            doc.createParagraph().createRun().setText("Trains are preferred over flights under 500 km.");
            XWPFTable t = doc.createTable(3, 2);
            String[][] cells = {{"Class", "Allowed"}, {"Economy", "always"}, {"Business", "over 6 hours"}};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 2; c++) {
                    t.getRow(r).getCell(c).setText(cells[r][c]);
                }
            }
            doc.write(out);
        }

        List<Document> docs = new OfficeParser().parse(file, "policy.docx", "r/", 10);

        assertThat(docs).singleElement().satisfies(d -> {
            assertThat(d.text()).contains("Trains are preferred").contains("| Class | Allowed |")
                    .contains("| --- | --- |").contains("| Business | over 6 hours |");
            assertThat(d.metadata()).containsEntry("title", "Travel policy").containsEntry("format", "docx");
        });
    }

    @Test
    void readsSlidesAndSheetsWithTheirNumbersAndNames() throws Exception {
        Path deck = tmp.resolve("deck.pptx");
        try (XMLSlideShow show = new XMLSlideShow(); OutputStream out = Files.newOutputStream(deck)) {
            for (String s : new String[] {"Roadmap for 2027", "Launch in Lisbon in March"}) {
                XSLFTextBox box = show.createSlide().createTextBox();
                box.setText(s);
            }
            show.write(out);
        }
        Path book = tmp.resolve("book.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(book)) {
            XSSFSheet sheet = wb.createSheet("Sales");
            XSSFRow header = sheet.createRow(0);
            header.createCell(0).setCellValue("Region");
            header.createCell(1).setCellValue("Revenue");
            for (int i = 1; i <= 40; i++) {
                XSSFRow row = sheet.createRow(i);
                row.createCell(0).setCellValue("Region " + i);
                row.createCell(1).setCellValue(1000 * i);
            }
            wb.write(out);
        }
        OfficeParser p = new OfficeParser();

        List<Document> slides = p.parse(deck, "deck.pptx", "r/", 10);
        List<Document> sheets = p.parse(book, "book.xlsx", "r/", 10);

        assertThat(slides).extracting(Document::source).containsExactly("deck.pptx slide 1", "deck.pptx slide 2");
        assertThat(slides.get(1).text()).contains("Lisbon");
        assertThat(sheets).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo("book.xlsx sheet Sales");
            assertThat(d.metadata()).containsEntry("sheet", "Sales");
            assertThat(d.text()).contains("| Region 40 | 40000 |");
            // 40 rows in blocks of 15, each under the header
            assertThat(d.text().split("\\| Region \\| Revenue \\|", -1)).hasSize(4);
        });
        assertThatThrownBy(() -> p.parse(deck, "deck.pptx", "r/", 1)).hasMessageContaining("2 slides");
    }

    @Test
    void aZipBombDocxAndACorruptFileAreUnreadable() throws Exception {
        Path real = tmp.resolve("real.docx");
        try (XWPFDocument doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(real)) {
            doc.createParagraph().createRun().setText("small");
            doc.write(out);
        }
        Path bomb = tmp.resolve("bomb.docx");
        try (ZipFile in = new ZipFile(real.toFile());
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(in.getInputStream(e).readAllBytes());
                if (e.getName().equals("word/document.xml")) {
                    byte[] spaces = new byte[1 << 20];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < 60; i++) {
                        zip.write(spaces); // 60 MiB of trailing white space, a few KiB compressed
                    }
                }
            }
        }
        Path broken = Files.write(tmp.resolve("broken.xlsx"), "PK not really a zip".getBytes());

        assertThatThrownBy(() -> new OfficeParser().parse(bomb, "bomb.docx", "r/", 10))
                .isInstanceOf(DocumentParser.Unreadable.class).hasMessageContaining("zip bomb");
        assertThatThrownBy(() -> new OfficeParser().parse(broken, "broken.xlsx", "r/", 10))
                .isInstanceOf(DocumentParser.Unreadable.class).hasMessageContaining("not a readable Office file");
    }

    @Test
    void readsCsvAsRowsUnderTheHeader() throws Exception {
        Path file = Files.writeString(tmp.resolve("stock.csv"), "item,count\n\"desk, standing\",4\nchair,12\n");

        Document d = new CsvParser().parse(file, "stock.csv", "r/", 10).get(0);

        assertThat(d.text()).isEqualTo("| item | count |\n| --- | --- |\n| desk, standing | 4 |\n| chair | 12 |");
        assertThatThrownBy(() -> new CsvParser().parse(Files.writeString(tmp.resolve("e.csv"), ""), "e.csv", "r/", 1))
                .hasMessageContaining("empty");
    }
}
