package dev.llmkit.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.routing.rollout.CanaryEvent;
import dev.llmkit.routing.rollout.Experiment;
import dev.llmkit.routing.rollout.PromptTemplate;
import dev.llmkit.routing.rollout.PromptTemplates;
import dev.llmkit.routing.rollout.ShadowResult;
import dev.llmkit.testing.FakeChatModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RolloutExampleTest {

    @Test
    void theGuidesAssemblyAnswersFromProductionAndStampsTheCanaryAndThePrompt() {
        PromptTemplates templates = PromptTemplates.of(List.of(
                PromptTemplate.of("answer", "v1", "Answer: {{question}}", Map.of("question", PromptTemplate.Type.STRING)),
                PromptTemplate.of("answer", "v2", "Answer briefly: {{question}}",
                        Map.of("question", PromptTemplate.Type.STRING))));
        Experiment<String> test = RolloutExample.promptTest();
        List<ShadowResult> comparisons = new CopyOnWriteArrayList<>();
        List<CanaryEvent> alerts = new CopyOnWriteArrayList<>();
        try (var model = RolloutExample.assemble(FakeChatModel.always("production"), FakeChatModel.always("next"),
                FakeChatModel.always("cheap"), comparisons::add, alerts::add)) {
            check(model, templates, test, alerts);
        }
    }

    private static void check(ChatModel model, PromptTemplates templates, Experiment<String> test,
            List<CanaryEvent> alerts) {

        Map<String, Integer> versions = new HashMap<>();
        Map<String, Integer> arms = new HashMap<>();
        for (int u = 0; u < 1000; u++) {
            ChatRequest q = RolloutExample.question(templates, test, "user-" + u, "When are refunds paid?");
            ChatResponse r = model.chat(q);
            versions.merge(r.attributes().get(PromptTemplate.ATTR_VERSION), 1, Integer::sum);
            arms.merge(r.attributes().get(Experiment.ATTR_ARM), 1, Integer::sum);
            assertThat(r.text()).isEqualTo(r.attributes().get(Experiment.ATTR_ARM).equals("stable") ? "production"
                    : "next");
        }

        assertThat(versions.get("v2")).isBetween(60, 140);          // about 10 % of 1,000 users
        assertThat(arms.get("candidate")).isBetween(1, 40);         // the canary's first stage: about 1 %
        assertThat(alerts).isEmpty();                               // no stage judged within a minute
    }
}
