package dev.llmkit.examples.cli;

import dev.llmkit.api.RateLimitState;
import dev.llmkit.api.event.CacheHitEvent;
import dev.llmkit.api.event.CallEvent;
import dev.llmkit.api.event.CancelEvent;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.CircuitStateEvent;
import dev.llmkit.api.event.ErrorEvent;
import dev.llmkit.api.event.FallbackEvent;
import dev.llmkit.api.event.FirstTokenEvent;
import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.api.event.HedgeEvent;
import dev.llmkit.api.event.RejectedEvent;
import dev.llmkit.api.event.RequestEvent;
import dev.llmkit.api.event.ResponseEvent;
import dev.llmkit.api.event.RetryEvent;
import dev.llmkit.api.event.RouteEvent;
import dev.llmkit.api.event.TimeoutEvent;
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

    /** The call's id, shortened, and the attempt: lines of one call share the id. */
    private void say(CallEvent e, String s) {
        say("call " + e.callId().substring(0, 8) + (e.attempt() > 1 ? " attempt " + e.attempt() : "") + ": " + s);
    }

    private static String left(RateLimitState limits) {
        if (!limits.isKnown()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(", provider limits left:");
        limits.remainingRequests().ifPresent(n -> sb.append(' ').append(n).append(" requests"));
        limits.remainingTokens().ifPresent(n -> sb.append(' ').append(n).append(" tokens"));
        return sb.toString();
    }

    @Override
    public void onRequest(RequestEvent e) {
        say(e, "request to " + e.model() + " (" + e.request().messages().size() + " messages)");
    }

    @Override
    public void onFirstToken(FirstTokenEvent e) {
        say(e, "first token after " + e.timeToFirstToken().toMillis() + " ms");
    }

    @Override
    public void onResponse(ResponseEvent e) {
        var r = e.response();
        say(e, "response from " + r.model() + " (" + r.origin() + "): " + r.usage().inputTokens() + " in / "
                + r.usage().outputTokens() + " out tokens, " + r.latency().toMillis() + " ms, "
                + e.cost().map(c -> "cost $" + c.toPlainString()).orElse("cost unknown (give --price-in and --price-out)")
                + left(r.rateLimit()));
    }

    @Override
    public void onError(ErrorEvent e) {
        say(e, "error from " + e.model() + " after " + e.elapsed().toMillis() + " ms: " + e.error().getClass().getSimpleName());
    }

    @Override
    public void onRetry(RetryEvent e) {
        say(e, "retry in " + e.delay().toMillis() + " ms after " + e.cause().getClass().getSimpleName());
    }

    @Override
    public void onFallback(FallbackEvent e) {
        say(e, "fallback from " + e.from() + " to " + e.to());
    }

    @Override
    public void onCacheHit(CacheHitEvent e) {
        say(e, String.format(java.util.Locale.ROOT, "cache hit (%s, similarity %.3f): saved %d tokens%s", e.cache(),
                e.similarity(), e.tokensSaved(), e.costSaved().map(c -> " and $" + c.toPlainString()).orElse("")));
    }

    @Override
    public void onCacheMiss(dev.llmkit.api.event.CacheMissEvent e) {
        say(e, e.reason().map(r -> String.format(java.util.Locale.ROOT,
                "cache near miss (nearest similarity %.3f): %s", e.similarity(), r)).orElse("cache miss"));
    }

    @Override
    public void onRoute(RouteEvent e) {
        say(e, "route " + e.route() + " -> " + e.model());
    }

    @Override
    public void onCancel(CancelEvent e) {
        say(e, "cancelled after " + e.tokensDelivered() + " tokens, " + e.elapsed().toMillis() + " ms");
    }

    @Override
    public void onRejected(RejectedEvent e) {
        say(e, e.component() + " refused the call: " + e.reason());
    }

    @Override
    public void onTimeout(TimeoutEvent e) {
        say(e, e.component() + " " + e.limit() + " limit of " + e.configured().toMillis() + " ms fired");
    }

    @Override
    public void onHedge(HedgeEvent e) {
        say(e, e.component() + " hedged after " + e.delay().toMillis() + " ms");
    }

    @Override
    public void onGuardrail(GuardrailEvent e) {
        var v = e.verdict();
        say(e, "guardrail " + e.guardrail() + " at " + e.stage().name().toLowerCase(java.util.Locale.ROOT) + ": "
                + (e.enforced() ? "" : "(monitor, not enforced) would ") + v.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " - " + v.reason());
    }

    @Override
    public void onCircuitStateChange(CircuitStateEvent e) {
        say("circuit " + e.breaker() + " " + e.from() + " -> " + e.to());
    }
}
