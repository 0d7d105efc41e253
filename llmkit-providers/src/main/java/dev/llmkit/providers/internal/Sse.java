package dev.llmkit.providers.internal;

import java.io.IOException;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * A server-sent-events reader (the WHATWG event-stream format): {@code event:} and {@code data:} fields, several
 * {@code data:} lines joined with newlines, comment lines ({@code :keep-alive}) ignored, an event dispatched at each
 * blank line, a final event without a trailing blank line dispatched at end of stream.
 */
public final class Sse {
    private Sse() {}

    /** Receives events. */
    public interface Listener {
        /** One event; {@code event} is {@code "message"} when the server named none. Return false to stop reading. */
        boolean onEvent(String event, String data) throws IOException;
    }

    /**
     * Reads events until the stream ends or the listener returns false.
     *
     * @return true when the listener stopped the reading, false when the stream ended
     */
    public static boolean read(BufferedSource source, Listener listener) throws IOException {
        @Nullable String event = null;
        StringBuilder data = null;
        while (true) {
            String line = source.readUtf8Line();
            if (line == null) {
                return data != null && !listener.onEvent(event == null ? "message" : event, data.toString());
            }
            if (line.isEmpty()) {
                if (data != null) {
                    if (!listener.onEvent(event == null ? "message" : event, data.toString())) {
                        return true;
                    }
                }
                event = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            } else if (field.equals("event")) {
                event = value;
            }
        }
    }
}
