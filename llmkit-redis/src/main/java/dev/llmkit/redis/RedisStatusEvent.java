package dev.llmkit.redis;

import java.time.Instant;
import java.util.Objects;

/**
 * Redis became unreachable (the stores fall back to local state) or reachable again (they share again).
 *
 * @param up whether Redis is reachable now
 * @param store the store whose call noticed ({@code rate-limits}, {@code budgets}, {@code circuits}, {@code cache})
 * @param cause why it was taken for down (the failure's type and message, with no credentials), empty when up
 * @param at when
 */
public record RedisStatusEvent(boolean up, String store, String cause, Instant at) {

    /** Validates. */
    public RedisStatusEvent {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(at, "at");
    }
}
