package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.CallContext;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResult;
import dev.llmkit.api.Usage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    static CallRecord call(String tenant, String user, String model, long in, long out, String cost, String... tags) {
        CallContext.Builder ctx = CallContext.builder().tenant(tenant).user(user);
        for (String t : tags) {
            ctx.tag(t);
        }
        ChatRequest request = ChatRequest.of("What is our refund policy?").withContext(ctx.build());
        ChatResponse response = ChatResponse.of("Thirty days.", model).toBuilder().usage(Usage.of(in, out))
                .cost(new BigDecimal(cost)).build();
        return CallRecord.builder().request(request).response(response).model(model)
                .timing(Instant.parse("2026-12-07T10:00:00Z"), Duration.ofMillis(120)).attempts(1, 0).build();
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void appendsOneJsonLinePerCallToolAndFeedbackAndKeepsWhatWasThere(@TempDir Path dir) throws Exception {
        try (AuditLog log = AuditLog.builder(dir).clock(clock).build()) {
            log.onCall(call("acme", "ann", "gpt", 10, 2, "0.001", "faq"));
        }
        try (AuditLog log = AuditLog.builder(dir).clock(clock).build()) {
            log.onTool(new ToolRecord("c-1", new ToolCall("t1", "lookup", "{\"q\":\"refund\"}"),
                    ToolResult.of("30 days"), now.get(), Duration.ofMillis(5)));
            log.onFeedback("c-1", false);
        }

        List<JsonNode> lines = AuditLog.read(dir);
        assertThat(lines).extracting(l -> l.get("type").asText()).containsExactly("call", "tool", "feedback");
        JsonNode c = lines.get(0);
        assertThat(c.get("tenant").asText()).isEqualTo("acme");
        assertThat(c.get("prompt").get(0).get("text").asText()).isEqualTo("What is our refund policy?");
        assertThat(c.get("answer").asText()).isEqualTo("Thirty days.");
        assertThat(c.get("tags").get(0).asText()).isEqualTo("faq");
        assertThat(c.get("cost_usd").decimalValue()).isEqualByComparingTo("0.001");
        assertThat(lines.get(1).get("tool").asText()).isEqualTo("lookup");
        assertThat(lines.get(2).get("positive").asBoolean()).isFalse();
        assertThat(files(dir)).extracting(p -> p.getFileName().toString()).containsExactly("audit-2026-12-07.jsonl");
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dir.resolve("audit-2026-12-07.jsonl")))).as("prompts are readable by the owner only")
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void rotatesBySizeAndByDay(@TempDir Path dir) throws Exception {
        try (AuditLog log = AuditLog.builder(dir).clock(clock).maxFileBytes(1024).build()) {
            for (int i = 0; i < 6; i++) {
                log.onCall(call("acme", "ann", "gpt", 10, 2, "0.001"));
            }
            now.set(Instant.parse("2026-12-08T00:00:01Z"));
            log.onCall(call("acme", "ann", "gpt", 10, 2, "0.001"));
        }
        List<String> names = files(dir).stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains("audit-2026-12-07.jsonl", "audit-2026-12-07.1.jsonl", "audit-2026-12-08.jsonl");
        for (Path f : files(dir)) {
            if (Files.readAllLines(f).size() > 1) {
                assertThat(Files.size(f)).isLessThanOrEqualTo(1024);
            }
        }
        assertThat(AuditLog.read(dir)).hasSize(7);
    }

    @Test
    void deletesFilesOlderThanTheRetention(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("audit-2026-11-01.jsonl"), "{\"type\":\"call\"}\n");
        Files.writeString(dir.resolve("audit-2026-12-01.jsonl"), "{\"type\":\"call\"}\n");
        Files.writeString(dir.resolve("notes.txt"), "not ours");

        try (AuditLog log = AuditLog.builder(dir).clock(clock).retentionDays(7).build()) {
            assertThat(files(dir)).extracting(p -> p.getFileName().toString())
                    .containsExactly("audit-2026-12-01.jsonl", "notes.txt");
            now.set(Instant.parse("2026-12-08T09:00:00Z"));
            log.onFeedback("x", true);
        }
        assertThat(files(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("audit-2026-12-08.jsonl", "notes.txt");
    }

    @Test
    void aLineCutShortIsEndedBeforeTheNextAndBadlyNamedFilesAreLeftAlone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("audit-2026-12-07.jsonl"), "{\"type\":\"call\"}\n{\"type\":\"ca");
        Files.writeString(dir.resolve("audit-2026-02-30.jsonl"), "not a date");
        Files.writeString(dir.resolve("audit-2026-12-07.99999999999.jsonl"), "too big a part");

        try (AuditLog log = AuditLog.builder(dir).clock(clock).build()) {
            log.onFeedback("c-1", true);
        }

        assertThat(AuditLog.read(dir)).extracting(l -> l.get("type").asText()).containsExactly("call", "feedback");
        assertThat(Files.exists(dir.resolve("audit-2026-02-30.jsonl"))).isTrue();
    }

    @Test
    void aWriteAfterCloseIsCountedNotLost(@TempDir Path dir) {
        AuditLog log = AuditLog.builder(dir).clock(clock).build();
        log.close();
        log.onFeedback("x", true);
        assertThat(log.failedWrites()).isEqualTo(1);
    }

    @Test
    void usageIsRebuiltFromTheAuditFiles(@TempDir Path dir) {
        try (AuditLog log = AuditLog.builder(dir).clock(clock).build()) {
            log.onCall(call("acme", "ann", "gpt", 10, 2, "0.010", "faq"));
            log.onCall(call("acme", "bob", "gpt", 5, 1, "0.005", "faq", "beta"));
            log.onCall(call("globex", "cy", "claude", 7, 7, "0.020"));
        }
        UsageReport report = UsageReport.fromAudit(dir);

        assertThat(report.rows(UsageReport.By.TENANT)).extracting(UsageReport.Row::key, UsageReport.Row::calls)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("globex", 1L),
                        org.assertj.core.groups.Tuple.tuple("acme", 2L));
        assertThat(report.rows(UsageReport.By.TAG)).extracting(UsageReport.Row::key).containsExactly("faq", "beta");
        UsageReport.Row acme = report.rows(UsageReport.By.TENANT).get(1);
        assertThat(acme.inputTokens()).isEqualTo(15);
        assertThat(acme.cost()).isEqualByComparingTo("0.015");
        assertThat(report.total().cost()).isEqualByComparingTo("0.035");
        assertThat(report.table(UsageReport.By.MODEL)).contains("claude").contains("total").contains("0.035000");
    }
}
