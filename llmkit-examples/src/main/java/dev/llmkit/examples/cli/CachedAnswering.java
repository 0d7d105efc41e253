package dev.llmkit.examples.cli;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.FinishReason;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.cache.ResponseCache;
import dev.llmkit.rag.Citation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code ask} and {@code chat} answering through llmkit-cache: an answer given before to the same question, or to one
 * close in meaning that the lexical verifier accepts, is printed again without retrieval or a model call. Answers are
 * kept in the index folder ({@value #FILE}) for a day, so that separate {@code ask} runs share them; each remembers the
 * documents it cites with their content hashes, and is dropped when one of them changes or leaves the index. The
 * cache's key includes the answering mode (extractive, or which model) and the thresholds; with a model, a
 * conversation's earlier turns are part of it too.
 */
final class CachedAnswering implements AutoCloseable {
    /** The answer cache's file in the index folder. */
    static final String FILE = "answer-cache.jsonl";
    /** Cosine similarity from which a differently worded question may reuse an answer (see docs/benchmarks.md). */
    static final double THRESHOLD = 0.90;

    private final Answering answering;
    private final PrintWriter out;
    private final TeeWriter tee;
    private final ResponseCache cache;
    private final Path file;
    private final Map<String, String> hashes;
    private final PrintWriter err;

    CachedAnswering(Pipeline pipeline, Optional<ModelConfig.Configured> model, PrintWriter out, PrintWriter err,
            AnswerOptions options, ChatModelListener listener, java.util.function.UnaryOperator<ChatModel> observe) {
        this.out = out;
        this.err = err;
        this.tee = new TeeWriter(out);
        this.answering = new Answering(pipeline, model, new PrintWriter(tee, true), options.minScore,
                options.minSupport, CliGuardrails.of(model, listener, !options.noGuardrails).observedBy(observe));
        this.file = pipeline.folder.resolve(FILE);
        this.hashes = pipeline.catalog.documentHashes("");
        String version = String.format(Locale.ROOT, "cli-1|%s|%s|%s", model.map(ModelConfig.Configured::label)
                .orElse("extractive"), options.minScore, options.minSupport);
        this.cache = ResponseCache.builder(new AnswerStep()).semantic(pipeline.embeddings, THRESHOLD)
                .semanticRefresh(Duration.ZERO)
                .ttl(Duration.ofDays(1)).maxEntries(5_000).modelVersion(version).listener(listener).build();
        try {
            cache.loadFrom(file);
        } catch (RuntimeException e) {
            out.flush();
            throw new CliException(1, "The answer cache " + file + " cannot be read (" + e.getMessage() + "); delete"
                    + " it, or pass --no-cache.");
        }
        for (String source : cache.sources()) {
            int at = source.lastIndexOf('@');
            String document = at < 0 ? source : source.substring(0, at);
            if (at < 0 || !source.substring(at + 1).equals(hashes.get(document))) {
                cache.invalidateSource(source); // the document changed or left the index
            }
        }
    }

    /** Answers and prints, from the cache when it can; returns whether the documents supported an answer. */
    boolean answer(String question) {
        ChatRequest request = ChatRequest.builder().messages(answering.history()).user(question).build();
        ChatResponse r = cache.chat(request);
        if (r.attribute(ChatResponse.ATTR_CACHE).isPresent()) {
            out.print(r.text());
            out.flush();
        }
        return r.finishReason() == FinishReason.STOP;
    }

    /** Saves the answers for the next run. */
    @Override
    public void close() {
        try {
            cache.saveTo(file);
        } catch (RuntimeException e) {
            err.println("llmkit: could not save the answer cache " + file + ": " + e.getMessage());
            err.flush();
        } finally {
            cache.close();
        }
    }

    /** The step the cache sits in front of: retrieve and answer (printing as it goes), returning what was printed. */
    private final class AnswerStep implements ChatModel {
        @Override
        public ChatResponse chat(ChatRequest request) {
            tee.capture();
            boolean answered;
            String printed;
            try {
                answered = answering.answer(request.lastUserText());
            } finally {
                printed = tee.captured();
            }
            ChatResponse.Builder b = ChatResponse.builder().text(printed)
                    .finishReason(answered ? FinishReason.STOP : FinishReason.OTHER).model("llmkit-cli");
            answering.lastResponse().ifPresent(m -> {
                b.usage(m.usage()).model(m.model());
                m.cost().ifPresent(b::cost);
            });
            String sources = answering.lastCited().stream().map(Citation::chunk).map(c -> c.chunk().documentId())
                    .distinct().map(d -> d + "@" + hashes.getOrDefault(d, "?")).collect(Collectors.joining(","));
            if (!sources.isEmpty()) {
                b.attribute(ResponseCache.ATTR_SOURCES, sources);
            }
            return b.build();
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            handler.onStart(StreamHandle.ended());
            ChatResponse r;
            try {
                r = chat(request);
            } catch (LlmException e) {
                handler.onError(e);
                return StreamHandle.ended();
            }
            handler.onToken(r.text());
            handler.onComplete(r);
            return StreamHandle.ended();
        }

        @Override
        public ModelInfo info() {
            return ModelInfo.builder("llmkit-cli", "answer").build();
        }
    }

    /** Passes everything to the terminal and, while capturing, keeps a copy of it. */
    private static final class TeeWriter extends Writer {
        private final Writer out;
        private StringWriter copy;

        TeeWriter(Writer out) {
            this.out = out;
        }

        /** Starts keeping a copy. */
        void capture() {
            copy = new StringWriter();
        }

        /** What was written since {@link #capture}; stops keeping a copy. */
        String captured() {
            String text = copy == null ? "" : copy.toString();
            copy = null;
            return text;
        }

        @Override
        public void write(char[] buf, int off, int len) throws java.io.IOException {
            out.write(buf, off, len);
            if (copy != null) {
                copy.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            out.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            out.flush();
        }
    }
}
