package dev.llmkit.resilience;

import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records a stream's callbacks. */
class Collect implements StreamHandler {
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final AtomicInteger terminals = new AtomicInteger();
    volatile ChatResponse response;
    volatile LlmException error;

    @Override
    public void onToken(String token) {
        tokens.add(token);
    }

    @Override
    public void onComplete(ChatResponse r) {
        terminals.incrementAndGet();
        response = r;
    }

    @Override
    public void onError(LlmException e) {
        terminals.incrementAndGet();
        error = e;
    }

    String text() {
        return String.join("", tokens);
    }
}
