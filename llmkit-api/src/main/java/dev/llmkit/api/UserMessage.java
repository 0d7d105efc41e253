package dev.llmkit.api;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A message from the end user: a list of content parts (text, images).
 *
 * @param parts the content; not empty, unmodifiable
 */
public record UserMessage(List<ContentPart> parts) implements Message {

    /** Validates and copies. */
    public UserMessage {
        parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("UserMessage needs at least one content part");
        }
    }

    /** A user message with one text part. */
    public static UserMessage of(String text) {
        return new UserMessage(List.of(new ContentPart.Text(text)));
    }

    /** A user message from several parts. */
    public static UserMessage of(ContentPart... parts) {
        return new UserMessage(List.of(parts));
    }

    @Override
    public Role role() {
        return Role.USER;
    }

    /** The text parts joined with newlines; images are left out. */
    @Override
    public String text() {
        return parts.stream()
                .filter(ContentPart.Text.class::isInstance)
                .map(p -> ((ContentPart.Text) p).text())
                .collect(Collectors.joining("\n"));
    }

    /** Whether any part is an image. */
    public boolean hasImages() {
        return parts.stream().anyMatch(p -> !(p instanceof ContentPart.Text));
    }
}
