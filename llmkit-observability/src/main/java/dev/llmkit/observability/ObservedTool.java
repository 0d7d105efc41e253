package dev.llmkit.observability;

import dev.llmkit.api.Tool;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolContext;
import dev.llmkit.api.ToolResult;
import dev.llmkit.api.ToolSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A tool whose executions are observed operations ({@link Observability#tool}). */
final class ObservedTool implements Tool {
    private final Tool delegate;
    private final CallObserver observers;
    private final Clock clock;

    ObservedTool(Tool delegate, CallObserver observers, Clock clock) {
        this.delegate = delegate;
        this.observers = observers;
        this.clock = clock;
    }

    @Override
    public ToolSpec spec() {
        return delegate.spec();
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        OperationScope scope = observers.onStart(Operation.tool(call, context.callId(), start));
        ToolResult result;
        try (OperationScope.Current c = scope.makeCurrent()) {
            result = delegate.execute(call, context);
        } catch (RuntimeException | Error e) {
            end(scope, new ToolRecord(context.callId(), call, ToolResult.error(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), start, since(t0)));
            throw e;
        }
        end(scope, new ToolRecord(context.callId(), call, result, start, since(t0)));
        return result;
    }

    private void end(OperationScope scope, ToolRecord record) {
        scope.end(Outcome.of(record));
        observers.onTool(record);
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public String toString() {
        return "Observed(" + delegate + ")";
    }
}
