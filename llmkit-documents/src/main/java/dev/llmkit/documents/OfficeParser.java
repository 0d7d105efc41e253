package dev.llmkit.documents;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFShape;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTableCell;
import org.apache.poi.xslf.usermodel.XSLFTableRow;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Word, PowerPoint and Excel files (the XML formats: DOCX, PPTX, XLSX) through Apache POI. A Word file is one document,
 * paragraphs and tables in order; a presentation one document per slide ({@code deck.pptx slide 3}); a workbook one
 * per sheet ({@code book.xlsx sheet Sales}). Tables become Markdown rows under their header. Metadata: {@code title},
 * {@code author}, {@code created}, {@code modified}, and {@code slide} or {@code sheet}. POI's guard against zip bombs
 * and encrypted files make a file unreadable, never the ingest fail.
 */
public final class OfficeParser implements DocumentParser {
    /** The most cells (up to each row's last filled one) a workbook may have, about 100 MB of text. */
    static final long MAX_CELLS = 5_000_000;

    @Override
    public Set<String> extensions() {
        return Set.of("docx", "pptx", "xlsx");
    }

    @Override
    public boolean recognizes(Path file, byte[] head) {
        if (!ParserSupport.isZip(head)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry("[Content_Types].xml") != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            String type = mainContentType(pkg);
            if (type.contains("wordprocessingml")) {
                return word(pkg, source, idPrefix);
            }
            if (type.contains("presentationml")) {
                return slides(pkg, source, idPrefix, maxPages);
            }
            if (type.contains("spreadsheetml")) {
                return sheets(pkg, source, idPrefix, maxPages);
            }
            throw new Unreadable("is an Office file of a kind llmkit does not read (" + type + ")");
        } catch (EncryptedDocumentException e) {
            throw new Unreadable("is encrypted; decrypt it first", e);
        } catch (InvalidFormatException | IOException | org.apache.poi.UnsupportedFileFormatException e) {
            throw new Unreadable(describe(e), e);
        } catch (IllegalStateException | org.apache.poi.ooxml.POIXMLException e) {
            throw new Unreadable(describe(e), e);
        }
    }

