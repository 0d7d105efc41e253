package dev.llmkit.rag.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.rag.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BEIR-format test collection: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text}),
 * {@code queries.jsonl} ({@code _id}, {@code text}) and {@code qrels/test.tsv} (query id, corpus id, graded
 * relevance; an optional header line is skipped).
 *
 * @param corpus the documents; title and text joined, title in metadata
 * @param queries query id to text, only for queries that have judgments, in file order
 * @param qrels query id to (document id to relevance grade)
 */
public record BeirDataset(List<Document> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {

    /** Copies. */
    public BeirDataset {
        corpus = List.copyOf(corpus);
        queries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queries));
        qrels = Map.copyOf(qrels);
    }

    /**
     * Reads a BEIR folder.
     *
     * @throws IllegalArgumentException when a file is missing or malformed, naming the file and line
     */
    public static BeirDataset load(Path folder) {
        Path corpusFile = folder.resolve("corpus.jsonl");
        Path queriesFile = folder.resolve("queries.jsonl");
        Path qrelsFile = folder.resolve("qrels").resolve("test.tsv");
        for (Path p : List.of(corpusFile, queriesFile, qrelsFile)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("Not a BEIR folder: " + p + " is missing (expected corpus.jsonl,"
                        + " queries.jsonl and qrels/test.tsv)");
            }
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, Integer>> qrels = new HashMap<>();
        readLines(qrelsFile, (line, n) -> {
            String[] f = line.split("\t");
            if (f.length < 3) {
                f = line.trim().split("\\s+");
            }
            if (f.length < 3) {
                throw new IllegalArgumentException(qrelsFile + " line " + n + ": expected query-id, corpus-id, score");
            }
            int grade;
            try {
                grade = Integer.parseInt(f[2].trim());
            } catch (NumberFormatException e) {
                if (n == 1) {
                    return; // header
                }
                throw new IllegalArgumentException(qrelsFile + " line " + n + ": score '" + f[2] + "' is not a number");
            }
            qrels.computeIfAbsent(f[0].trim(), k -> new HashMap<>()).put(f[1].trim(), grade);
        });
        List<Document> corpus = new ArrayList<>();
        readLines(corpusFile, (line, n) -> {
            JsonNode node = parse(json, line, corpusFile, n);
            String id = node.path("_id").asText();
            String title = node.path("title").asText("");
            String text = node.path("text").asText("");
            corpus.add(new Document(id, title.isBlank() ? text : title + "\n" + text, id,
                    title.isBlank() ? Map.of() : Map.of("title", title)));
        });
        Map<String, String> queries = new LinkedHashMap<>();
        readLines(queriesFile, (line, n) -> {
            JsonNode node = parse(json, line, queriesFile, n);
            String id = node.path("_id").asText();
            if (qrels.containsKey(id)) {
                queries.put(id, node.path("text").asText());
            }
        });
        return new BeirDataset(corpus, queries, qrels);
    }

    private interface LineHandler {
        void accept(String line, int number);
    }

    private static void readLines(Path file, LineHandler handler) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    handler.accept(line, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(ObjectMapper json, String line, Path file, int n) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " line " + n + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
