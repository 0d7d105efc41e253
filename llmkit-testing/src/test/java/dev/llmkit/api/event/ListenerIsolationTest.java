package dev.llmkit.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.testing.RecordingListener;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ListenerIsolationTest {

    @Test
    void aThrowingListenerNeitherPropagatesNorStarvesTheOthers() {
        ChatModelListener broken = new ChatModelListener() {
            @Override
            public void onRequest(RequestEvent event) {
                throw new IllegalStateException("listener bug");
            }
        };
        RecordingListener recorder = new RecordingListener();
        ChatModelListener composite = ChatModelListener.composite(broken, recorder);
        RequestEvent event = RequestEvent.builder().request(ChatRequest.of("hi")).model("m").at(Instant.EPOCH).build();

        assertThatCode(() -> composite.onRequest(event)).doesNotThrowAnyException();
        assertThat(recorder.of(RequestEvent.class)).containsExactly(event);
    }

    @Test
    void safeWrapsASingleListenerAndLeavesNoneAlone() {
        assertThat(ChatModelListener.safe(ChatModelListener.NONE)).isSameAs(ChatModelListener.NONE);
        ChatModelListener safe = ChatModelListener.safe(new ChatModelListener() {
            @Override
            public void onRetry(RetryEvent event) {
                throw new RuntimeException("boom");
            }
        });
        assertThatCode(() -> safe.onRetry(RetryEvent.builder().request(ChatRequest.of("x").nextAttempt())
                .component("retry").cause(new dev.llmkit.api.error.ServerErrorException("503"))
                .delay(java.time.Duration.ZERO).build()))
                .doesNotThrowAnyException();
    }
}
