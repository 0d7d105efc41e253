package dev.llmkit.examples.readme;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.routing.rollout.Canary;
import dev.llmkit.routing.rollout.CanaryEvent;
import dev.llmkit.routing.rollout.Experiment;
import dev.llmkit.routing.rollout.PromptTemplates;
import dev.llmkit.routing.rollout.Shadow;
import dev.llmkit.routing.rollout.ShadowResult;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** The rollout guide's example (docs/rollout.md): a prompt A/B test, a model canary and a shadow, together. */
public final class RolloutExample {
    private RolloutExample() {}

    /**
     * The production path: {@code next} takes traffic from {@code production} in canary stages, and a sample of every
     * call is copied to {@code cheap} for comparison, never delaying the user. Close it to stop the shadow's threads.
     */
    public static Shadow assemble(ChatModel production, ChatModel next, ChatModel cheap,
            Consumer<ShadowResult> comparisons, Consumer<CanaryEvent> alerts) {
        Canary canary = Canary.builder("next-model", production, next)
                .window(Duration.ofMinutes(15)).minCalls(200)              // judge each stage on 200 calls, 15 minutes
                .maxErrorRate(0.02).maxP99(Duration.ofSeconds(8))          // roll back beyond these
                .listener(alerts)                                          // every stage change and the rollback
                .build();
        return Shadow.builder(canary, cheap)
                .sample(0.05).maxInFlight(4)                               // 5 % of calls, at most 4 at once
                .recorder(comparisons)                                     // both answers, when both are in
                .build();
    }

    /** The prompt A/B test: 90 % of users keep v1, 10 % get v2, each user always the same one. */
    public static Experiment<String> promptTest() {
        return Experiment.<String>builder("answer-prompt", Experiment.Sticky.USER)
                .arm("v1", 90, "v1").arm("v2", 10, "v2").build();
    }

    /** A question for {@code user}, rendered with the prompt version the experiment gives them. */
    public static ChatRequest question(PromptTemplates templates, Experiment<String> test, String user, String text) {
        String version = test.assign(user).value();
        return templates.template("answer", version).request(Map.of("question", text)).toBuilder().endUser(user)
                .build();
    }
}
