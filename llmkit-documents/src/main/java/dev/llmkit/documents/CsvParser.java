package dev.llmkit.documents;

import dev.llmkit.api.rag.Document;
import dev.llmkit.api.rag.DocumentParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV (Apache Commons CSV, RFC 4180, UTF-8): one document whose rows are Markdown table rows under the first row, the
 * header, repeated every {@link Tables#ROWS_PER_BLOCK} rows.
 */
public final class CsvParser implements DocumentParser {

    @Override
    public Set<String> extensions() {
        return Set.of("csv");
    }

    @Override
    public List<Document> parse(Path file, String source, String idPrefix, int maxPages) {
        List<List<String>> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get().parse(in)) {
                rows.add(new ArrayList<>(r.toList()));
            }
        } catch (MalformedInputException e) {
            throw new Unreadable("is not UTF-8 text", e);
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new Unreadable("is not readable CSV (" + e.getMessage() + ")", e);
        }
        if (rows.isEmpty()) {
            throw new Unreadable("is empty");
        }
        return List.of(new Document(idPrefix + source, Tables.markdown(rows), source, Map.of("format", "csv")));
    }

    @Override
    public String toString() {
        return "CsvParser";
    }
}
