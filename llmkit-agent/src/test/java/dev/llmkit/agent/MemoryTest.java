package dev.llmkit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.Message;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.testing.FakeChatModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTest {

    private static List<Message> turn(int i) {
        return List.of(Message.user("question " + i), Message.assistant("answer " + i));
    }

    @Test
    void aMessageWindowKeepsTheLastTurnsAndStartsAtAQuestion() {
        MessageWindowMemory memory = MessageWindowMemory.of(3, MemoryStore.inMemory());
        for (int i = 1; i <= 3; i++) {
            memory.add("s", turn(i));
        }

        assertThat(memory.messages("s")).extracting(Message::text).containsExactly("question 3", "answer 3");
        assertThat(memory.messages("other")).isEmpty();
        memory.clear("s");
        assertThat(memory.messages("s")).isEmpty();
    }

    @Test
    void aTokenWindowKeepsWhatFits() {
        TokenWindowMemory memory = TokenWindowMemory.of(30, TokenCounter.estimator(), MemoryStore.inMemory());
        for (int i = 1; i <= 10; i++) {
            memory.add("s", turn(i));
        }

        List<Message> kept = memory.messages("s");
        assertThat(kept).isNotEmpty();
        assertThat(TokenCounter.estimator().countMessages(kept)).isLessThanOrEqualTo(30);
        assertThat(kept.get(0).text()).startsWith("question");
        assertThat(kept.get(kept.size() - 1).text()).isEqualTo("answer 10");
    }

    @Test
    void aSummarizingMemoryCompactsOldTurnsThroughAModelAndKeepsEverythingWhenItFails() {
        FakeChatModel summarizer = FakeChatModel.builder().fail(new ServerErrorException("503"))
                .respond("Ann asked about tea prices; tea is 3.5.").build();
        SummarizingMemory memory = SummarizingMemory.builder(summarizer, MemoryStore.inMemory()).maxTokens(40)
                .keepLast(2).build();
        memory.add("s", turn(1));
        memory.add("s", turn(2));
        assertThat(summarizer.callCount()).isZero();
        memory.add("s", turn(3)); // over the limit: the summary fails, nothing is lost
        assertThat(summarizer.callCount()).isEqualTo(1);
        assertThat(memory.messages("s")).hasSize(6);

        memory.add("s", turn(4)); // the summary succeeds

        List<Message> kept = memory.messages("s");
        assertThat(kept).hasSize(3);
        assertThat(kept.get(0)).isInstanceOf(SystemMessage.class);
        assertThat(kept.get(0).text()).isEqualTo(SummarizingMemory.SUMMARY_PREFIX
                + "Ann asked about tea prices; tea is 3.5.");
        assertThat(kept).extracting(Message::text).endsWith("question 4", "answer 4");
        assertThat(summarizer.requests().get(1).messages().get(0).text()).contains("Summarize the conversation");
        assertThat(summarizer.requests().get(1).lastUserText()).contains("user: question 1")
                .contains("assistant: answer 3");
    }

    @Test
    void anAgentChatRemembersEarlierTurnsOfItsSession() {
        FakeChatModel model = FakeChatModel.builder().respond("Nice to meet you, Ann.").respond("Your name is Ann.")
                .build();
        MessageWindowMemory memory = MessageWindowMemory.of(10, MemoryStore.inMemory());

        try (Agent agent = Agent.builder(model).tools(MethodTools.from(new AgentFeaturesTest.Prices()))
                .memory(memory).build()) {
            agent.chat("ann", "I am Ann.");
            AgentResult second = agent.chat("ann", "What is my name?");

            assertThat(second.answer()).contains("Your name is Ann.");
            assertThat(model.requests().get(1).messages()).extracting(Message::text)
                    .containsExactly("I am Ann.", "Nice to meet you, Ann.", "What is my name?");
            assertThat(memory.messages("ann")).hasSize(4);
        }
        try (Agent noMemory = Agent.builder(model).tools(MethodTools.from(new AgentFeaturesTest.Prices())).build()) {
            assertThatThrownBy(() -> noMemory.chat("x", "hi")).hasMessageContaining("needs a memory");
        }
    }
}
