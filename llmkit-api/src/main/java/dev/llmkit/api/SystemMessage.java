package dev.llmkit.api;

import java.util.Objects;

/**
 * Instructions from the application to the model.
 *
 * @param text the instructions; not blank
 */
public record SystemMessage(String text) implements Message {

    /** Validates. */
    public SystemMessage {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("SystemMessage text must not be blank");
        }
    }

    @Override
    public Role role() {
        return Role.SYSTEM;
    }
}