    /** The content type of the package's main part, which says Word, PowerPoint or Excel whatever the file name. */
    private static String mainContentType(OPCPackage pkg) {
        PackageRelationshipCollection rels = pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT);
        if (rels.isEmpty()) {
            throw new Unreadable("is not a readable Office file (it has no main document part)");
        }
        PackagePart main = pkg.getPart(rels.getRelationship(0));
        if (main == null) {
            throw new Unreadable("is not a readable Office file (its main document part is missing)");
        }
        return main.getContentType();
    }

    private static String describe(Exception e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Zip bomb") || m.contains("zip bomb") || m.contains("inflate ratio")) {
            return "looks like a zip bomb (it expands far more than real documents do)";
        }
        return "is not a readable Office file (" + m.lines().findFirst().orElse(m) + ")";
    }

    private static List<Document> word(OPCPackage pkg, String source, String idPrefix) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(pkg)) {
            StringBuilder text = new StringBuilder();
            for (IBodyElement el : doc.getBodyElements()) {
                if (el instanceof XWPFParagraph p && !p.getText().isBlank()) {
                    text.append(p.getText().strip()).append("\n\n");
                } else if (el instanceof XWPFTable t) {
                    List<List<String>> rows = new ArrayList<>();
                    for (XWPFTableRow r : t.getRows()) {
                        List<String> cells = new ArrayList<>();
                        for (XWPFTableCell c : r.getTableCells()) {
                            cells.add(c.getText());
                        }
                        rows.add(cells);
                    }
                    text.append(Tables.markdown(rows)).append("\n\n");
                }
            }
            Map<String, String> meta = metadata(doc.getProperties(), "docx");
            if (text.isEmpty() || text.toString().isBlank()) {
                throw new Unreadable("has no text");
            }
            return List.of(new Document(idPrefix + source, text.toString().strip(), source, meta));
        }
    }

    private static List<Document> slides(OPCPackage pkg, String source, String idPrefix, int maxPages)
            throws IOException {
        try (XMLSlideShow show = new XMLSlideShow(pkg)) {
            List<XSLFSlide> slides = show.getSlides();
            if (slides.size() > maxPages) {
                throw new Unreadable("has " + slides.size() + " slides, more than the limit of " + maxPages);
            }
            Map<String, String> meta = metadata(show.getProperties(), "pptx");
            List<Document> out = new ArrayList<>();
            for (XSLFSlide slide : slides) {
                StringBuilder text = new StringBuilder();
                for (XSLFShape shape : slide.getShapes()) {
                    if (shape instanceof XSLFTextShape t && !t.getText().isBlank()) {
                        text.append(t.getText().strip()).append("\n\n");
                    } else if (shape instanceof XSLFTable t) {
                        List<List<String>> rows = new ArrayList<>();
                        for (XSLFTableRow r : t.getRows()) {
                            List<String> cells = new ArrayList<>();
                            for (XSLFTableCell c : r.getCells()) {
                                cells.add(c.getText());
                            }
                            rows.add(cells);
                        }
                        text.append(Tables.markdown(rows)).append("\n\n");
                    }
                }
                if (text.length() == 0) {
                    continue;
                }
                int n = slide.getSlideNumber();
                String s = source + " slide " + n;
                Map<String, String> m = new LinkedHashMap<>(meta);
                m.put("slide", Integer.toString(n));
                out.add(new Document(idPrefix + s, text.toString().strip(), s, m));
            }
            if (out.isEmpty()) {
                throw new Unreadable("has no text");
            }
            return out;
        }
    }

    private static List<Document> sheets(OPCPackage pkg, String source, String idPrefix, int maxPages)
            throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(pkg)) {
            if (book.getNumberOfSheets() > maxPages) {
                throw new Unreadable("has " + book.getNumberOfSheets() + " sheets, more than the limit of " + maxPages);
            }
            Map<String, String> meta = metadata(book.getProperties(), "xlsx");
            DataFormatter format = new DataFormatter(Locale.ROOT);
            List<Document> out = new ArrayList<>();
            long cellsLeft = MAX_CELLS;
            for (Sheet sheet : book) {
                List<List<String>> rows = new ArrayList<>();
                int width = 0;
                for (Row row : sheet) {
                    List<String> cells = new ArrayList<>();
                    int lastFilled = -1;
                    for (Cell cell : row) {
                        String v = format.formatCellValue(cell);
                        if (!v.isBlank()) {
                            while (cells.size() < cell.getColumnIndex()) {
                                cells.add("");
                            }
                            cells.add(v);
                            lastFilled = cell.getColumnIndex();
                        }
                    }
                    if (lastFilled < 0) {
                        continue; // styled but empty cells do not widen the table
                    }
                    cellsLeft -= cells.size();
                    if (cellsLeft < 0) {
                        throw new Unreadable("has more than " + MAX_CELLS + " filled cells; split the workbook");
                    }
                    width = Math.max(width, cells.size());
                    rows.add(cells);
                }
                if (rows.isEmpty()) {
                    continue;
                }
                for (List<String> r : rows) {
                    while (r.size() < width) {
                        r.add("");
                    }
                }
                String s = source + " sheet " + sheet.getSheetName();
                Map<String, String> m = new LinkedHashMap<>(meta);
                m.put("sheet", sheet.getSheetName());
                out.add(new Document(idPrefix + s, Tables.markdown(rows), s, m));
            }
            if (out.isEmpty()) {
                throw new Unreadable("has no text");
            }
            return out;
        }
    }

    private static Map<String, String> metadata(POIXMLProperties props, String format) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", format);
        POIXMLProperties.CoreProperties core = props.getCoreProperties();
        ParserSupport.put(m, "title", core.getTitle());
        ParserSupport.put(m, "author", core.getCreator());
        if (core.getCreated() != null) {
            m.put("created", core.getCreated().toInstant().toString());
        }
        if (core.getModified() != null) {
            m.put("modified", core.getModified().toInstant().toString());
        }
        return m;
    }

    @Override
    public String toString() {
        return "OfficeParser";
    }
}
