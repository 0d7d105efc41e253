package dev.llmkit.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReActTest {

    @Test
    void readsAnActionWithItsJsonInput() {
        ReAct.Parsed p = ReAct.parse("Thought: I need the price.\nAction: price\nAction Input: {\"item\": \"tea\"}");

        assertThat(p.tool()).isEqualTo("price");
        assertThat(p.input()).isEqualTo("{\"item\":\"tea\"}");
        assertThat(p.answer()).isNull();
        assertThat(p.problem()).isNull();
    }

    @Test
    void toleratesFencesBackticksCaseAndAMissingInput() {
        ReAct.Parsed fenced = ReAct.parse("thought: ok\naction: `price`\naction input: ```json\n{\"item\":\"milk\"}\n```");
        ReAct.Parsed bare = ReAct.parse("Thought: list them\nAction: list_items");

        assertThat(fenced.tool()).isEqualTo("price");
        assertThat(fenced.input()).isEqualTo("{\"item\":\"milk\"}");
        assertThat(bare.tool()).isEqualTo("list_items");
        assertThat(bare.input()).isEqualTo("{}");
    }

    @Test
    void cutsAnObservationTheModelInventedAndTheAnswerAfterIt() {
        ReAct.Parsed p = ReAct.parse("Thought: look\nAction: price\nAction Input: {\"item\":\"tea\"}\nObservation: 1.0"
                + "\nThought: done\nFinal Answer: tea costs 1.0");

        assertThat(p.tool()).isEqualTo("price");
        assertThat(p.text()).doesNotContain("Observation").doesNotContain("Final Answer");
    }

    @Test
    void readsAFinalAnswerOrAPlainReply() {
        assertThat(ReAct.parse("Thought: I know it.\nFinal Answer: Paris\nis the capital").answer())
                .isEqualTo("Paris\nis the capital");
        assertThat(ReAct.parse("Paris is the capital.").answer()).isEqualTo("Paris is the capital.");
    }

    @Test
    void reportsFormatProblemsToTheModel() {
        assertThat(ReAct.parse("Action: price\nAction Input: {item: tea}").problem()).contains("not valid JSON");
        assertThat(ReAct.parse("Action: price\nAction Input: [1, 2]").problem()).contains("one JSON object");
        assertThat(ReAct.parse("Final Answer: x\nAction: price").problem()).contains("both an Action and a Final");
        assertThat(ReAct.parse("Thought: I should search for the price first.").problem())
                .contains("neither an Action nor a Final Answer");
    }
}
