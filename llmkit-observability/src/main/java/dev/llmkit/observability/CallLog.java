package dev.llmkit.observability;

import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.observability.internal.Lower;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured SLF4J line per logical call, at INFO on the logger {@value #LOGGER} (WARN for a failed call):
 *
 * <pre>
 * llmkit call call_id=8f1c... model=gpt-4o-mini response_model=gpt-4o-mini-2024-07-18 provider=openai
 *   deployment=- route=simple status=ok tokens_in=412 tokens_out=96 cost_usd=0.000120 latency_ms=840 ttft_ms=210
 *   attempts=2 retries=1 fallbacks=0 cache=miss verdicts=0
 * </pre>
 *
 * (one line; wrapped here). While the line is logged, the MDC holds {@code llmkit.call_id} and, with
 * {@link OtelTracing}, {@code trace_id} and {@code span_id}, so a JSON log encoder carries them as fields. A failed
 * call adds {@code error_type} and the error message, redacted; the prompt and the answer are never logged here (the
 * {@link AuditLog} keeps them, redacted). Tool executions log one line each at DEBUG. Thread-safe.
 */
public final class CallLog implements CallObserver {
    /** The logger's name. */
    public static final String LOGGER = "dev.llmkit.calls";

    private final Logger log;
    private final Redactor redactor;

    private CallLog(Logger log, Redactor redactor) {
        this.log = log;
        this.redactor = redactor;
    }

    /** Logs to {@value #LOGGER}, redacting secrets. */
    public static CallLog create() {
        return create(Redactor.secrets());
    }

    /** Logs to {@value #LOGGER}, redacting with {@code redactor} (e.g. {@code Redactor.secrets().withPii()}). */
    public static CallLog create(Redactor redactor) {
        return new CallLog(LoggerFactory.getLogger(LOGGER), Objects.requireNonNull(redactor, "redactor"));
    }

    /** The line for {@code c}, as logged. */
    public String line(CallRecord c) {
        StringBuilder sb = new StringBuilder(256).append("llmkit call");
        kv(sb, "call_id", c.callId());
        kv(sb, "model", c.model());
        kv(sb, "response_model", c.responseModel().orElse("-"));
        kv(sb, "provider", c.provider().orElse("-"));
        kv(sb, "deployment", c.deployment().orElse("-"));
        kv(sb, "route", c.route().orElse("-"));
        kv(sb, "status", Lower.of(c.status()));
        kv(sb, "tokens_in", Long.toString(c.usage().inputTokens()));
        kv(sb, "tokens_out", Long.toString(c.usage().outputTokens()));
        kv(sb, "cost_usd", c.cost().map(x -> x.toPlainString()).orElse("-"));
        kv(sb, "latency_ms", Long.toString(c.latency().toMillis()));
        kv(sb, "ttft_ms", c.timeToFirstToken().map(t -> Long.toString(t.toMillis())).orElse("-"));
        kv(sb, "attempts", Integer.toString(c.attempts()));
        kv(sb, "retries", Integer.toString(c.retries()));
        kv(sb, "fallbacks", Integer.toString(c.fallbacks().size()));
        kv(sb, "cache", Lower.of(c.cache()));
        kv(sb, "verdicts", Integer.toString(c.guardrails().size()));
        for (GuardrailEvent g : c.guardrails()) {
            kv(sb, "verdict", g.guardrail() + ":" + Lower.of(g.verdict().kind()));
        }
        c.error().ifPresent(e -> {
            kv(sb, "error_type", e.getClass().getSimpleName());
            kv(sb, "error", e.getMessage() == null ? "" : redactor.redact(e.getMessage()));
        });
        return sb.toString();
    }

    private static void kv(StringBuilder sb, String key, String value) {
        sb.append(' ').append(key).append('=');
        boolean quote = value.isEmpty() || value.chars().anyMatch(ch -> ch <= ' ' || ch == '"' || ch == '=');
        if (!quote) {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch < ' ' ? ' ' : ch);
            }
        }
        sb.append('"');
    }

    @Override
    public void onCall(CallRecord call) {
        if (call.status() == Outcome.Status.ERROR) {
            if (log.isWarnEnabled()) {
                log.warn("{}", line(call));
            }
        } else if (log.isInfoEnabled()) {
            log.info("{}", line(call));
        }
    }

    @Override
    public void onTool(ToolRecord tool) {
        if (log.isDebugEnabled()) {
            StringBuilder sb = new StringBuilder("llmkit tool");
            kv(sb, "call_id", tool.callId());
            kv(sb, "tool", tool.call().name());
            kv(sb, "tool_call_id", tool.call().id());
            kv(sb, "status", tool.error() ? "error" : "ok");
            kv(sb, "latency_ms", Long.toString(tool.latency().toMillis()));
            log.debug("{}", sb);
        }
    }

    @Override
    public String toString() {
        return "CallLog{" + log.getName() + "}";
    }
}
