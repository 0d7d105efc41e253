package dev.llmkit.providers.internal;

import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A server-sent-events reader following the WHATWG event-stream format: lines end in CRLF, LF or a bare CR;
 * {@code event:} and {@code data:} fields, several {@code data:} lines joined with newlines, comment lines
 * ({@code :keep-alive}) ignored, an event dispatched at each blank line. An event not terminated by a blank line when
 * the stream ends is discarded, as the format requires (a cut connection must not pass for a whole event). A line,
 * or one event's data, longer than {@link #MAX_LINE_BYTES} fails the read instead of exhausting memory.
 */
public final class Sse {
    /** The longest line accepted: 4 MiB (a base64 image in a chunk fits; an endless line does not). */
    public static final long MAX_LINE_BYTES = 4L * 1024 * 1024;

    private static final ByteString CR_OR_LF = ByteString.encodeUtf8("\r\n");

    private Sse() {}

    /** Receives events. */
    public interface Listener {
        /** One event; {@code event} is {@code "message"} when the server named none. Return false to stop reading. */
        boolean onEvent(String event, String data) throws IOException;
    }

    /** A line longer than the limit. */
    public static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(long limit) {
            super("a server-sent-events line is longer than " + limit + " bytes");
        }
    }

    /**
     * Reads events until the stream ends or the listener returns false.
     *
     * @return true when the listener stopped the reading, false when the stream ended
     */
    public static boolean read(BufferedSource source, Listener listener) throws IOException {
        return read(source, listener, MAX_LINE_BYTES);
    }

    /** {@link #read(BufferedSource, Listener)} with another line-length limit. */
    public static boolean read(BufferedSource source, Listener listener, long maxLineBytes) throws IOException {
        LineReader lines = new LineReader(source, maxLineBytes);
        @Nullable String event = null;
        StringBuilder data = null;
        while (true) {
            String line = lines.next();
            if (line == null) {
                return false; // an unterminated event is discarded
            }
            if (line.isEmpty()) {
                if (data != null && !listener.onEvent(event == null ? "message" : event, data.toString())) {
                    return true;
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
                if (data.length() > maxLineBytes) {
                    throw new LineTooLongException(maxLineBytes); // many data lines with no blank line between
                }
            } else if (field.equals("event")) {
                event = value;
            }
        }
    }

    /**
     * Splits a source into lines at CRLF, LF or CR, without waiting for the byte after a CR (a live stream must not
     * stall on it): an LF that follows a CR is skipped when the next line is read.
     */
    private static final class LineReader {
        private final BufferedSource source;
        private final long max;
        private boolean afterCr;

        LineReader(BufferedSource source, long max) {
            this.source = source;
            this.max = max;
        }

        @Nullable String next() throws IOException {
            Buffer buffer = source.getBuffer();
            if (afterCr) {
                afterCr = false;
                if (source.request(1) && buffer.getByte(0) == '\n') {
                    buffer.skip(1);
                }
            }
            long scanned = 0;
            while (true) {
                long at = buffer.indexOfElement(CR_OR_LF, scanned);
                if (at >= 0) {
                    if (at > max) {
                        throw new LineTooLongException(max);
                    }
                    String line = buffer.readUtf8(at);
                    afterCr = buffer.readByte() == '\r';
                    return line;
                }
                scanned = buffer.size();
                if (scanned > max) {
                    throw new LineTooLongException(max);
                }
                if (!source.request(scanned + 1)) {
                    return null; // the stream ended inside a line
                }
            }
        }
    }
}
