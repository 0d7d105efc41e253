package dev.llmkit.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.api.Message;
import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.api.event.RetrievalEvent;
import dev.llmkit.observability.internal.AuditFiles;
import dev.llmkit.observability.internal.Lower;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSON-lines record of what was asked and done: per logical call the prompt (redacted), the answer
 * (redacted), the chunk ids retrieved for it, guardrail verdicts, model, tokens, cost and outcome; per tool execution
 * the tool, its arguments and result (redacted); and user feedback. One object per line, {@code "type"} one of
 * {@code call}, {@code tool}, {@code feedback}.
 *
 * <p>Files are {@code audit-YYYY-MM-DD.jsonl} in one folder (UTC dates); a file that reaches
 * {@link Builder#maxFileBytes} rotates to {@code audit-YYYY-MM-DD.1.jsonl}, {@code .2}, and so on. Lines are only ever
 * appended (a line a failed write cut short is ended before the next one); files older than the retention
 * ({@link Builder#retentionDays}) are deleted when the log opens and when the day changes. A line that cannot be written is logged at ERROR and counted
 * ({@link #failedWrites()}); the call goes on.
 *
 * <p>Files are created readable and writable by their owner only (where the file system has POSIX permissions): they
 * hold prompts and answers. One process writes a folder: give each process its own.
 *
 * <pre>{@code
 * AuditLog audit = AuditLog.builder(Path.of("/var/log/llmkit")).retentionDays(30).build();
 * }</pre>
 *
 * Thread-safe; {@link #close()} closes the current file.
 */
public final class AuditLog implements CallObserver, AutoCloseable {
    /** Days a file is kept unless the builder says otherwise. */
    public static final int DEFAULT_RETENTION_DAYS = 30;
    /** The size at which a file rotates unless the builder says otherwise. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final int retentionDays;
    private final long maxFileBytes;
    private final Redactor redactor;
    private final Clock clock;
    private @Nullable FileChannel channel;
    private @Nullable LocalDate day;
    private @Nullable LocalDate retentionCheckedOn;
    private int part;
    private long failed;
    private boolean closed;

    private AuditLog(Builder b) {
        this.folder = b.folder;
        this.retentionDays = b.retentionDays;
        this.maxFileBytes = b.maxFileBytes;
        this.redactor = b.redactor;
        this.clock = b.clock;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the audit folder " + folder
                    + "; give a folder the process can write", e);
        }
        deleteExpired(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    }

    /** Starts a builder for a log in {@code folder}. */
    public static Builder builder(Path folder) {
        return new Builder(folder);
    }

    /** Every line of every audit file in {@code folder}, oldest file first; an unreadable line is skipped. */
    public static List<JsonNode> read(Path folder) {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : AuditFiles.files(folder)) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        try {
                            out.add(JSON.readTree(line));
                        } catch (JsonProcessingException e) {
                            LOG.warn("Skipping a malformed line in {}", f);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the audit file " + f, e);
            }
        }
        return out;
    }





    @Override
    public void onCall(CallRecord c) {
        ObjectNode o = line("call", c.callId());
        c.request().context().tenant().ifPresent(t -> o.put("tenant", t));
        c.request().context().user().ifPresent(u -> o.put("user", u)); // an id the usage report groups by
        if (!c.request().context().tags().isEmpty()) {
            ArrayNode tags = o.putArray("tags");
            c.request().context().tags().stream().sorted().forEach(tags::add);
        }
        o.put("model", c.model());
        c.responseModel().ifPresent(m -> o.put("response_model", m));
        c.provider().ifPresent(p -> o.put("provider", p));
        o.put("status", Lower.of(c.status()));
        c.error().ifPresent(e -> {
            o.put("error_type", e.getClass().getSimpleName());
            o.put("error", e.getMessage() == null ? "" : redactor.redact(e.getMessage()));
        });
        ArrayNode prompt = o.putArray("prompt");
        for (Message m : c.request().messages()) {
            prompt.addObject().put("role", Lower.of(m.role()))
                    .put("text", redactor.redact(m.text()));
        }
        c.response().ifPresent(r -> {
            o.put("answer", redactor.redact(r.text()));
            if (!r.toolCalls().isEmpty()) {
                ArrayNode calls = o.putArray("tool_calls");
                r.toolCalls().forEach(t -> calls.addObject().put("id", t.id()).put("name", t.name())
                        .put("arguments", redactor.redact(t.arguments())));
            }
        });
        ArrayNode chunks = o.putArray("chunks");
        for (RetrievalEvent e : c.retrievals()) {
            e.chunkIds().forEach(chunks::add);
        }
        ArrayNode verdicts = o.putArray("guardrails");
        for (GuardrailEvent g : c.guardrails()) {
            verdicts.addObject().put("guardrail", g.guardrail())
                    .put("stage", Lower.of(g.stage()))
                    .put("verdict", Lower.of(g.verdict().kind()))
                    .put("enforced", g.enforced()).put("reason", redactor.redact(g.verdict().reason()));
        }
        o.put("tokens_in", c.usage().inputTokens());
        o.put("tokens_out", c.usage().outputTokens());
        c.cost().ifPresent(x -> o.put("cost_usd", x));
        o.put("latency_ms", c.latency().toMillis());
        o.put("cache", Lower.of(c.cache()));
        o.put("attempts", c.attempts());
        o.put("retries", c.retries());
        ArrayNode fallbacks = o.putArray("fallbacks");
        c.fallbacks().forEach(fallbacks::add);
        append(o);
    }

    @Override
    public void onTool(ToolRecord t) {
        ObjectNode o = line("tool", t.callId());
        o.put("tool", t.call().name());
        o.put("tool_call_id", t.call().id());
        o.put("arguments", redactor.redact(t.call().arguments()));
        o.put("result", redactor.redact(t.result().content()));
        o.put("error", t.error());
        o.put("latency_ms", t.latency().toMillis());
        append(o);
    }

    @Override
    public void onFeedback(String callId, boolean positive) {
        append(line("feedback", callId).put("positive", positive));
    }

    private ObjectNode line(String type, String callId) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", clock.instant().toString());
        o.put("type", type);
        o.put("call_id", callId);
        return o;
    }

    private synchronized void append(ObjectNode o) {
        if (closed) {
            failed++;
            LOG.error("The audit log is closed; a {} line was not written", o.path("type").asText());
            return;
        }
        byte[] bytes = (o.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            FileChannel ch = channelFor(bytes.length);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException | RuntimeException e) {
            failed++;
            LOG.error("Could not append to the audit log in {}; a {} line was lost", folder,
                    o.path("type").asText(), e);
            drop(); // the next line reopens the file (and ends a half-written line first)
        }
    }

    private void drop() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("Closing a failed audit file", e);
            }
        }
    }

    private FileChannel channelFor(int length) throws IOException {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!today.equals(retentionCheckedOn)) {
            deleteExpired(today);
        }
        if (channel != null && !today.equals(day)) {
            drop();
        }
        if (channel == null) {
            day = today;
            part = lastPart(today);
            channel = AuditFiles.open(folder, today, part);
        }
        if (channel.size() > 0 && channel.size() + length > maxFileBytes) {
            drop();
            part++;
            channel = AuditFiles.open(folder, today, part);
        }
        return channel;
    }

    private int lastPart(LocalDate date) {
        int last = 0;
        for (Path p : AuditFiles.files(folder)) {
            if (AuditFiles.date(p).equals(date.toString())) {
                last = Math.max(last, AuditFiles.part(p));
            }
        }
        return last;
    }



    private void deleteExpired(LocalDate today) {
        retentionCheckedOn = today;
        LocalDate oldest = today.minusDays(retentionDays - 1L);
        for (Path p : AuditFiles.files(folder)) {
            if (LocalDate.parse(AuditFiles.date(p)).isBefore(oldest)) {
                try {
                    Files.deleteIfExists(p);
                    LOG.info("Deleted the expired audit file {}", p.getFileName());
                } catch (IOException e) {
                    LOG.warn("Could not delete the expired audit file {}", p, e);
                }
            }
        }
    }

    /** Lines that could not be written since the log opened. */
    public synchronized long failedWrites() {
        return failed;
    }

    /** The folder. */
    public Path folder() {
        return folder;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Closing the audit file failed", e);
            }
            channel = null;
        }
    }

    @Override
    public String toString() {
        return "AuditLog{" + folder.getFileName() + ", " + retentionDays + " days}";
    }

    /** Configures an {@link AuditLog}. Not thread-safe. */
    public static final class Builder {
        private final Path folder;
        private int retentionDays = DEFAULT_RETENTION_DAYS;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private Redactor redactor = Redactor.secrets();
        private Clock clock = Clock.systemUTC();

        private Builder(Path folder) {
            this.folder = Objects.requireNonNull(folder, "folder");
        }

        /** Days a file is kept, today included; default {@value #DEFAULT_RETENTION_DAYS}. */
        public Builder retentionDays(int days) {
            if (days < 1) {
                throw new IllegalArgumentException("retentionDays must be at least 1, got " + days);
            }
            this.retentionDays = days;
            return this;
        }

        /** The size at which a file rotates; default 64 MiB. */
        public Builder maxFileBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxFileBytes must be at least 1024, got " + bytes);
            }
            this.maxFileBytes = bytes;
            return this;
        }

        /** What redacts prompts, answers, tool data and errors; default {@link Redactor#secrets()}. */
        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /** The clock for timestamps, day changes and retention; default the system's UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the log, creating the folder and deleting expired files.
         *
         * @throws UncheckedIOException when the folder cannot be created
         */
        public AuditLog build() {
            return new AuditLog(this);
        }
    }
}
