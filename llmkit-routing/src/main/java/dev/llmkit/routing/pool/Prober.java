package dev.llmkit.routing.pool;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.routing.pool.internal.Tracker;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a pool's {@link HealthCheck}: one round of probes per interval, the next scheduled when the last ended. */
final class Prober implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Prober.class);

    private final DeploymentPool pool;
    private final HealthCheck check;
    private final @Nullable ExecutorService owned;
    private final java.util.concurrent.Executor executor;
    // guarded by this
    private boolean closed;
    private Scheduler.@Nullable Cancellable next;

    Prober(DeploymentPool pool, HealthCheck check) {
        this.pool = pool;
        this.check = check;
        if (check.executor().isPresent()) {
            owned = null;
            executor = check.executor().get();
        } else {
            owned = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "llmkit-health-" + pool.name());
                t.setDaemon(true);
                return t;
            });
            executor = owned;
        }
    }

    void start() {
        scheduleNext();
    }

    private synchronized void scheduleNext() {
        if (!closed) {
            next = pool.scheduler().schedule(check.interval(), this::due);
        }
    }

    private synchronized boolean closed() {
        return closed;
    }

    private void due() {
        try {
            executor.execute(this::round);
        } catch (RejectedExecutionException e) {
            if (!closed()) {
                LOG.warn("Pool {}: the health check executor refused a round ({}); checks stopped", pool.name(),
                        e.toString());
            }
        }
    }

    private void round() {
        try {
            for (Tracker t : pool.trackers()) {
                if (closed()) {
                    return;
                }
                probe(t);
            }
        } finally {
            scheduleNext();
        }
    }

    private void probe(Tracker t) {
        String name = t.deployment().name();
        ChatRequest request = check.probe().withDeadline(pool.scheduler().now().plus(check.timeout()));
        try {
            t.deployment().model().chat(request);
            if (t.probeSucceeded()) {
                pool.publishRecovery(t);
                LOG.info("Pool {}: deployment {} answered a health probe and is back in rotation", pool.name(), name);
            }
        } catch (LlmException e) {
            if (t.probeFailed(e)) {
                pool.publishCooldown(t);
                LOG.warn("Pool {}: deployment {} failed a health probe ({}) and is cooling down", pool.name(), name,
                        e.getClass().getSimpleName());
            } else if (!Tracker.isDeploymentFailure(e)) {
                LOG.warn("Pool {}: deployment {} refused the health probe itself ({}); its health is unknown. Give the"
                        + " check a probe it accepts with HealthCheck.withProbe.", pool.name(), name,
                        e.getClass().getSimpleName());
            }
        } catch (RuntimeException e) {
            LOG.warn("Pool {}: deployment {} threw {} on a health probe; this is a bug in that model or a decorator",
                    pool.name(), name, e.toString());
        }
    }

    /** Stops the checks: no new round starts and the pool's own probe thread ends. Idempotent. */
    @Override
    public void close() {
        Scheduler.Cancellable pending;
        synchronized (this) {
            closed = true;
            pending = next;
            next = null;
        }
        if (pending != null) {
            pending.cancel();
        }
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
