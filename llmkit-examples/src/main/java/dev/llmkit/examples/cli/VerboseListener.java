package dev.llmkit.examples.cli;

import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.CircuitStateEvent;
import dev.llmkit.api.event.ErrorEvent;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.api.event.FirstTokenEvent;
import dev.llmkit.api.event.RequestEvent;
import dev.llmkit.api.event.ResponseEvent;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.api.event.RouteEvent;
import java.io.PrintWriter;

/** Prints listener events to standard error for {@code --verbose}; never prompts or keys. */
final class VerboseListener implements ChatModelListener {
    private final PrintWriter err;

    VerboseListener(PrintWriter err) {
        this.err = err;
    }

    private void say(String s) {
        err.println("[llmkit] " + s);
        err.flush();
    }

    @Override
    public void onRequest(RequestEvent e) {
        say("request to " + e.model() + " (" + e.request().messages().size() + " messages)");
    }

    @Override
    public void onFirstToken(FirstTokenEvent e) {
        say("first token after " + e.timeToFirstToken().toMillis() + " ms");
    }

    @Override
    public void onResponse(ResponseEvent e) {
        var r = e.response();
        say("response from " + r.model() + ": " + r.usage().inputTokens() + " in / " + r.usage().outputTokens()
                + " out tokens, " + r.latency().toMillis() + " ms, " + e.cost().map(c -> "cost $" + c.toPlainString())
                        .orElse("cost unknown (give --price-in and --price-out)"));
    }

    @Override
    public void onError(ErrorEvent e) {
        say("error from " + e.model() + " after " + e.elapsed().toMillis() + " ms: " + e.error().getClass().getSimpleName());
    }

    @Override
    public void onRetry(RetryEvent e) {
        say("retry, attempt " + e.attempt() + " in " + e.delay().toMillis() + " ms after " + e.cause().getClass().getSimpleName());
    }

    @Override
    public void onFallback(FallbackEvent e) {
        say("fallback from " + e.from() + " to " + e.to());
    }

    @Override
    public void onCacheHit(CacheHitEvent e) {
        say("cache hit (" + e.cache() + ")");
    }

    @Override
    public void onRoute(RouteEvent e) {
        say("route " + e.route() + " -> " + e.model());
    }

    @Override
    public void onCircuitStateChange(CircuitStateEvent e) {
        say("circuit " + e.breaker() + " " + e.from() + " -> " + e.to());
    }
}
