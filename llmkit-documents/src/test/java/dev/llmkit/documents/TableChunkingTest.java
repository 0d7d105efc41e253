package dev.llmkit.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Document;
import dev.llmkit.rag.Chunker;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sheet far longer than one chunk, parsed and chunked with the defaults: no row is ever away from its header. */
class TableChunkingTest {
    @TempDir
    Path tmp;

    @Test
    void aSheetSpanningManyChunksKeepsItsHeaderWithEveryRow() throws Exception {
        Path book = tmp.resolve("orders.xlsx");
        List<String> expectedRows = new ArrayList<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(book)) {
            XSSFSheet sheet = wb.createSheet("Orders");
            String[] header = {"Order", "Customer", "Delivery address", "Status"};
            XSSFRow h = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                h.createCell(c).setCellValue(header[c]);
            }
            for (int i = 1; i <= 120; i++) {
                XSSFRow row = sheet.createRow(i);
                String[] cells = {"A-" + (1000 + i), "Customer number " + i, i + " Harbour Street, Building "
                    + (i % 7) + ", Floor " + (i % 12), i % 3 == 0 ? "shipped" : "waiting for stock"};
                for (int c = 0; c < cells.length; c++) {
                    row.createCell(c).setCellValue(cells[c]);
                }
                expectedRows.add("| " + String.join(" | ", cells) + " |");
            }
            wb.write(out);
        }
        Document sheet = new OfficeParser().parse(book, "orders.xlsx", "r/", 10).get(0);

        List<Chunk> chunks = Chunker.defaults().chunk(sheet);

        String headerLine = "| Order | Customer | Delivery address | Status |";
        assertThat(chunks).hasSizeGreaterThan(5);
        List<String> rowsSeen = new ArrayList<>();
        for (Chunk c : chunks) {
            List<String> lines = c.text().lines().toList();
            assertThat(lines).as(c.text()).isNotEmpty();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("| A-")) {
                    rowsSeen.add(line);
                    assertThat(lines.subList(0, i)).as("a header above the row in " + c.id()).contains(headerLine);
                }
            }
        }
        assertThat(rowsSeen).as("every row exactly once, in order").isEqualTo(expectedRows);
    }
}
