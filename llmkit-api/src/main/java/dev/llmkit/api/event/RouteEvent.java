package dev.llmkit.api.event;

import dev.llmkit.api.ChatRequest;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A router chose where to send a call.
 *
 * <p>Built by providers and decorators through {@link #builder()}; new values may be added in later versions
 * without breaking listeners or builders. Immutable.
 */
public final class RouteEvent implements CallEvent {
    private final ChatRequest request;
    private final String route;
    private final String model;
    private final @Nullable String reason;

    private RouteEvent(Builder b) {
        request = Objects.requireNonNull(b.request, "RouteEvent: request is required");
        route = Objects.requireNonNull(b.route, "RouteEvent: route is required");
        model = Objects.requireNonNull(b.model, "RouteEvent: model is required");
        reason = b.reason;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    /** The name of the chosen route. */
    public String route() {
        return route;
    }

    /** The model the route sends to. */
    public String model() {
        return model;
    }

    /** Why, e.g. the rule that matched; empty when not given. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return "RouteEvent{callId=" + callId() + " attempt=" + attempt() + ","
                + " route=" + route + ","
                + " model=" + model + ","
                + " reason=" + reason + "}";
    }

    /** Builds a {@link RouteEvent}. Not thread-safe. */
    public static final class Builder {
        private @Nullable ChatRequest request;
        private @Nullable String route;
        private @Nullable String model;
        private @Nullable String reason;

        private Builder() {}

        /** The request. */
        public Builder request(ChatRequest request) {
            this.request = request;
            return this;
        }

        /** The name of the chosen route. */
        public Builder route(String route) {
            this.route = route;
            return this;
        }

        /** The model the route sends to. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** Why, e.g. the rule that matched; empty when not given; {@code null} for none. */
        public Builder reason(@Nullable String reason) {
            this.reason = reason;
            return this;
        }

        /** Builds and validates. */
        public RouteEvent build() {
            return new RouteEvent(this);
        }
    }
}
