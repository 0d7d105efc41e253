package dev.llmkit.redis;

import dev.llmkit.batch.JobStore;
import dev.llmkit.batch.KilledJobContract;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A job on the Redis store whose worker JVM is killed with SIGKILL resumes in a new one: none twice, none lost. */
class RedisKilledJobTest extends KilledJobContract {
    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();
    private final String prefix = "killed-" + UUID.randomUUID() + ":";

    @Override
    protected String workerMain() {
        return RedisBatchWorkerMain.class.getName();
    }

    @Override
    protected String storeArgument() {
        return REDIS.server().uri() + " " + prefix;
    }

    @Override
    protected JobStore openStore() {
        return RedisJobStore.on(REDIS.stores(prefix));
    }
}
