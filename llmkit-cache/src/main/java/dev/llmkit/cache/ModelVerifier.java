package dev.llmkit.cache;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.error.LlmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HitVerifier} that asks a (small, fast) chat model whether one answer serves both questions. It catches what
 * word lists cannot ("How do I get to the airport from the station" vs "from the airport to the station") at the price
 * of a model call per candidate hit, bounded by a timeout. Any failure, a timeout or an answer other than
 * {@code SAME} counts as a difference, so the cache misses rather than serving a wrong answer. Put it after
 * {@link HitVerifier#lexical()} so that the model only sees candidates the word lists let through:
 * {@code HitVerifier.lexical().and(ModelVerifier.of(smallModel))}. Thread-safe.
 */
public final class ModelVerifier implements HitVerifier {
    /** The instructions sent as the system message. */
    public static final String INSTRUCTIONS = "You decide whether two user questions can be answered with exactly the"
            + " same answer. Reply SAME if one correct answer fully answers both (wording may differ), or DIFFERENT if"
            + " they differ in anything that changes the answer: numbers, dates, names, units, negation, direction or"
            + " scope. Reply with one word.";
    private static final Logger LOG = LoggerFactory.getLogger(ModelVerifier.class);

    private final ChatModel model;
    private final Duration timeout;
    private final Scheduler scheduler;

    private ModelVerifier(ChatModel model, Duration timeout, Scheduler scheduler) {
        this.model = Objects.requireNonNull(model, "model");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
    }

    /** Asks {@code model}, each question pair bounded by five seconds. */
    public static ModelVerifier of(ChatModel model) {
        return new ModelVerifier(model, Duration.ofSeconds(5), Scheduler.system());
    }

    /** Asks {@code model}, each pair bounded by {@code timeout} on {@code scheduler}'s clock. */
    public static ModelVerifier of(ChatModel model, Duration timeout, Scheduler scheduler) {
        return new ModelVerifier(model, timeout, scheduler);
    }

    @Override
    public Optional<String> difference(String stored, String asked) {
        ChatRequest request = ChatRequest.builder().system(INSTRUCTIONS)
                .user("Question A: " + stored + "\nQuestion B: " + asked).temperature(0.0).maxOutputTokens(4)
                .attribute(ResponseCache.ATTR_CACHE_CONTROL, ResponseCache.CONTROL_OFF)
                .deadline(scheduler.now().plus(timeout)).build();
        String verdict;
        try {
            verdict = model.chat(request).text().strip().toUpperCase(Locale.ROOT);
        } catch (LlmException e) {
            LOG.warn("The verifier model failed ({}); counting the candidate as a miss", e.getClass().getSimpleName());
            return Optional.of("the verifier model failed");
        }
        if (verdict.startsWith("SAME")) {
            return Optional.empty();
        }
        return Optional.of(verdict.startsWith("DIFFERENT") ? "the verifier model found a difference"
                : "the verifier model gave no clear answer");
    }

    @Override
    public String toString() {
        return "ModelVerifier[" + model + ", timeout " + timeout + "]";
    }
}
