package dev.llmkit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ContentPart;
import dev.llmkit.api.Message;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.UserMessage;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRunStoreTest {

    @Test
    void savesAndReadsBackEveryKindOfMessage(@TempDir Path tmp) {
        FileRunStore store = FileRunStore.in(tmp.resolve("runs"));
        RunState state = new RunState("r-1", "task", List.of(Message.system("be brief"),
                UserMessage.of(new ContentPart.Text("look"), new ContentPart.ImageUrl(URI.create("https://x.example/a.png")),
                        new ContentPart.ImageData(new byte[] {1, 2, 3}, "image/png")),
                new AssistantMessage("checking", List.of(new ToolCall("c1", "price", "{\"item\":\"tea\"}"))),
                new ToolResultMessage("c1", "price", "3.5", false)), 1, 42, new BigDecimal("0.0031"),
                AgentOutcome.MAX_STEPS);

        store.save(state);
        RunState back = store.load("r-1").orElseThrow();

        assertThat(back.messages()).hasSize(4);
        assertThat(back.messages().get(1)).isInstanceOfSatisfying(UserMessage.class, u -> {
            assertThat(u.parts()).hasSize(3);
            assertThat(((ContentPart.ImageData) u.parts().get(2)).data()).containsExactly(1, 2, 3);
        });
        assertThat(back.messages().get(2)).isEqualTo(state.messages().get(2));
        assertThat(back.messages().get(3)).isEqualTo(state.messages().get(3));
        assertThat(back.cost()).isEqualByComparingTo("0.0031");
        assertThat(back.outcome()).isEqualTo(AgentOutcome.MAX_STEPS);
        assertThat(store.load("r-2")).isEmpty();
        store.delete("r-1");
        assertThat(store.load("r-1")).isEmpty();
    }

    @Test
    void aSharedKeyValueStoreKeepsRunsAsJsonUnderTheirIds() {
        dev.llmkit.api.store.InMemoryCacheStore<String> kv = new dev.llmkit.api.store.InMemoryCacheStore<>();
        RunStore store = RunStore.on(kv, java.time.Duration.ofDays(7));
        RunState state = new RunState("r-9", "task", List.of(Message.system("be brief"), UserMessage.of("hi")), 1, 7,
                new BigDecimal("0.0002"), AgentOutcome.COMPLETED);

        store.save(state);

        assertThat(kv.get("r-9")).hasValueSatisfying(json -> assertThat(json).contains("\"runId\":\"r-9\""));
        RunState back = RunStore.on(kv, java.time.Duration.ofDays(7)).load("r-9").orElseThrow();
        assertThat(back.messages()).isEqualTo(state.messages());
        assertThat(back.outcome()).isEqualTo(AgentOutcome.COMPLETED);
        kv.put("bad", "{half", java.time.Duration.ofMinutes(1));
        assertThatThrownBy(() -> store.load("bad")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("delete it");
        store.delete("r-9");
        assertThat(store.load("r-9")).isEmpty();
        assertThatThrownBy(() -> RunStore.on(kv, java.time.Duration.ZERO)).hasMessageContaining("positive TTL");
    }

    @Test
    void aCorruptCheckpointOrABadRunIdIsAClearError(@TempDir Path tmp) throws Exception {
        FileRunStore store = FileRunStore.in(tmp);
        Files.writeString(tmp.resolve("bad.json"), "{half");

        assertThatThrownBy(() -> store.load("bad")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("delete the file");
        assertThatThrownBy(() -> store.load("../etc/passwd")).hasMessageContaining("not usable as a file name");
        Files.writeString(tmp.resolve("odd.json"), "{\"version\":1,\"runId\":\"odd\",\"task\":\"t\",\"cost\":\"0\","
                + "\"outcome\":\"EXPLODED\",\"messages\":[]}");
        assertThatThrownBy(() -> store.load("odd")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("malformed checkpoint");
    }
}
