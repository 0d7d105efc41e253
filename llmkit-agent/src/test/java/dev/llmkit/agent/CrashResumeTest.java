package dev.llmkit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.Message;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.testing.FakeChatModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run in another JVM is killed with SIGKILL mid-run, and resumed here: no recorded tool call runs twice. */
class CrashResumeTest {

    @Test
    void aKilledRunResumesWithoutRunningARecordedToolCallAgain(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("runs");
        Path log = tmp.resolve("tools.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingRun.class.getName(), store.toString(), log.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.out").toFile()).start();
        try {
            Path checkpoint = store.resolve("run-crash.json");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until && !(Files.exists(checkpoint) && bothResults(checkpoint))) {
                assertThat(child.isAlive()).as("the child ended early: " + Files.readString(tmp.resolve("child.out")))
                        .isTrue();
                Thread.sleep(50);
            }
            assertThat(bothResults(checkpoint)).isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally in the child
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("tea", "milk");

        FakeChatModel model = FakeChatModel.builder().respond("Ordered tea and milk.").build();
        try (Agent agent = Agent.builder(model).tools(MethodTools.from(new CrashingRun.Logged(log)))
                .runStore(FileRunStore.in(store)).build()) {
            AgentResult r = agent.resume("run-crash");

            assertThat(r.outcome()).isEqualTo(AgentOutcome.COMPLETED);
            assertThat(r.answer()).contains("Ordered tea and milk.");
            List<Message> sent = model.requests().get(0).messages();
            assertThat(sent).filteredOn(m -> m instanceof ToolResultMessage).extracting(Message::text)
                    .containsExactlyInAnyOrder("ordered tea", "ordered milk");
        }
        assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("tea", "milk"); // nothing ran twice
        assertThat(new File(store.toFile(), "run-crash.json.tmp")).doesNotExist();
    }

    private static boolean bothResults(Path checkpoint) {
        try {
            String json = Files.readString(checkpoint);
            return json.contains("\"ordered tea\"") && json.contains("\"ordered milk\"");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
