package dev.llmkit.api.store;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeFeed} in this JVM: {@link #publish} delivers to every subscriber on the publishing thread, one
 * message at a time. For several components in one process, and for tests. A subscriber that throws is logged at WARN;
 * the others still get the message.
 */
public final class InMemoryChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryChangeFeed.class);

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void publish(String message) {
        Objects.requireNonNull(message, "message");
        for (Consumer<String> l : listeners) {
            try {
                l.accept(message);
            } catch (RuntimeException e) {
                LOG.warn("A change feed subscriber threw; the others still get the message", e);
            }
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public String toString() {
        return "InMemoryChangeFeed[" + listeners.size() + " subscribers]";
    }
}
