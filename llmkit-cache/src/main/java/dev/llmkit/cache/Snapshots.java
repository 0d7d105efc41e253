package dev.llmkit.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.Usage;
import dev.llmkit.api.store.CacheStore;
import dev.llmkit.cache.internal.SemanticIndex;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a cache's live entries to a file of JSON lines and reads them back. */
final class Snapshots {
    /** The first line of a snapshot file. */
    static final String HEADER = "{\"llmkit-cache-snapshot\":1}";
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private Snapshots() {}

    /** Writes every live entry to {@code file} through a temporary file moved into place; returns how many. */
    static int save(Path file, SemanticIndex index, CacheStore<CachedAnswer> store) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            int n = 0;
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                w.newLine();
                for (SemanticIndex.Stored s : index.all()) {
                    Optional<CachedAnswer> entry = store.get(s.key());
                    if (entry.isPresent()) {
                        w.write(JSON.writeValueAsString(line(s.key(), s.partition(), s.vector(), entry.get())));
                        w.newLine();
                        n++;
                    }
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the cache snapshot " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // moved into place, or the original failure is the one to report
                }
            }
        }
    }

    /** One entry as a snapshot line: its key, semantic partition, question embedding (when any) and answer. */
    static ObjectNode line(String key, String partition, float @Nullable [] vector, CachedAnswer e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("key", key);
        o.put("partition", partition);
        if (vector != null) {
            ArrayNode v = o.putArray("vector");
            for (float x : vector) {
                v.add(x);
            }
        }
        answer(o, e);
        return o;
    }

    /** The answer's fields, written into {@code o}. */
    static ObjectNode answer(ObjectNode o, CachedAnswer e) {
        o.put("question", e.question());
        o.put("storedAt", e.storedAt().toEpochMilli());
        o.put("tenant", e.tenant());
        o.put("version", e.modelVersion());
        e.tags().forEach(o.putArray("tags")::add);
        e.sources().forEach(o.putArray("sources")::add);
        ChatResponse r = e.response();
        ObjectNode resp = o.putObject("response");
        resp.put("text", r.text());
        ArrayNode calls = resp.putArray("toolCalls");
        for (ToolCall c : r.message().toolCalls()) {
            calls.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
        }
        Usage u = r.usage();
        resp.putObject("usage").put("input", u.inputTokens()).put("output", u.outputTokens())
                .put("cacheRead", u.cacheReadInputTokens()).put("cacheWrite", u.cacheWriteInputTokens())
                .put("reasoning", u.reasoningTokens());
        resp.put("finishReason", r.finishReason().name());
        resp.put("model", r.model());
        r.cost().ifPresent(c -> resp.put("cost", c.toPlainString()));
        ObjectNode attrs = resp.putObject("attributes");
        r.attributes().forEach(attrs::put);
        return o;
    }

    /**
     * Reads the entries of {@code file} that are still live and of {@code version}; a missing file is empty.
     * Malformed lines are skipped with a warning.
     */
    static int load(Path file, Instant now, Duration ttl, String version, SemanticIndex index,
            CacheStore<CachedAnswer> store) {
        if (!Files.exists(file)) {
            return 0;
        }
        int n = 0;
        int bad = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null || !first.strip().equals(HEADER)) {
                throw new IllegalArgumentException("The file " + file + " is not an llmkit cache snapshot (its first"
                        + " line must be " + HEADER + "); delete it or point the cache elsewhere.");
            }
            String text;
            while ((text = r.readLine()) != null) {
                if (text.isBlank()) {
                    continue;
                }
                try {
                    if (restore(JSON.readTree(text), now, ttl, version, index, store)) {
                        n++;
                    }
                } catch (IOException | RuntimeException e) {
                    bad++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the cache snapshot " + file + ": " + e.getMessage(), e);
        }
        if (bad > 0) {
            LOG.warn("Skipped {} malformed lines of the cache snapshot {}", bad, file);
        }
        return n;
    }

    private static boolean restore(JsonNode o, Instant now, Duration ttl, String version, SemanticIndex index,
            CacheStore<CachedAnswer> store) {
        if (!o.path("version").asText("").equals(version)) {
            return false;
        }
        CachedAnswer entry = answer(o);
        Duration left = Duration.between(now, entry.storedAt().plus(ttl));
        if (left.isNegative() || left.isZero()) {
            return false;
        }
        index.put(o.get("key").asText(), o.get("partition").asText(), vector(o), ResponseCache.indexFields(entry));
        store.put(o.get("key").asText(), entry, left);
        return true;
    }

    /** The question embedding of a line, or null for an exact-only entry. */
    static float @Nullable [] vector(JsonNode o) {
        if (!o.has("vector")) {
            return null;
        }
        JsonNode v = o.get("vector");
        float[] vector = new float[v.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) v.get(i).asDouble();
        }
        return vector;
    }

    /** The answer whose fields {@link #answer(ObjectNode, CachedAnswer)} wrote into {@code o}. */
    static CachedAnswer answer(JsonNode o) {
        Instant storedAt = Instant.ofEpochMilli(o.get("storedAt").asLong());
        JsonNode resp = o.get("response");
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : resp.path("toolCalls")) {
            calls.add(new ToolCall(c.get("id").asText(), c.get("name").asText(), c.get("arguments").asText()));
        }
        JsonNode u = resp.path("usage");
        ChatResponse.Builder b = ChatResponse.builder().message(new AssistantMessage(resp.get("text").asText(), calls))
                .usage(Usage.builder().inputTokens(u.path("input").asLong()).outputTokens(u.path("output").asLong())
                        .cacheReadInputTokens(u.path("cacheRead").asLong())
                        .cacheWriteInputTokens(u.path("cacheWrite").asLong())
                        .reasoningTokens(u.path("reasoning").asLong()).build())
                .finishReason(FinishReason.valueOf(resp.get("finishReason").asText()))
                .model(resp.path("model").asText(""));
        if (resp.has("cost")) {
            b.cost(new BigDecimal(resp.get("cost").asText()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = resp.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            b.attribute(a.getKey(), a.getValue().asText());
        }
        return CachedAnswer.of(b.build(), o.get("question").asText(), storedAt, o.path("tenant").asText(""),
                strings(o.path("tags")), strings(o.path("sources")), o.path("version").asText(""));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
