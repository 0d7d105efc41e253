package dev.llmkit.batch;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.RejectedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Runs one item of a local job, by its line's kind (chat, embedding or ingestion), with retries, and records the
 * answer or the failure in the store.
 */
final class ItemRunner {
    /** The longest a worker waits on a model that refused an item for now. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    private final JobStore store;
    private final @Nullable ChatModel model;
    private final @Nullable EmbeddingModel embeddings;
    private final @Nullable IngestItems ingestion;
    private final int attempts;
    private final BooleanSupplier closed;

    ItemRunner(JobStore store, @Nullable ChatModel model, @Nullable EmbeddingModel embeddings,
            @Nullable IngestItems ingestion, int attempts, BooleanSupplier closed) {
        this.store = store;
        this.model = model;
        this.embeddings = embeddings;
        this.ingestion = ingestion;
        this.attempts = attempts;
        this.closed = closed;
    }

    /**
     * Checks that this runner can run the line; throws {@link IllegalArgumentException} saying what is wrong.
     */
    void check(String line) {
        if (BatchRequests.ingestion(line).isPresent()) {
            if (ingestion == null) {
                throw new IllegalArgumentException("an ingestion line needs a runner with an ingestor "
                        + "(BatchRunner.Builder.ingestion)");
            }
        } else if (BatchRequests.embeddingInput(line).isPresent()) {
            if (embeddings == null) {
                throw new IllegalArgumentException("an embedding line needs a runner with an embedding model "
                        + "(BatchRunner.Builder.embeddings)");
            }
        } else {
            BatchRequests.parse(line);
            if (model == null) {
                throw new IllegalArgumentException("a chat request line needs a runner with a chat model "
                        + "(BatchRunner.builder(store, model))");
            }
        }
    }

    /**
     * Whether this runner can run the line: a runner without an embedding model leaves embedding items alone, and one
     * on a machine without an ingestion item's folder leaves that item to the machine that has it.
     */
    boolean canRun(String line) {
        try {
            check(line);
            return BatchRequests.ingestion(line).map(i -> java.nio.file.Files.isDirectory(i.folder())).orElse(true);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Checks every line (as chat request lines only, with {@code chatOnly}), naming the first bad one. */
    void checkAll(java.util.List<String> lines, boolean chatOnly) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one request");
        }
        for (int i = 0; i < lines.size(); i++) {
            try {
                if (chatOnly) {
                    BatchRequests.parse(lines.get(i));
                } else {
                    check(lines.get(i));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("request line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
    }

    /** An item's answer line and what it cost. */
    private record Answer(String line, long inputTokens, long outputTokens, double cost) {}

    /** Runs one item; returns true when it must go back in the queue (the model refused it for now). */
    boolean run(String job, int index, String input) {
        String customId = BatchRequests.customId(input, index);
        Optional<BatchRequests.Ingestion> file = BatchRequests.ingestion(input);
        IngestItems ingest = ingestion;
        if (file.isPresent() && ingest != null) {
            return attempt(job, index, customId, attempt -> new Answer(ingest.run(customId, file.get()), 0, 0, 0));
        }
        Optional<String> text = BatchRequests.embeddingInput(input);
        EmbeddingModel embedder = embeddings;
        if (text.isPresent() && embedder != null) {
            return attempt(job, index, customId, attempt -> new Answer(BatchRequests.embedding(customId,
                    embedder.info().model(), embedder.embed(text.get())), 0, 0, 0));
        }
        ChatRequest request = BatchRequests.parse(input);
        ChatModel chat = model;
        if (chat == null) {
            return false; // never queued: requeue() leaves the lines this runner cannot run in the store
        }
        return attempt(job, index, customId, attempt -> {
            ChatResponse r = chat.chat(attempt == 1 ? request : request.nextAttempt());
            return new Answer(BatchRequests.answer(customId, r), r.usage().inputTokens(), r.usage().outputTokens(),
                    r.cost().map(BigDecimal::doubleValue).orElse(0.0));
        });
    }

    /**
     * Calls {@code call} up to {@code attempts} times while it fails retryably, then records the answer or the
     * failure; returns true when the model refused the item for now and it must go back in the queue.
     */
    private boolean attempt(String job, int index, String customId, IntFunction<Answer> call) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts && !closed.getAsBoolean(); attempt++) {
            Answer a;
            try {
                a = call.apply(attempt);
            } catch (RejectedException e) {
                // an open breaker or a full bulkhead says "not now", not "never": wait, then queue the item again
                return pause(e.retryAfter().filter(d -> !d.isNegative()).map(d -> d.compareTo(MAX_PAUSE) > 0
                        ? MAX_PAUSE : d).orElse(Duration.ofSeconds(1)));
            } catch (LlmException e) {
                last = e;
                if (!e.isRetryable()) {
                    break;
                }
                continue;
            } catch (RuntimeException e) {
                last = e; // a broken model, request or file: the item fails with the reason, the job goes on
                break;
            }
            store.complete(job, index, a.line(), a.inputTokens(), a.outputTokens(), a.cost());
            return false;
        }
        if (last != null && !closed.getAsBoolean()) {
            store.fail(job, index, BatchRequests.failure(customId, last.getClass().getSimpleName() + ": "
                    + last.getMessage()));
        }
        return false;
    }

    /** Sleeps unless closed; returns whether the runner is still open (the item should go back in the queue). */
    boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !closed.getAsBoolean();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
