package dev.llmkit.api;

import java.util.List;
import java.util.Objects;

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
        if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text t) {
            return t.text(); // the common case, read by routers, counters and guardrails on every call
        }
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.Text t) {
                if (!first) {
                    sb.append('\n');
                }
                sb.append(t.text());
                first = false;
            }
        }
        return sb.toString();
    }

    /** Whether any part is an image. */
    public boolean hasImages() {
        for (ContentPart p : parts) {
            if (!(p instanceof ContentPart.Text)) {
                return true;
            }
        }
        return false;
    }
}
