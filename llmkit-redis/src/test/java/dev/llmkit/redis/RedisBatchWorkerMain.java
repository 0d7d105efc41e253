package dev.llmkit.redis;

import dev.llmkit.batch.BatchWorkerMain;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker JVM of {@link RedisKilledJobTest}: {@link BatchWorkerMain} on a Redis job store. Arguments: the Redis URI
 * and the key prefix joined by a space, the requests file, the calls log.
 */
public final class RedisBatchWorkerMain {
    private RedisBatchWorkerMain() {}

    public static void main(String[] args) throws Exception {
        String[] store = args[0].split(" ", 2);
        RedisStores redis = RedisStores.builder(store[0]).prefix(store[1]).timeout(Duration.ofSeconds(2)).build();
        BatchWorkerMain.run(RedisJobStore.on(redis), Path.of(args[1]), Path.of(args[2])); // exits the JVM
    }
}
