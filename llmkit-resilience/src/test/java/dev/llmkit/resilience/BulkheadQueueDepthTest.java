package dev.llmkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.testing.FakeChatModel;
import dev.llmkit.testing.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BulkheadQueueDepthTest {

    @Test
    void aLongQueueOfStreamsThatEndAtOnceDrainsWithoutOverflowingTheStack() {
        ScriptedModel holder = ScriptedModel.open();
        FakeChatModel instant = FakeChatModel.always("ok");
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                return instant.chat(request);
            }

            @Override
            public StreamHandle stream(ChatRequest request, StreamHandler handler) {
                return request.lastUserText().equals("hold") ? holder.stream(request, handler)
                        : instant.stream(request, handler);
            }

            @Override
            public ModelInfo info() {
                return instant.info();
            }
        };
        ManualScheduler time = new ManualScheduler();
        Bulkhead bulkhead = Bulkhead.builder(model).maxConcurrent(1).maxWait(Duration.ofMinutes(1)).scheduler(time)
                .build();
        bulkhead.stream(ChatRequest.of("hold"), new Collect());
        AtomicInteger completed = new AtomicInteger();
        int queued = 50_000;
        for (int i = 0; i < queued; i++) {
            bulkhead.stream(ChatRequest.of("queued"), new Collect() {
                @Override
                public void onComplete(ChatResponse r) {
                    completed.incrementAndGet();
                }
            });
        }

        holder.last().onComplete(ChatResponse.of("done", "m")); // frees the slot: every queued stream runs in turn

        assertThat(completed).hasValue(queued);
        assertThat(bulkhead.availableSlots()).isEqualTo(1);
        assertThat(time.pendingTasks()).isZero();
    }
}
