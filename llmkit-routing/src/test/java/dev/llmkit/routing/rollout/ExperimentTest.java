package dev.llmkit.routing.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.contract.ChatModelContract;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ExperimentTest {

    private static ChatRequest from(String user) {
        return ChatRequest.builder().user("hello").endUser(user).build();
    }

    @Test
    void aUserKeepsTheirArmAcrossCallsAndInstances() {
        for (int u = 0; u < 200; u++) {
            String user = "user-" + u;
            String first = Experiment.<String>builder("ab", Experiment.Sticky.USER).arm("a", 50, "a").arm("b", 50, "b")
                    .build().assign(from(user)).name();
            for (int i = 0; i < 5; i++) {
                Experiment<String> again = Experiment.<String>builder("ab", Experiment.Sticky.USER).arm("a", 50, "a")
                        .arm("b", 50, "b").build();
                assertThat(again.assign(from(user)).name()).isEqualTo(first);
            }
        }
    }

    @Test
    void theSplitMatchesTheWeightsWithinFourStandardDeviations() {
        Experiment<String> e = Experiment.<String>builder("prompt-v2", Experiment.Sticky.USER)
                .arm("v1", 90, "v1").arm("v2", 10, "v2").build();
        int n = 20_000;
        int v2 = 0;
        for (int u = 0; u < n; u++) {
            if (e.assign("user-" + u).name().equals("v2")) {
                v2++;
            }
        }
        double sd = Math.sqrt(n * 0.1 * 0.9); // 42.4
        assertThat((double) v2).isBetween(n * 0.1 - 4 * sd, n * 0.1 + 4 * sd);
    }

    @Test
    void differentExperimentsSplitTheSameUsersIndependently() {
        Experiment<String> a = Experiment.<String>builder("one", Experiment.Sticky.USER).arm("x", 50, "x")
                .arm("y", 50, "y").build();
        Experiment<String> b = Experiment.<String>builder("two", Experiment.Sticky.USER).arm("x", 50, "x")
                .arm("y", 50, "y").build();
        int same = 0;
        for (int u = 0; u < 4000; u++) {
            if (a.assign("u" + u).name().equals(b.assign("u" + u).name())) {
                same++;
            }
        }
        assertThat(same).isBetween(1800, 2200);
    }

    @Test
    void routedResponsesCarryTheExperimentTheArmAndThePrompt() {
        ChatModel model = Experiment.route(Experiment.<ChatModel>builder("models", Experiment.Sticky.TENANT)
                .arm("fast", 100, FakeChatModel.always("quick")).arm("big", 0, FakeChatModel.always("slow")).build());
        ChatRequest request = PromptTemplate.of("greet", "v3", "Hi {{name}}", Map.of("name",
                PromptTemplate.Type.STRING)).request(Map.of("name", "Ada"));

        ChatResponse r = model.chat(request);

        assertThat(r.text()).isEqualTo("quick");
        assertThat(r.attributes()).containsEntry(Experiment.ATTR_EXPERIMENT, "models")
                .containsEntry(Experiment.ATTR_ARM, "fast").containsEntry(PromptTemplate.ATTR_ID, "greet")
                .containsEntry(PromptTemplate.ATTR_VERSION, "v3");
    }

    @Test
    void anArmThatThrowsFromStreamEndsTheStreamWithOneError() {
        ChatModel broken = new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                throw new IllegalStateException("unused");
            }

            @Override
            public dev.llmkit.api.StreamHandle stream(ChatRequest request, dev.llmkit.api.StreamHandler handler) {
                throw new IllegalStateException("bug in the arm's model");
            }
        };
        ChatModel model = Experiment.route(Experiment.<ChatModel>builder("e", Experiment.Sticky.USER)
                .arm("only", 100, broken).build());
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        model.stream(from("u1"), new dev.llmkit.api.StreamHandler() {
            @Override
            public void onStart(dev.llmkit.api.StreamHandle handle) {
                events.add("start");
            }

            @Override
            public void onToken(String token) {
                events.add("token");
            }

            @Override
            public void onComplete(ChatResponse response) {
                events.add("complete");
            }

            @Override
            public void onError(dev.llmkit.api.error.LlmException error) {
                events.add("error");
            }
        });

        assertThat(events).containsExactly("start", "error");
    }

    @Test
    void weightsMustAddUpToAHundred() {
        assertThatThrownBy(() -> Experiment.<String>builder("e", Experiment.Sticky.USER).arm("a", 60, "a")
                .arm("b", 30, "b").build()).hasMessageContaining("add up to 100");
    }

    @Nested
    class Contract extends ChatModelContract {
        @Override
        protected ChatModel modelAnswering(String text) {
            return Experiment.route(Experiment.<ChatModel>builder("c", Experiment.Sticky.USER)
                    .arm("a", 50, FakeChatModel.always(text)).arm("b", 50, FakeChatModel.always(text)).build());
        }

        @Override
        protected ChatModel modelFailingWithServerError() {
            ChatModel failing = FakeChatModel.builder()
                    .otherwiseStep(r -> FakeChatModel.Step.fail(new ServerErrorException("HTTP 503"))).build();
            return Experiment.route(Experiment.<ChatModel>builder("c", Experiment.Sticky.USER).arm("a", 100, failing)
                    .build());
        }
    }
}
