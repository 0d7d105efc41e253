package dev.llmkit.agent;

import dev.llmkit.api.ToolCall;
import dev.llmkit.testing.FakeChatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run that a test kills: its model asks for two tool calls, then hangs on its next call, so the process is killed
 * (SIGKILL) after both results were checkpointed. Arguments: the run-store folder and the tool log file.
 */
public final class CrashingRun {
    private CrashingRun() {}

    /** The tools: each call appends its id to the log (one line per execution). */
    public static final class Logged {
        private final Path log;

        public Logged(Path log) {
            this.log = log;
        }

        @Tool("Records an order line")
        public String order(String item) throws IOException {
            Files.writeString(log, item + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
            return "ordered " + item;
        }
    }

    public static void main(String[] args) {
        Path store = Path.of(args[0]);
        Path log = Path.of(args[1]);
        FakeChatModel model = FakeChatModel.builder()
                .then(FakeChatModel.Step.toolCalls(new ToolCall("a", "order", "{\"item\":\"tea\"}"),
                        new ToolCall("b", "order", "{\"item\":\"milk\"}")))
                .hang() // the process is killed while the model "thinks"
                .build();
        try (Agent agent = Agent.builder(model).tools(MethodTools.from(new Logged(log)))
                .runStore(FileRunStore.in(store)).build()) {
            agent.run("run-crash", "Order tea and milk");
        }
    }
}
