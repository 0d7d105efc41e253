package dev.llmkit.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.resilience.Retry;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of docs/testing.md: a scripted fake model and virtual time, as a user of llmkit-testing writes them. */
class TestingExampleTest {

    @Test
    void aRetriedServerErrorCostsNoRealTime() {
        ManualScheduler time = new ManualScheduler();
        FakeChatModel model = FakeChatModel.builder()
                .fail(new ServerErrorException("HTTP 503 from upstream"))   // the first call fails
                .respond("Bonjour !")                                       // the retry answers
                .scheduler(time)
                .build();
        CountingChatModel counted = new CountingChatModel(model);
        ChatModel resilient = Retry.builder(counted).scheduler(time).build();

        assertThat(resilient.chat("Say hello in French.")).isEqualTo("Bonjour !");
        assertThat(model.callCount()).isEqualTo(2);
        assertThat(counted.calls()).isEqualTo(2);
        assertThat(model.requests().get(0).messages()).isNotEmpty();
        assertThat(time.totalSlept()).isPositive();                 // the backoff ran on virtual time
    }

    @Test
    void tokensArriveOnlyWhenTheTestAdvancesTime() {
        ManualScheduler time = new ManualScheduler();
        FakeChatModel model = FakeChatModel.builder()
                .stream("Bon", "jour")
                .latency(Duration.ofSeconds(2))                     // before the first token
                .scheduler(time)
                .build();
        List<String> tokens = new ArrayList<>();
        List<ChatResponse> done = new ArrayList<>();

        model.stream(ChatRequest.of("Say hello in French."), new StreamHandler() {
            @Override
            public void onToken(String token) {
                tokens.add(token);
            }

            @Override
            public void onComplete(ChatResponse response) {
                done.add(response);
            }

            @Override
            public void onError(LlmException error) {
                throw new AssertionError(error);
            }
        });
        assertThat(tokens).isEmpty();                               // nothing yet: time has not moved

        time.advance(Duration.ofSeconds(2));

        assertThat(tokens).containsExactly("Bon", "jour");
        assertThat(done).singleElement().extracting(ChatResponse::text).isEqualTo("Bonjour");
    }
}
