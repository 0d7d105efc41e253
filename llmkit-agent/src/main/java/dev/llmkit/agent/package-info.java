/**
 * A tool-using agent loop on any {@link dev.llmkit.api.ChatModel}: {@link Agent} runs a task step by step with native
 * function calling, within {@link AgentBudget budgets}, checkpointing every step to a {@link RunStore} so that a run
 * resumes after a crash without running a recorded tool call again. Tools come from methods annotated {@link Tool}
 * ({@link MethodTools}) or from any {@link dev.llmkit.api.Tool}.
 */
@NullMarked
package dev.llmkit.agent;

import org.jspecify.annotations.NullMarked;
