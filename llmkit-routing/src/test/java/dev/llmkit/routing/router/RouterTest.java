package dev.llmkit.routing.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ContentPart;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.UserMessage;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.event.RouteEvent;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeEmbeddingModel;
import dev.llmkit.testing.RecordingListener;
import dev.llmkit.testing.contract.CallMode;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rules route by request features in order, classifiers label prompts, and every choice says why. */
class RouterTest {
    private final FakeChatModel small = FakeChatModel.builder().name("small").otherwise(r -> "small").build();
    private final FakeChatModel large = FakeChatModel.builder().name("large").otherwise(r -> "large").build();
    private final FakeChatModel vision = FakeChatModel.builder().name("vision").otherwise(r -> "vision").build();

    private Router.Builder routes() {
        return Router.builder().route("small", small).route("large", large).route("vision", vision);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void theFirstMatchingRuleWinsAndTheResponseSaysWhich(CallMode mode) {
        RecordingListener events = new RecordingListener();
        Router router = routes()
                .rule(Condition.hasImages(), "vision")
                .rule(Condition.tag("cheap"), "small")
                .rule(Condition.hasTools(), "large")
                .otherwise("large").listener(events).build();
        ChatRequest cheap = ChatRequest.builder().user("hi").tag("cheap").build();

        ChatResponse r = mode.call(router, cheap).orFail();

        assertThat(r.text()).isEqualTo("small");
        assertThat(r.attribute(ChatResponse.ATTR_ROUTE)).contains("small");
        assertThat(r.attribute(Router.ATTR_ROUTE_REASON)).contains("rule 2: tag 'cheap'");
        RouteEvent e = events.of(RouteEvent.class).get(0);
        assertThat(e.route()).isEqualTo("small");
        assertThat(e.model()).isEqualTo("small");
        assertThat(e.reason()).contains("rule 2: tag 'cheap'");
        assertThat(e.callId()).isEqualTo(cheap.context().callId());
    }

    @Test
    void eachFeatureRoutes() {
        Router router = routes()
                .rule(Condition.hasImages(), "vision")
                .rule(Condition.jsonOutput(), "large")
                .rule(Condition.tenant("free-co"), "small")
                .rule(Condition.attribute("tier", "gold"), "large")
                .rule(Condition.inputTokensAbove(50, TokenCounter.estimator()), "large")
                .rule(Condition.script(Character.UnicodeScript.HAN), "large")
                .rule(Condition.of("mentions refunds", r -> r.lastUserText().contains("refund")), "small")
                .otherwise("small").build();

        assertThat(router.chat(ChatRequest.builder().message(UserMessage.of(ContentPart.text("what is this?"),
                ContentPart.image(new byte[] {1, 2}, "image/png"))).build()).text()).isEqualTo("vision");
        assertThat(router.chat(ChatRequest.builder().user("list").responseFormat(ResponseFormat.JSON_OBJECT).build())
                .text()).isEqualTo("large");
        assertThat(router.chat(ChatRequest.builder().user("x").tenant("free-co").build()).text()).isEqualTo("small");
        assertThat(router.chat(ChatRequest.builder().user("x").attribute("tier", "gold").build()).text())
                .isEqualTo("large");
        assertThat(router.chat(ChatRequest.of("word ".repeat(80))).text()).isEqualTo("large");
        assertThat(router.chat(ChatRequest.of("请解释一下断路器是如何工作的")).text()).isEqualTo("large");
        assertThat(router.chat(ChatRequest.of("can I get a refund")).attribute(Router.ATTR_ROUTE_REASON))
                .contains("rule 7: mentions refunds");
        assertThat(router.chat(ChatRequest.of("hello")).attribute(Router.ATTR_ROUTE_REASON)).contains("no rule matched");
    }

    @Test
    void aRoutesFallbackChainTakesOverWhenItsTargetFails() {
        FakeChatModel down = FakeChatModel.builder().name("down").fail(new ServerErrorException("503")).build();
        Router router = Router.builder().route("main", down, large).otherwise("main").build();

        ChatResponse r = router.chat(ChatRequest.of("hi"));

        assertThat(r.text()).isEqualTo("large");
        assertThat(r.attribute(ChatResponse.ATTR_ROUTE)).contains("main");
        assertThat(r.attribute(ChatResponse.ATTR_FALLBACK)).isPresent();
    }

    @Test
    void aClassifierIsAskedOncePerCallHoweverManyRulesUseIt() {
        AtomicInteger calls = new AtomicInteger();
        Classifier counting = request -> {
            calls.incrementAndGet();
            return new Classification("medium", 1, "counted");
        };
        Router router = routes()
                .rule(Condition.classifiedAs("simple", counting), "small")
                .rule(Condition.classifiedAs("complex", counting), "large")
                .rule(Condition.classifiedAs("medium", counting), "vision")
                .otherwise("small").build();

        ChatResponse r = router.chat(ChatRequest.of("hi"));

        assertThat(r.text()).isEqualTo("vision");
        assertThat(r.attribute(Router.ATTR_ROUTE_REASON)).contains("rule 3: classified medium (counted)");
        assertThat(calls).hasValue(1);
    }

    @Test
    void misconfigurationIsReportedAtBuildTime() {
        assertThatThrownBy(() -> routes().rule(Condition.hasTools(), "nowhere").otherwise("small").build())
                .hasMessageContaining("no route named 'nowhere'");
        assertThatThrownBy(() -> routes().build()).hasMessageContaining(".otherwise(");
        assertThatThrownBy(() -> routes().route("small", large)).hasMessageContaining("declared twice");
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void aFailingCustomConditionIsOneTypedError(CallMode mode) {
        Router router = routes().rule(Condition.of("broken", r -> {
            throw new IllegalStateException("bug");
        }), "small").otherwise("large").build();

        CallMode.Outcome outcome = mode.call(router, ChatRequest.of("hi"));

        assertThat(outcome.error()).isInstanceOf(dev.llmkit.api.error.LlmException.class)
                .hasMessageContaining("could not choose a route");
        assertThat(outcome.response()).isNull();
    }

    @Test
    void theHeuristicTellsSimpleFromComplex() {
        HeuristicClassifier h = new HeuristicClassifier();

        assertThat(h.classify(ChatRequest.of("What are your opening hours?")).label()).isEqualTo("simple");
        assertThat(h.classify(ChatRequest.of("Design a sharded rate limiter and compare it with a token bucket."
                + " Which trade-offs matter? How would you debug it?")).label()).isEqualTo("complex");
        Classification code = h.classify(ChatRequest.builder().user("Why does this fail?\n```java\nint x = 1;\n```")
                .tool(ToolSpec.noParameters("run", "runs code")).build());
        assertThat(code.label()).isEqualTo("complex");
        assertThat(code.why()).contains("code").contains("tools offered").doesNotContain("int x");
    }

    @Test
    void theEmbeddingClassifierLabelsLikeTheNearestExamples() {
        EmbeddingClassifier byExample = EmbeddingClassifier.builder(new FakeEmbeddingModel(64))
                .examples("billing", List.of("refund my invoice payment", "invoice payment charged twice",
                        "update my payment card for the invoice"))
                .examples("tech", List.of("the server crashes with a stack trace", "stack trace on server start",
                        "server timeout error in logs"))
                .k(3).fallback("tech").build();

        Classification c = byExample.classify(ChatRequest.of("why was my invoice payment charged"));

        assertThat(c.label()).isEqualTo("billing");
        assertThat(c.confidence()).isGreaterThan(0.5);
        assertThat(byExample.classify(ChatRequest.of("server stack trace after deploy")).label()).isEqualTo("tech");
        assertThatThrownBy(() -> EmbeddingClassifier.builder(new FakeEmbeddingModel(8))
                .examples("a", List.of("x")).examples("b", List.of("y")).fallback("c").build())
                .hasMessageContaining("fallback label 'c'");
    }

    @Test
    void theModelClassifierReadsTheLabelAndFallsBackWhenItCannot() {
        ChatModel labeller = FakeChatModel.builder().respond("Label: Simple.").respond("no idea")
                .fail(new ServerErrorException("503")).build();
        ModelClassifier byModel = ModelClassifier.builder(labeller)
                .label("simple", "a factual question").label("complex", "reasoning or code")
                .fallback("complex").build();
        ChatRequest request = ChatRequest.builder().user("opening hours?").tenant("acme").build();

        Classification first = byModel.classify(request);
        assertThat(first.label()).isEqualTo("simple");
        assertThat(first.confidence()).isEqualTo(1.0);
        assertThat(byModel.classify(request).label()).isEqualTo("complex");
        Classification failed = byModel.classify(request);
        assertThat(failed.label()).isEqualTo("complex");
        assertThat(failed.confidence()).isZero();
        assertThat(((FakeChatModel) labeller).requests().get(0).context().callId())
                .isEqualTo(request.context().callId());
    }
}
