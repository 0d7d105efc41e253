package dev.llmkit.examples.cli;

import dev.llmkit.api.error.AuthenticationException;
import dev.llmkit.api.error.CircuitOpenException;
import dev.llmkit.api.error.ConnectionException;
import dev.llmkit.api.error.ContextLengthExceededException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.LlmTimeoutException;
import dev.llmkit.api.error.ModelNotFoundException;
import dev.llmkit.api.error.OverloadedException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.error.StreamInterruptedException;
import java.util.regex.Pattern;

/**
 * Turns a failed model call into one message for the user: what happened, with the model it concerned, and the one
 * hint that applies to that failure (never advice to set a variable that is already set).
 */
final class ModelFailure {
    // what JSON parsers append to their messages: source excerpts, line/column, reference chains, class names
    private static final Pattern PARSER_DETAIL = Pattern.compile(
            "\\s*(at \\[Source:.*?\\]|\\(through reference chain:.*?\\))|(com\\.fasterxml\\.jackson|java\\.io|java\\.net)"
                    + "\\.[\\w.$]+(: )?", Pattern.DOTALL);

    private ModelFailure() {}

    /** The message for {@code e}, thrown by {@code model}. */
    static String describe(LlmException e, ModelConfig.Configured model) {
        return "The " + model.label().replaceFirst(";.*", "") + " failed: " + clean(e.getMessage()) + " " + hint(e, model);
    }

    /** {@code message} without parser internals (source excerpts, line and column, Jackson class names). */
    static String clean(String message) {
        String m = PARSER_DETAIL.matcher(message).replaceAll("").replaceAll("\\s+", " ").strip();
        return m.endsWith(".") ? m : m + ".";
    }

    private static String hint(LlmException e, ModelConfig.Configured model) {
        Throwable cause = e instanceof StreamInterruptedException && e.getCause() != null ? e.getCause() : e;
        String timeouts = "Raise the limits if the model is just slow (now " + model.options().describeTimeouts() + ").";
        if (e instanceof StreamInterruptedException s && s.tokensDelivered() > 0) {
            return "The answer above was cut off after " + s.tokensDelivered() + " tokens and is incomplete; ask again."
                    + (cause instanceof LlmTimeoutException || cause instanceof java.io.InterruptedIOException
                            ? " " + timeouts : "");
        }
        if (cause instanceof LlmTimeoutException || cause instanceof java.io.InterruptedIOException) {
            return timeouts;
        }
        if (e instanceof ConnectionException) {
            return "Check that the server at " + model.baseUrl() + " is running and reachable.";
        }
        if (e instanceof AuthenticationException) {
            return "Check the key in " + model.keyVariable() + " and its permissions.";
        }
        if (e instanceof ModelNotFoundException) {
            return "Check the model name \"" + model.name() + "\" (LLMKIT_MODEL"
                    + (model.defaultName() ? " is not set" : "") + ") and the base URL " + model.baseUrl() + ".";
        }
        if (e instanceof RateLimitedException) {
            return "The provider is rate limiting; wait" + e.retryAfter().map(d -> " " + d.toSeconds() + " s").orElse("")
                    + " and ask again.";
        }
        if (e instanceof CircuitOpenException) {
            return "Recent calls failed, so calls are paused; ask again" + e.retryAfter().map(d -> " in " + d.toSeconds()
                    + " s").orElse(" shortly") + ".";
        }
        if (e instanceof ServerErrorException || e instanceof OverloadedException) {
            return "The server failed" + (model.options().retries > 0 ? " on every attempt" : "")
                    + "; ask again, or raise --retries.";
        }
        if (e instanceof ContextLengthExceededException) {
            return "The question and sources do not fit the model's context; use a model with a larger one.";
        }
        return "Check that " + model.baseUrl() + " serves the " + (model.provider().equals("Anthropic") ? "Anthropic"
                : "OpenAI-compatible") + " API and that the model name is right.";
    }
}
