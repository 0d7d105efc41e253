package dev.llmkit.batch;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A separate JVM for {@link KilledJobContract}: runs (or resumes) job "kill-test" over the request file with a model
 * that takes 5 ms per call and appends the item's custom id to a calls log as each call starts, then exits when the
 * job ends. Arguments: the store file, the requests file, the calls log.
 */
public final class BatchWorkerMain {
    private BatchWorkerMain() {}

    public static void main(String[] args) throws Exception {
        run(JobStore.open(Path.of(args[0])), Path.of(args[1]), Path.of(args[2]));
    }

    /** Runs the job on {@code store}, then exits the JVM. */
    public static void run(JobStore opened, Path requests, Path calls) throws Exception {
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                try {
                    Files.writeString(calls, request.lastUserText() + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Thread.sleep(5);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ChatResponse.of("answer to " + request.lastUserText(), "fake");
            }

            @Override
            public StreamHandle stream(ChatRequest request, StreamHandler handler) {
                throw new UnsupportedOperationException();
            }
        };
        try (JobStore store = opened;
                BatchRunner runner = BatchRunner.builder(store, model).workers(3).lease(Duration.ofSeconds(1)).build()) {
            runner.submit("kill-test", "kill-test", Files.readAllLines(requests), 0, null);
            JobStatus s = runner.await("kill-test", Duration.ofMinutes(5));
            System.out.println("ended " + s.state() + " " + s.done());
        }
        System.exit(0);
    }
}
