package dev.llmkit.agent;

import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolContext;

/**
 * Decides whether a risky tool call ({@code @Tool(risky = true)}, or one named in {@link Agent.Builder#risky}) may
 * run: a person asked in a UI, a policy, a rule by amount. A denial goes back to the model as a tool error with the
 * reason, so it can explain or choose another way. Called on the agent's thread, one call at a time.
 */
@FunctionalInterface
public interface ApprovalHandler {
    /** Approves everything. */
    ApprovalHandler APPROVE_ALL = (call, context) -> Decision.approve();
    /** Denies everything, as the default does when risky tools have no handler. */
    ApprovalHandler DENY_ALL = (call, context) -> Decision.deny("no approval handler is configured");

    /** Whether {@code call} may run. */
    Decision decide(ToolCall call, ToolContext context);

    /**
     * An approval or a denial with its reason.
     *
     * @param approved whether the call may run
     * @param reason why not, for a denial; shown to the model
     */
    record Decision(boolean approved, String reason) {
        /** The call may run. */
        public static Decision approve() {
            return new Decision(true, "");
        }

        /** The call may not run, because {@code reason}. */
        public static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }
}
