package dev.llmkit.routing.router;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Message;
import dev.llmkit.api.ResponseFormat;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.UserMessage;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A test on a request's features that a {@link Router} rule routes by. Each condition describes itself, and the
 * description is the reason a route was chosen (on the response and in the route event). Implementations are
 * thread-safe and fast: the router evaluates rules on every call.
 */
public interface Condition {

    /** Whether the request matches. */
    boolean test(ChatRequest request);

    /** What the condition tests, e.g. {@code "tag 'simple'"}. */
    String describe();

    /** Both this and {@code other}. */
    default Condition and(Condition other) {
        Objects.requireNonNull(other, "other");
        Condition self = this;
        return of(describe() + " and " + other.describe(), r -> self.test(r) && other.test(r));
    }

    /** A condition from a predicate and its description. */
    static Condition of(String description, Predicate<ChatRequest> test) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(test, "test");
        return new Condition() {
            @Override
            public boolean test(ChatRequest request) {
                return test.test(request);
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /** The request's context has this tag. */
    static Condition tag(String tag) {
        Objects.requireNonNull(tag, "tag");
        return of("tag '" + tag + "'", r -> r.tags().contains(tag));
    }

    /** The call is made for this tenant. */
    static Condition tenant(String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return of("tenant '" + tenant + "'", r -> r.context().tenant().filter(tenant::equals).isPresent());
    }

    /** A context attribute has this value, e.g. {@code attribute("tier", "free")}. */
    static Condition attribute(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return of(key + " '" + value + "'", r -> r.attribute(key).filter(value::equals).isPresent());
    }

    /** The request offers the model tools. */
    static Condition hasTools() {
        return of("tools offered", r -> !r.tools().isEmpty());
    }

    /** The request asks for JSON output (a JSON object or a JSON schema). */
    static Condition jsonOutput() {
        return of("JSON output", r -> r.responseFormat().type() != ResponseFormat.Type.TEXT);
    }

    /** A user message carries an image. */
    static Condition hasImages() {
        return of("images present", r -> {
            for (Message m : r.messages()) {
                if (m instanceof UserMessage u && u.hasImages()) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The prompt's estimated tokens (by {@code counter}, messages with their overhead) exceed {@code tokens}. */
    static Condition inputTokensAbove(int tokens, TokenCounter counter) {
        Objects.requireNonNull(counter, "counter");
        return of("more than " + tokens + " input tokens", r -> counter.countMessages(r.messages()) > tokens);
    }

    /**
     * Most letters of the last user message are in this Unicode script (e.g. {@code HAN}, {@code CYRILLIC},
     * {@code ARABIC}), for sending non-Latin prompts to a multilingual model. A script, not a language: Latin covers
     * English, French and Vietnamese alike.
     */
    static Condition script(Character.UnicodeScript script) {
        Objects.requireNonNull(script, "script");
        return of("mostly " + script + " script", r -> Scripts.dominant(r.lastUserText()) == script);
    }

    /** The classifier puts the request in {@code label} (e.g. {@code "simple"}). */
    static Condition classifiedAs(String label, Classifier classifier) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(classifier, "classifier");
        return new ClassifiedAs(label, classifier);
    }

    /** {@link #classifiedAs(String, Classifier)}; the router classifies a request at most once per call. */
    record ClassifiedAs(String label, Classifier classifier) implements Condition {
        @Override
        public boolean test(ChatRequest request) {
            return label.equals(classifier.classify(request).label());
        }

        @Override
        public String describe() {
            return "classified " + label;
        }
    }
}
