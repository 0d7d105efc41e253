package dev.llmkit.examples.cli;

import dev.llmkit.api.ChatModel;
import dev.llmkit.observability.AuditLog;
import dev.llmkit.observability.Observability;
import dev.llmkit.observability.OtelTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The CLI's observability: spans collected in memory and printed as a tree ({@code --trace}, {@code --verbose}), and
 * an audit log of model calls under {@code $LLMKIT_HOME/audit} that {@code llmkit usage} reads.
 */
final class CliTrace implements AutoCloseable {
    private final List<SpanData> spans = new ArrayList<>();
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final Observability observability;

    /**
     * Tracing that keeps spans only when {@code collect} (they are printed only then), and an audit log in
     * {@code auditFolder} when it can be opened (a note on {@code err} when not: the command goes on without it).
     */
    CliTrace(Path auditFolder, boolean collect, PrintWriter err) {
        io.opentelemetry.sdk.trace.SdkTracerProviderBuilder tracing = SdkTracerProvider.builder();
        if (collect) {
            tracing.addSpanProcessor(SimpleSpanProcessor.create(new Collector()));
        }
        provider = tracing.build();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        tracer = otel.getTracer("dev.llmkit.cli");
        Observability.Builder b = Observability.builder().observer(OtelTracing.create(otel));
        try {
            b.observer(AuditLog.builder(auditFolder).build());
        } catch (java.io.UncheckedIOException e) {
            err.println("llmkit: model calls are not audited: " + e.getMessage());
        }
        observability = b.build();
    }

    /** The folder of the audit log under an llmkit home. */
    static Path auditFolder(Path home) {
        return home.resolve("audit");
    }

    Observability observability() {
        return observability;
    }

    ChatModel observe(ChatModel model) {
        return observability.observe(model);
    }

    /** Runs {@code work} inside a root span named {@code name}. */
    <T> T run(String name, Callable<T> work) throws Exception {
        Span root = tracer.spanBuilder(name).startSpan();
        try (Scope s = root.makeCurrent()) {
            return work.call();
        } finally {
            root.end();
        }
    }

    /** Prints every trace collected so far as an indented tree. */
    void print(PrintWriter err) {
        List<SpanData> all;
        synchronized (spans) {
            all = new ArrayList<>(spans);
        }
        all.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
        for (SpanData root : all) {
            if (!root.getParentSpanContext().isValid()) {
                err.println("Trace " + root.getTraceId());
                print(err, root, all, "", true);
            }
        }
        err.flush();
    }

    private static void print(PrintWriter err, SpanData span, List<SpanData> all, String indent, boolean last) {
        long ms = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000;
        err.println(indent + (last ? "└─ " : "├─ ") + span.getName() + "  " + ms + " ms" + details(span));
        String childIndent = indent + (last ? "   " : "│  ");
        for (EventData e : span.getEvents()) {
            err.println(childIndent + "· " + e.getName());
        }
        List<SpanData> children = all.stream().filter(s -> s.getParentSpanId().equals(span.getSpanId())
                && s.getTraceId().equals(span.getTraceId())).toList();
        for (int i = 0; i < children.size(); i++) {
            print(err, children.get(i), all, childIndent, i == children.size() - 1);
        }
    }

    private static String details(SpanData s) {
        StringBuilder sb = new StringBuilder();
        var a = s.getAttributes();
        Long in = a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"));
        Long out = a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"));
        if (in != null) {
            sb.append("  tokens ").append(in).append(out == null ? "" : " in, " + out + " out");
        }
        String outcome = a.get(AttributeKey.stringKey("llmkit.outcome"));
        if (outcome != null) {
            sb.append("  ").append(outcome);
        }
        String cache = a.get(AttributeKey.stringKey("llmkit.cache"));
        if (cache != null && !cache.equals("none")) {
            sb.append("  cache ").append(cache);
        }
        List<String> ids = a.get(AttributeKey.stringArrayKey("llmkit.retrieval.chunk_ids"));
        List<Double> scores = a.get(AttributeKey.doubleArrayKey("llmkit.retrieval.scores"));
        if (ids != null) {
            sb.append("  ").append(ids.size()).append(ids.size() == 1 ? " chunk" : " chunks");
            if (scores != null && !scores.isEmpty()) {
                sb.append(String.format(Locale.ROOT, ", best %.3f", scores.get(0)));
            }
            if (!ids.isEmpty()) {
                String first = ids.get(0);
                sb.append(" (").append(first.substring(first.lastIndexOf('/') + 1)).append(ids.size() > 1 ? ", ..." : "")
                        .append(")");
            }
        }
        String error = a.get(AttributeKey.stringKey("error.type"));
        if (error != null) {
            sb.append("  error ").append(error);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        provider.close();
        observability.close();
    }

    /** Keeps finished spans in memory. */
    private final class Collector implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            synchronized (spans) {
                spans.addAll(batch);
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
