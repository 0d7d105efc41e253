package dev.llmkit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server for one test class ({@code @RegisterExtension static final SharedRedis REDIS = ...}): started
 * before its tests, stopped after them; the stores a test opens are closed after it.
 */
final class SharedRedis implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private RedisServer server;
    private final List<RedisStores> opened = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = RedisServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        opened.forEach(RedisStores::close);
        opened.clear();
    }

    RedisServer server() {
        return server;
    }

    /** A new pool on the server under {@code prefix}, with a 2 s time limit per command; closed after the test. */
    synchronized RedisStores stores(String prefix) {
        RedisStores s = RedisStores.builder(server.uri()).prefix(prefix).timeout(Duration.ofSeconds(2)).build();
        opened.add(s);
        return s;
    }
}
