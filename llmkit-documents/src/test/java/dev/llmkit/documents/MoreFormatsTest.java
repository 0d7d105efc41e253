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
import java.util.zip.ZipOutputStream;
import javax.swing.text.DefaultStyledDocument;
import javax.swing.text.rtf.RTFEditorKit;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoreFormatsTest {
    @TempDir
    Path tmp;

    @Test
    void htmlTablesBecomeRowsUnderTheirHeaderAndScriptsAreDropped() throws Exception {
        Path page = Files.writeString(tmp.resolve("fees.html"), """
                <!DOCTYPE html><html><head><title>Fees</title><meta name="author" content="Billing"></head>
                <body><nav>Home | About</nav><h1>Card fees</h1><p>Fees are charged <b>per</b> transaction.</p>
                <table><thead><tr><th>Card</th><th>Fee</th></tr></thead>
                <tbody><tr><td>Visa</td><td>1.4%</td></tr><tr><td>Amex</td><td>2.9%</td></tr></tbody></table>
                <script>var secret = 1;</script></body></html>
                """);

        Document d = new HtmlParser().parse(page, "fees.html", "r/", 10).get(0);

        assertThat(d.text()).isEqualTo("""
                # Card fees

                Fees are charged per transaction.

                | Card | Fee |
                | --- | --- |
                | Visa | 1.4% |
                | Amex | 2.9% |""");
        assertThat(d.metadata()).containsEntry("title", "Fees").containsEntry("author", "Billing")
                .containsEntry("format", "html");
    }

    @Test
    void anEpubIsReadChapterByChapterInSpineOrder() throws Exception {
        Path book = epub(tmp.resolve("handbook.epub"), false);

        List<Document> docs = new EpubParser().parse(book, "handbook.epub", "r/", 10);

        assertThat(docs).extracting(Document::source).containsExactly("handbook.epub ch. 1", "handbook.epub ch. 3");
        assertThat(docs.get(0).text()).startsWith("# Welcome").contains("Our office opens at 8.");
        assertThat(docs.get(1).text()).contains("| Day | Hours |\n| --- | --- |\n| Friday | 8 to 14 |");
        assertThat(docs.get(1).metadata()).containsEntry("chapter", "3").containsEntry("title", "Staff handbook")
                .containsEntry("author", "People Team").containsEntry("format", "epub");
        assertThat(new EpubParser().recognizes(book, Files.readAllBytes(book))).isTrue();
    }

    @Test
    void aDrmProtectedOrBrokenEpubIsUnreadable() throws Exception {
        Path drm = epub(tmp.resolve("drm.epub"), true);
        Path broken = Files.writeString(tmp.resolve("broken.epub"), "PK not a zip");

        assertThatThrownBy(() -> new EpubParser().parse(drm, "drm.epub", "r/", 10))
                .isInstanceOf(DocumentParser.Unreadable.class).hasMessageContaining("DRM");
        assertThatThrownBy(() -> new EpubParser().parse(broken, "broken.epub", "r/", 10))
                .isInstanceOf(DocumentParser.Unreadable.class).hasMessageContaining("broken archive");
        assertThatThrownBy(() -> new EpubParser().parse(broken, "broken.epub", "r/", 1))
                .isInstanceOf(DocumentParser.Unreadable.class);
    }

    @Test
    void rtfWrittenByTheJdkIsReadBack() throws Exception {
        DefaultStyledDocument doc = new DefaultStyledDocument();
        doc.insertString(0, "Expense policy\nMeals are refunded up to 30 EUR a day.\n", null);
        Path rtf = tmp.resolve("policy.rtf");
        try (OutputStream out = Files.newOutputStream(rtf)) {
            new RTFEditorKit().write(out, doc, 0, doc.getLength());
        }

        Document d = new RtfParser().parse(rtf, "policy.rtf", "r/", 10).get(0);

        assertThat(d.text()).isEqualTo("Expense policy\n\nMeals are refunded up to 30 EUR a day.");
        assertThat(new RtfParser().recognizes(rtf, Files.readAllBytes(rtf))).isTrue();
        Path fake = Files.writeString(tmp.resolve("fake.rtf"), "plain text");
        assertThatThrownBy(() -> new RtfParser().parse(fake, "fake.rtf", "r/", 10))
                .isInstanceOf(DocumentParser.Unreadable.class).hasMessageContaining("not an RTF file");
    }

    @Test
    void officeFilesAreReadByTheirContentNotTheirNameAndPdfsAreRecognized() throws Exception {
        Path misnamed = tmp.resolve("notes.xlsx");
        try (XWPFDocument doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(misnamed)) {
            doc.createParagraph().createRun().setText("A Word file with the wrong extension.");
            doc.write(out);
        }
        Path pdf = ParsersTest.pdf(tmp.resolve("scan-0001"), "t", new String[] {"hello"});

        Document d = new OfficeParser().parse(misnamed, "notes.xlsx", "r/", 10).get(0);

        assertThat(d.text()).isEqualTo("A Word file with the wrong extension.");
        assertThat(d.metadata()).containsEntry("format", "docx");
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(misnamed), 8);
        assertThat(new OfficeParser().recognizes(misnamed, head)).isTrue();
        assertThat(new EpubParser().recognizes(misnamed, head)).isFalse();
        assertThat(new PdfParser().recognizes(pdf, java.util.Arrays.copyOf(Files.readAllBytes(pdf), 8))).isTrue();
        assertThat(new PdfParser().recognizes(misnamed, head)).isFalse();
    }

    @Test
    void emptyOfficeFilesAreUnreadableAndAStrayStyledCellDoesNotWidenASheet() throws Exception {
        Path empty = tmp.resolve("empty.docx");
        try (XWPFDocument doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(empty)) {
            doc.createParagraph();
            doc.write(out);
        }
        Path book = tmp.resolve("wide.xlsx");
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
                OutputStream out = Files.newOutputStream(book)) {
            var sheet = wb.createSheet("Data");
            var header = sheet.createRow(0);
            header.createCell(0).setCellValue("Name");
            header.createCell(1).setCellValue("Team");
            header.createCell(16_000).setCellStyle(wb.createCellStyle()); // styled, empty, far right
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue("Ada");
            row.createCell(1).setCellValue("Core");
            wb.write(out);
        }

        assertThatThrownBy(() -> new OfficeParser().parse(empty, "empty.docx", "r/", 10))
                .isInstanceOf(DocumentParser.Unreadable.class).hasMessageContaining("has no text");
        assertThat(new OfficeParser().parse(book, "wide.xlsx", "r/", 10).get(0).text())
                .isEqualTo("| Name | Team |\n| --- | --- |\n| Ada | Core |");
    }

    private static Path epub(Path file, boolean drm) throws Exception {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "mimetype", "application/epub+zip");
            put(zip, "META-INF/container.xml", """
                    <?xml version="1.0"?><container version="1.0"
                    xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>
                    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
                    </rootfiles></container>""");
            put(zip, "META-INF/encryption.xml", """
                    <encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
                    xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
                    <enc:EncryptionMethod Algorithm="%s"/>
                    <enc:CipherData><enc:CipherReference URI="OEBPS/text/hours.xhtml"/></enc:CipherData>
                    </enc:EncryptedData></encryption>""".formatted(drm ? "http://www.w3.org/2001/04/xmlenc#aes128-cbc"
                    : "http://www.idpf.org/2008/embedding"));
            put(zip, "OEBPS/content.opf", """
                    <?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">
                    <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Staff handbook</dc:title>
                    <dc:creator>People Team</dc:creator></metadata>
                    <manifest><item id="c2" href="text/hours.xhtml" media-type="application/xhtml+xml"/>
                    <item id="c1" href="text/../text/welcome%20page.xhtml" media-type="application/xhtml+xml"/>
                    <item id="gone" href="text/missing.xhtml" media-type="application/xhtml+xml"/></manifest>
                    <spine><itemref idref="c1"/><itemref idref="gone"/><itemref idref="c2"/></spine></package>""");
            put(zip, "OEBPS/text/welcome page.xhtml", """
                    <html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Welcome</h1>
                    <p>Our office opens at 8.</p></body></html>""");
            put(zip, "OEBPS/text/hours.xhtml", """
                    <html xmlns="http://www.w3.org/1999/xhtml"><body><h2>Hours</h2><table>
                    <tr><th>Day</th><th>Hours</th></tr><tr><td>Friday</td><td>8 to 14</td></tr></table></body></html>""");
        }
        return file;
    }

    private static void put(ZipOutputStream zip, String name, String text) throws Exception {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
