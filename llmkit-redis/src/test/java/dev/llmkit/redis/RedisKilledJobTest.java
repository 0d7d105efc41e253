package dev.llmkit.redis;

import dev.llmkit.batch.JobStore;
import dev.llmkit.batch.KilledJobContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** A job on the Redis store whose worker JVM is killed with SIGKILL resumes in a new one: none twice, none lost. */
class RedisKilledJobTest extends KilledJobContract {
    private static RedisServer server;
    private final String prefix = "killed-" + UUID.randomUUID() + ":";
    private final List<RedisStores> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(RedisStores::close);
    }

    @Override
    protected String workerMain() {
        return RedisBatchWorkerMain.class.getName();
    }

    @Override
    protected String storeArgument() {
        return server.uri() + " " + prefix;
    }

    @Override
    protected JobStore openStore() {
        RedisStores stores = RedisStores.builder(server.uri()).prefix(prefix).timeout(Duration.ofSeconds(2)).build();
        opened.add(stores);
        return RedisJobStore.on(stores);
    }
}
