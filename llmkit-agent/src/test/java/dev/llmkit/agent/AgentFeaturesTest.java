package dev.llmkit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.Message;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.UserMessage;
import dev.llmkit.testing.FakeChatModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentFeaturesTest {

    public static final class Prices {
        @Tool("Price of an item")
        public double price(String item) {
            return item.equals("tea") ? 3.5 : 2.0;
        }

        @Tool("Deletes everything")
        public String wipe() {
            return "wiped";
        }
    }

    @Test
    void runsTheTextReActProtocolForModelsWithoutTools() {
        FakeChatModel model = FakeChatModel.builder()
                .respond("Thought: I need the price.\nAction: price\nAction Input: {\"item\": \"tea\"}")
                .respond("Thought: malformed\nAction: price\nAction Input: {item: tea}")
                .respond("Thought: I have it.\nFinal Answer: Tea costs 3.5.").build();

        try (Agent agent = Agent.builder(model).tools(MethodTools.from(new Prices())).react(true).build()) {
            AgentResult r = agent.run("What does tea cost?");

            assertThat(r.answer()).contains("Tea costs 3.5.");
            assertThat(model.requests()).allSatisfy(q -> assertThat(q.tools()).isEmpty());
            assertThat(model.requests().get(0).messages().get(0).text()).contains("- price: Price of an item")
                    .contains("Final Answer:");
            assertThat(model.requests().get(1).messages()).extracting(Message::text).contains("Observation: 3.5");
            assertThat(model.requests().get(2).messages()).last().extracting(Message::text).asString()
                    .contains("not valid JSON");
        }
    }

    @Test
    void aStructuredFinalAnswerIsValidatedAndRepaired() throws Exception {
        FakeChatModel model = FakeChatModel.builder().respond("It is 3.5 euros").respond("{\"price\": \"3.5\"}")
                .respond("```json\n{\"price\": 3.5}\n```").build();
        var schema = new ObjectMapper().readTree("{\"type\":\"object\",\"required\":[\"price\"],"
                + "\"properties\":{\"price\":{\"type\":\"number\"}}}");

        try (Agent agent = Agent.builder(model).tools(MethodTools.from(new Prices())).answerSchema(schema).build()) {
            AgentResult r = agent.run("Price of tea as JSON");

            assertThat(r.outcome()).isEqualTo(AgentOutcome.COMPLETED);
            assertThat(r.answer()).contains("```json\n{\"price\": 3.5}\n```");
            assertThat(model.requests().get(1).messages()).last().extracting(Message::text).asString()
                    .contains("not JSON");
            assertThat(model.requests().get(2).messages()).last().extracting(Message::text).asString()
                    .contains("does not match").contains("price");
        }
    }

    @Test
    void reflectionAsksForOneCritiqueBeforeFinishing() {
        FakeChatModel model = FakeChatModel.builder().respond("Draft: tea is 2.0").respond("Corrected: tea is 3.5")
                .build();

        try (Agent agent = Agent.builder(model).tools(MethodTools.from(new Prices())).reflect(true).build()) {
            AgentResult r = agent.run("Price of tea?");

            assertThat(r.answer()).contains("Corrected: tea is 3.5");
            assertThat(r.steps()).isEqualTo(2);
            assertThat(model.requests().get(1).messages()).last().isInstanceOf(UserMessage.class)
                    .extracting(Message::text).asString().contains("check your answer");
        }
    }

    @Test
    void anAgentIsAToolOfAnotherAndAnAllowlistHidesTools() {
        FakeChatModel inner = FakeChatModel.builder().then(FakeChatModel.Step.toolCalls(
                new ToolCall("i1", "price", "{\"item\":\"milk\"}"))).respond("Milk is 2.0.").build();
        FakeChatModel outer = FakeChatModel.builder().then(FakeChatModel.Step.toolCalls(
                new ToolCall("o1", "pricer", "{\"task\":\"Find the price of milk\"}"))).respond("The pricer says 2.0.")
                .build();

        try (Agent pricer = Agent.builder(inner).tools(MethodTools.from(new Prices())).allowTools("price").build();
                Agent boss = Agent.builder(outer).tool(pricer.asTool("pricer", "Finds prices")).build()) {
            AgentResult r = boss.run("How much is milk?");

            assertThat(r.answer()).contains("The pricer says 2.0.");
            assertThat(inner.requests().get(0).tools()).extracting(t -> t.name()).containsExactly("price");
            assertThat(inner.requests().get(0).lastUserText()).isEqualTo("Find the price of milk");
            assertThat(outer.requests().get(1).messages()).extracting(Message::text).contains("Milk is 2.0.");
        }
        assertThatThrownBy(() -> Agent.builder(inner).tools(MethodTools.from(new Prices())).allowTools("teleport")
                .build()).hasMessageContaining("[teleport] are not among");
    }

    @Test
    void riskyToolNamesMustBeTools() {
        assertThatThrownBy(() -> Agent.builder(FakeChatModel.always("x")).tools(MethodTools.from(new Prices()))
                .risky("nope").build()).hasMessageContaining("risky tool 'nope'");
        assertThat(List.of(AgentOutcome.values())).contains(AgentOutcome.REPEATED_CALL);
    }
}
