package dev.llmkit.cache;

import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a stored question close in meaning to a new one really asks the same thing, after the semantic
 * cache found it above its similarity threshold. Cosine similarity alone confuses "what is 2+2" with "what is 2+3"
 * and "cancel my order" with "don't cancel my order"; a verifier catches what embeddings blur.
 *
 * <p>Implementations are thread-safe and must not throw: when unsure, they report a difference (a miss is always a
 * correct answer; a wrong hit is not).
 */
@FunctionalInterface
public interface HitVerifier {

    /**
     * Empty when an answer to {@code stored} answers {@code asked} too; otherwise what differs, in a few words (it is
     * reported in near-miss events).
     */
    Optional<String> difference(String stored, String asked);

    /** The default: numbers, negation, named entities, dates and units must agree ({@link LexicalVerifier}). */
    static HitVerifier lexical() {
        return new LexicalVerifier();
    }

    /** Accepts every candidate above the threshold: similarity alone decides. */
    static HitVerifier none() {
        return (stored, asked) -> Optional.empty();
    }

    /** This verifier, then {@code next} for the candidates this one accepts. */
    default HitVerifier and(HitVerifier next) {
        Objects.requireNonNull(next, "next");
        return (stored, asked) -> {
            Optional<String> d = difference(stored, asked);
            return d.isPresent() ? d : next.difference(stored, asked);
        };
    }
}
