package dev.llmkit.api.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A circuit breaker changed state.
 *
 * @param breaker the breaker's name
 * @param from the state it left
 * @param to the state it entered
 * @param at when
 */
public record CircuitStateEvent(String breaker, CircuitState from, CircuitState to, Instant at) {

    /** Validates. */
    public CircuitStateEvent {
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
    }
}
