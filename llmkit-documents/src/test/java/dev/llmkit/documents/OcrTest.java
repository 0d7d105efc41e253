package dev.llmkit.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanned pages: a PDF page that is only an image of text, read by the real Tesseract, and without it. */
class OcrTest {
    @TempDir
    Path tmp;

    /** A PDF whose first page has a text layer and whose second is only a picture of {@code scannedText}. */
    static Path pdfWithScannedPage(Path file, String scannedText) throws Exception {
        BufferedImage img = new BufferedImage(1700, 300, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 64));
        g.drawString(scannedText, 60, 170);
        g.dispose();
        try (PDDocument doc = new PDDocument()) {
            PDPage typed = new PDPage();
            doc.addPage(typed);
            try (PDPageContentStream cs = new PDPageContentStream(doc, typed)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 700);
                cs.showText("Cover letter for the invoice.");
                cs.endText();
            }
            PDPage scan = new PDPage();
            doc.addPage(scan);
            PDImageXObject image = LosslessFactory.createFromImage(doc, img);
            try (PDPageContentStream cs = new PDPageContentStream(doc, scan)) {
                cs.drawImage(image, 36, 600, 540, 95);
            }
            doc.save(file.toFile());
        }
        return file;
    }

    @Test
    void aScannedPageIsReadByTesseractAndMarkedAsOcr() throws Exception {
        Ocr ocr = Ocr.fromEnvironment();
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(ocr.available(), "Tesseract is not installed (apt-get install tesseract-ocr)");
        } else {
            assertThat(ocr.available()).as("CI installs tesseract-ocr").isTrue();
        }
        Path file = pdfWithScannedPage(tmp.resolve("invoice.pdf"), "Invoice total 4250 EUR");

        List<Document> docs = new PdfParser(ocr).parse(file, "invoice.pdf", "r/", 10);

        assertThat(docs).extracting(Document::source).containsExactly("invoice.pdf p. 1", "invoice.pdf p. 2");
        assertThat(docs.get(0).metadata()).doesNotContainKey("ocr");
        assertThat(docs.get(1).text()).contains("Invoice").contains("4250");
        assertThat(docs.get(1).metadata()).containsEntry("ocr", "tesseract").containsEntry("ocr_language", "eng")
                .containsEntry("page", "2");
    }

    @Test
    void withoutTesseractScannedPagesAreLeftOutAndAScanOnlyFileSaysHowToEnableOcr() throws Exception {
        Ocr missing = Ocr.tesseract("llmkit-no-such-tesseract", "eng", Duration.ofSeconds(10));
        Path mixed = pdfWithScannedPage(tmp.resolve("mixed.pdf"), "Invoice total 4250 EUR");
        Path scanOnly = tmp.resolve("scan-only.pdf");
        try (PDDocument in = org.apache.pdfbox.Loader.loadPDF(mixed.toFile())) {
            in.removePage(0);
            in.save(scanOnly.toFile());
        }

        assertThat(missing.available()).isFalse();
        assertThatThrownBy(() -> new PdfParser(missing).parse(mixed, "mixed.pdf", "r/", 10))
                .isInstanceOfSatisfying(DocumentParser.PartlyRead.class, e -> {
                    assertThat(e.documents()).extracting(Document::source).containsExactly("mixed.pdf p. 1");
                    assertThat(e.getMessage()).contains("1 scanned page(s)").contains("(p. 2)")
                            .contains("apt-get install tesseract-ocr");
                });
        assertThatThrownBy(() -> new PdfParser(missing).parse(scanOnly, "scan-only.pdf", "r/", 10))
                .isInstanceOf(DocumentParser.Unreadable.class).hasMessageContaining("scanned pages")
                .hasMessageContaining("apt-get install tesseract-ocr").hasMessageContaining("LLMKIT_TESSERACT");
    }

    @Test
    void aLanguageThatIsNotATesseractCodeIsRejected() {
        assertThatThrownBy(() -> Ocr.tesseract("tesseract", "eng; rm -rf /", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Tesseract language code");
        assertThat(Ocr.tesseract("tesseract", "eng+deu", Duration.ofSeconds(1)).language()).isEqualTo("eng+deu");
    }
}
