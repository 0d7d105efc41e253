package dev.llmkit.observability;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Usage and cost totals per tenant, user, tag and model, kept as calls end ({@link #onCall}) or rebuilt from an
 * {@link AuditLog} folder ({@link #fromAudit}). A call counts once under its tenant, its user and its model, and once
 * under each of its tags; calls without a tenant or user count under {@code "-"}. Thread-safe.
 *
 * <pre>{@code
 * UsageReport usage = UsageReport.create();
 * Observability obs = Observability.of(usage);
 * ...
 * for (UsageReport.Row r : usage.rows(UsageReport.By.TENANT)) {
 *     System.out.println(r.key() + " " + r.cost());
 * }
 * }</pre>
 */
public final class UsageReport implements CallObserver {
    /** What rows are grouped by. */
    public enum By {
        /** The call context's tenant. */
        TENANT,
        /** The call context's user. */
        USER,
        /** Each of the call context's tags. */
        TAG,
        /** The model that answered, or the one asked for when none did. */
        MODEL
    }

    /**
     * Totals for one key.
     *
     * @param key the tenant, user, tag or model
     * @param calls logical calls
     * @param errors calls that failed
     * @param cacheHits calls a cache answered
     * @param inputTokens input tokens
     * @param outputTokens output tokens
     * @param cost US dollars, for calls whose model's prices are known
     */
    public record Row(String key, long calls, long errors, long cacheHits, long inputTokens, long outputTokens,
            BigDecimal cost) {
    }

    private final Map<By, Map<String, Totals>> totals = new EnumMap<>(By.class);

    private UsageReport() {
        for (By by : By.values()) {
            totals.put(by, new ConcurrentHashMap<>());
        }
    }

    /** An empty report. */
    public static UsageReport create() {
        return new UsageReport();
    }

    /** A report of every {@code call} line in the audit files of {@code folder}. */
    public static UsageReport fromAudit(Path folder) {
        return fromAudit(AuditLog.read(folder));
    }

    /** A report of the {@code call} lines among {@code lines}. */
    public static UsageReport fromAudit(List<JsonNode> lines) {
        UsageReport r = create();
        for (JsonNode l : lines) {
            if (!"call".equals(l.path("type").asText())) {
                continue;
            }
            List<String> tags = new ArrayList<>();
            l.path("tags").forEach(t -> tags.add(t.asText()));
            String model = l.hasNonNull("response_model") ? l.get("response_model").asText() : l.path("model").asText();
            r.add(l.path("tenant").asText("-"), l.path("user").asText("-"), tags, model,
                    "error".equals(l.path("status").asText()), "hit".equals(l.path("cache").asText()),
                    l.path("tokens_in").asLong(), l.path("tokens_out").asLong(),
                    l.hasNonNull("cost_usd") ? l.get("cost_usd").decimalValue() : BigDecimal.ZERO);
        }
        return r;
    }

    @Override
    public void onCall(CallRecord c) {
        add(c.request().context().tenant().orElse("-"), c.request().context().user().orElse("-"),
                c.request().context().tags(), c.responseModel().orElse(c.model()), c.status() == Outcome.Status.ERROR,
                c.cache() == CallRecord.Cache.HIT, c.cache() == CallRecord.Cache.HIT ? 0 : c.usage().inputTokens(),
                c.cache() == CallRecord.Cache.HIT ? 0 : c.usage().outputTokens(), c.cost().orElse(BigDecimal.ZERO));
    }

    private void add(String tenant, String user, Iterable<String> tags, String model, boolean error, boolean hit,
            long in, long out, BigDecimal cost) {
        totals.get(By.TENANT).computeIfAbsent(tenant, k -> new Totals()).add(error, hit, in, out, cost);
        totals.get(By.USER).computeIfAbsent(user, k -> new Totals()).add(error, hit, in, out, cost);
        totals.get(By.MODEL).computeIfAbsent(model, k -> new Totals()).add(error, hit, in, out, cost);
        for (String t : tags) {
            totals.get(By.TAG).computeIfAbsent(t, k -> new Totals()).add(error, hit, in, out, cost);
        }
    }

    /** The rows grouped {@code by}, highest cost first, then most calls, then by key. */
    public List<Row> rows(By by) {
        List<Row> out = new ArrayList<>();
        totals.get(by).forEach((k, t) -> out.add(t.row(k)));
        out.sort(Comparator.comparing(Row::cost).reversed().thenComparing(Comparator.comparingLong(Row::calls)
                .reversed()).thenComparing(Row::key));
        return List.copyOf(out);
    }

    /** The totals of every call. */
    public Row total() {
        Totals all = new Totals();
        totals.get(By.MODEL).values().forEach(t -> t.addTo(all));
        return all.row("total");
    }

    /** The keys grouped {@code by}. */
    public Set<String> keys(By by) {
        return Set.copyOf(totals.get(by).keySet());
    }

    /** A text table of {@link #rows(By)} and the total, for a terminal. */
    public String table(By by) {
        List<Row> rows = new ArrayList<>(rows(by));
        rows.add(total());
        int w = Math.max(by.name().length(), rows.stream().mapToInt(r -> r.key().length()).max().orElse(5));
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + w + "s %7s %7s %7s %10s %10s %12s%n";
        sb.append(String.format(Locale.ROOT, fmt, by.name().toLowerCase(Locale.ROOT), "calls", "errors", "cached",
                "tokens in", "tokens out", "cost USD"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.key(), r.calls(), r.errors(), r.cacheHits(), r.inputTokens(),
                    r.outputTokens(), r.cost().setScale(6, RoundingMode.HALF_UP).toPlainString()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "UsageReport{" + total() + "}";
    }

    /** One key's running totals. */
    private static final class Totals {
        private long calls;
        private long errors;
        private long hits;
        private long in;
        private long out;
        private BigDecimal cost = BigDecimal.ZERO;

        synchronized void add(boolean error, boolean hit, long in, long out, BigDecimal cost) {
            calls++;
            errors += error ? 1 : 0;
            hits += hit ? 1 : 0;
            this.in += in;
            this.out += out;
            this.cost = this.cost.add(cost);
        }

        synchronized void addTo(Totals t) {
            synchronized (t) {
                t.calls += calls;
                t.errors += errors;
                t.hits += hits;
                t.in += in;
                t.out += out;
                t.cost = t.cost.add(cost);
            }
        }

        synchronized Row row(String key) {
            return new Row(key, calls, errors, hits, in, out, cost);
        }
    }
}
