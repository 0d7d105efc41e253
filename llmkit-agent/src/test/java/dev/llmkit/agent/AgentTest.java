package dev.llmkit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Message;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.FakeChatModel.Step;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AgentTest {

    /** Tools that record their calls. */
    public static final class Shop {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch bothStarted = new CountDownLatch(2);

        @Tool("Price of an item in euros")
        public double price(@Param("the item") String item) throws InterruptedException {
            calls.add("price " + item);
            bothStarted.countDown();
            bothStarted.await(5, TimeUnit.SECONDS); // two calls in parallel meet here
            return item.equals("tea") ? 3.5 : 2.0;
        }

        @Tool(value = "Buys an item", risky = true)
        public String buy(String item) {
            calls.add("buy " + item);
            return "bought " + item;
        }

        @Tool("Sleeps far too long")
        public String slow() throws InterruptedException {
            Thread.sleep(10_000);
            return "late";
        }

        @Tool("Fails")
        public String fail() {
            throw new IllegalArgumentException("out of stock");
        }
    }

    private static Step calls(ToolCall... calls) {
        return Step.toolCalls(calls);
    }

    private static ToolCall call(String id, String name, String args) {
        return new ToolCall(id, name, args);
    }

    @Test
    void runsAMultiStepTaskWithParallelToolCalls() {
        Shop shop = new Shop();
        FakeChatModel model = FakeChatModel.builder()
                .then(calls(call("1", "price", "{\"item\":\"tea\"}"), call("2", "price", "{\"item\":\"milk\"}")))
                .respond("Tea costs 3.5 and milk 2.0 euros.").build();
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        AgentListener listener = new AgentListener() {
            @Override
            public void onModelCall(AgentEvent e) {
                events.add(e);
            }

            @Override
            public void onToolCall(AgentEvent e) {
                events.add(e);
            }
        };

        try (Agent agent = Agent.builder(model).tools(MethodTools.from(shop)).listener(listener).build()) {
            AgentResult r = agent.run("What do tea and milk cost?");

            assertThat(r.outcome()).isEqualTo(AgentOutcome.COMPLETED);
            assertThat(r.answer()).contains("Tea costs 3.5 and milk 2.0 euros.");
            assertThat(r.steps()).isEqualTo(2);
            assertThat(shop.calls).containsExactlyInAnyOrder("price tea", "price milk");
            assertThat(model.requests().get(0).tools()).extracting(t -> t.name())
                    .containsExactly("buy", "fail", "price", "slow");
            assertThat(model.requests().get(1).messages()).filteredOn(m -> m instanceof ToolResultMessage)
                    .extracting(Message::text).containsExactlyInAnyOrder("3.5", "2.0");
            assertThat(events).extracting(AgentEvent::kind).containsExactly(AgentEvent.Kind.MODEL_CALL,
                    AgentEvent.Kind.TOOL_CALL, AgentEvent.Kind.TOOL_CALL, AgentEvent.Kind.MODEL_CALL);
        }
    }

    @Test
    void unknownToolsBadArgumentsFailuresAndTimeoutsGoBackToTheModel() {
        FakeChatModel model = FakeChatModel.builder()
                .then(calls(call("1", "teleport", "{}"), call("2", "price", "{\"thing\":1}"), call("3", "fail", "{}"),
                        call("4", "slow", "{}")))
                .respond("Sorry, I could not do that.").build();

        try (Agent agent = Agent.builder(model).tools(MethodTools.from(new Shop()))
                .toolTimeout(Duration.ofMillis(300)).build()) {
            long t0 = System.nanoTime();
            AgentResult r = agent.run("Do things");

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(r.outcome()).isEqualTo(AgentOutcome.COMPLETED);
            List<ToolResultMessage> results = r.transcript().stream().filter(m -> m instanceof ToolResultMessage)
                    .map(m -> (ToolResultMessage) m).toList();
            assertThat(results).hasSize(4).allMatch(ToolResultMessage::isError);
            assertThat(results).extracting(ToolResultMessage::text).anyMatch(t -> t.startsWith("Unknown tool"
                    + " 'teleport'. The tools are: buy, fail, price, slow"))
                    .anyMatch(t -> t.startsWith("Invalid arguments for price"))
                    .anyMatch(t -> t.equals("fail failed: IllegalArgumentException: out of stock"))
                    .anyMatch(t -> t.equals("slow did not finish within 300 ms and was stopped."));
        }
    }

    @Test
    void aDeniedApprovalGoesBackToTheModelAndAnApprovedCallRuns() {
        Shop shop = new Shop();
        FakeChatModel model = FakeChatModel.builder().then(calls(call("1", "buy", "{\"item\":\"tea\"}")))
                .respond("I could not buy it.").then(calls(call("2", "buy", "{\"item\":\"tea\"}"))).respond("Bought.")
                .build();
        AtomicReference<ToolCall> asked = new AtomicReference<>();

        try (Agent denied = Agent.builder(model).tools(MethodTools.from(shop)).build();
                Agent approved = Agent.builder(model).tools(MethodTools.from(shop)).approval((c, ctx) -> {
                    asked.set(c);
                    return ApprovalHandler.Decision.approve();
                }).build()) {
            AgentResult no = denied.run("Buy tea");
            AgentResult yes = approved.run("Buy tea");

            assertThat(no.transcript()).filteredOn(m -> m instanceof ToolResultMessage).singleElement()
                    .satisfies(m -> assertThat(m.text()).contains("was not approved: no approval handler"));
            assertThat(yes.answer()).contains("Bought.");
            assertThat(asked.get().id()).isEqualTo("2");
            assertThat(shop.calls).containsExactly("buy tea");
        }
    }

    @Test
    void stepsAndRepeatedCallsEndTheRunWithTheTranscriptSoFar() {
        FakeChatModel looping = FakeChatModel.builder().otherwiseStep(r -> calls(call("c" + r.messages().size(),
                "price", "{\"item\":\"tea\"}"))).build();
        FakeChatModel wandering = FakeChatModel.builder().otherwiseStep(r -> calls(call("w" + r.messages().size(),
                "price", "{\"item\":\"x" + r.messages().size() + "\"}"))).build();
        Shop shop = new Shop();
        shop.bothStarted.countDown();
        shop.bothStarted.countDown();

        try (Agent stuck = Agent.builder(looping).tools(MethodTools.from(shop)).build();
                Agent limited = Agent.builder(wandering).tools(MethodTools.from(shop))
                        .budget(AgentBudget.builder().maxSteps(3).build()).build()) {
            AgentResult a = stuck.run("Loop");
            AgentResult b = limited.run("Wander");

            assertThat(a.outcome()).isEqualTo(AgentOutcome.REPEATED_CALL);
            assertThat(shop.calls.stream().filter(c -> c.equals("price tea")).count())
                    .isEqualTo(AgentBudget.DEFAULT_MAX_REPEATS);
            assertThat(b.outcome()).isEqualTo(AgentOutcome.MAX_STEPS);
            assertThat(b.steps()).isEqualTo(3);
            assertThat(b.answer()).isEmpty();
            assertThat(b.transcript()).filteredOn(m -> m instanceof ToolResultMessage).hasSize(3);
        }
    }

    /** A model whose every answer asks for a tool and costs a cent and 100 tokens. */
    private static ChatModel pricey(AtomicInteger n) {
        return new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                int i = n.incrementAndGet();
                return ChatResponse.builder().message(dev.llmkit.api.AssistantMessage.ofToolCalls(List.of(
                        call("p" + i, "price", "{\"item\":\"i" + i + "\"}"))))
                        .usage(dev.llmkit.api.Usage.of(80, 20)).cost(new BigDecimal("0.01")).build();
            }

            @Override
            public StreamHandle stream(ChatRequest request, StreamHandler handler) {
                throw new UnsupportedOperationException("the agent calls chat");
            }
        };
    }

    @Test
    void tokenCostAndTimeBudgetsEndTheRun() {
        Shop shop = new Shop();
        shop.bothStarted.countDown();
        shop.bothStarted.countDown();
        AtomicInteger n = new AtomicInteger();
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                now[0] = now[0].plusSeconds(20); // each reading: 20 s later
                return now[0];
            }
        };

        try (Agent tokens = Agent.builder(pricey(n)).tools(MethodTools.from(shop))
                .budget(AgentBudget.builder().maxSteps(50).maxTokens(250).build()).build();
                Agent cost = Agent.builder(pricey(n)).tools(MethodTools.from(shop))
                        .budget(AgentBudget.builder().maxSteps(50).maxCost(new BigDecimal("0.05")).build()).build();
                Agent time = Agent.builder(pricey(n)).tools(MethodTools.from(shop)).clock(clock)
                        .budget(AgentBudget.builder().maxSteps(50).maxTime(Duration.ofMinutes(1)).build()).build()) {
            AgentResult t = tokens.run("spend tokens");
            AgentResult c = cost.run("spend money");
            AgentResult w = time.run("spend time");

            assertThat(t.outcome()).isEqualTo(AgentOutcome.MAX_TOKENS);
            assertThat(t.tokens()).isEqualTo(300);
            assertThat(c.outcome()).isEqualTo(AgentOutcome.MAX_COST);
            assertThat(c.cost()).isEqualByComparingTo("0.05");
            assertThat(w.outcome()).isEqualTo(AgentOutcome.MAX_TIME);
            assertThat(w.steps()).isLessThan(5);
        }
    }

    @Test
    void aFailingModelEndsTheRunAsFailedWithTheError() {
        FakeChatModel model = FakeChatModel.builder().fail(new ServerErrorException("503 upstream")).build();

        try (Agent agent = Agent.builder(model).tools(MethodTools.from(new Shop())).build()) {
            AgentResult r = agent.run("anything");

            assertThat(r.outcome()).isEqualTo(AgentOutcome.FAILED);
            assertThat(r.error()).get().isInstanceOf(ServerErrorException.class);
            assertThat(r.transcript()).hasSize(1);
        }
    }

    @Test
    void resumesFromTheLastCheckpointWithoutRunningARecordedToolAgain() {
        Shop shop = new Shop();
        shop.bothStarted.countDown();
        shop.bothStarted.countDown();
        InMemoryRunStore store = new InMemoryRunStore();
        // a checkpoint as a process leaves it when it dies: one of two tool results recorded
        store.save(new RunState("run-1", "Buy tea and check milk", List.of(Message.user("Buy tea and check milk"),
                dev.llmkit.api.AssistantMessage.ofToolCalls(List.of(call("a", "price", "{\"item\":\"tea\"}"),
                        call("b", "price", "{\"item\":\"milk\"}"))),
                new ToolResultMessage("a", "price", "3.5", false)), 1, 100, BigDecimal.ZERO, null));
        FakeChatModel model = FakeChatModel.builder().respond("Tea 3.5, milk 2.0.").build();

        try (Agent agent = Agent.builder(model).tools(MethodTools.from(shop)).runStore(store).build()) {
            AgentResult r = agent.resume("run-1");

            assertThat(r.answer()).contains("Tea 3.5, milk 2.0.");
            assertThat(shop.calls).containsExactly("price milk");
            assertThat(r.steps()).isEqualTo(2);
            assertThat(agent.resume("run-1").answer()).contains("Tea 3.5, milk 2.0."); // finished: as it was
            assertThatThrownBy(() -> agent.run("run-1", "again")).hasMessageContaining("exists already");
            assertThatThrownBy(() -> agent.resume("nope")).hasMessageContaining("No run 'nope'");
        }
    }

    @Test
    void aRunThatDiedAfterSavingItsFinalAnswerResumesWithoutAskingAgain() {
        InMemoryRunStore store = new InMemoryRunStore();
        store.save(new RunState("run-2", "Price?", List.of(Message.user("Price?"),
                dev.llmkit.api.AssistantMessage.of("Tea is 3.5.")), 1, 50, BigDecimal.ZERO, null));
        FakeChatModel model = FakeChatModel.always("a different answer");

        try (Agent agent = Agent.builder(model).tools(MethodTools.from(new Shop())).runStore(store).build()) {
            AgentResult r = agent.resume("run-2");

            assertThat(r.answer()).contains("Tea is 3.5.");
            assertThat(model.callCount()).isZero();
            assertThat(store.load("run-2").orElseThrow().finished()).isTrue();
            assertThat(store.load("run-2").orElseThrow().toString()).doesNotContain("Price?").contains("messages=2");
        }
    }
}
