package dev.llmkit.agent;

import dev.llmkit.agent.internal.ReAct;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.Message;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolContext;
import dev.llmkit.api.ToolResult;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.error.LlmException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of an {@link Agent}, from a checkpoint to its end; used by one thread. */
final class Loop {
    private static final Logger LOG = LoggerFactory.getLogger(Loop.class);

    private final Agent agent;
    private final List<ToolSpec> specs;
    private final Instant started;
    private RunState state;
    private boolean reflected;
    private final String reactPrompt;

    /** The one critique a reflecting agent asks for. */
    static final String REFLECT = "Before you finish, check your answer against the task and the tool results: is"
            + " it correct, complete and supported? If it is, repeat it unchanged; if not, give the corrected answer"
            + " (you may still call tools).";

    Loop(Agent agent, RunState state) {
        this.agent = agent;
        this.state = state;
        this.started = agent.clock.instant();
        List<ToolSpec> s = new ArrayList<>();
        agent.tools.values().forEach(t -> s.add(t.spec()));
        s.sort(java.util.Comparator.comparing(ToolSpec::name));
        this.specs = List.copyOf(s);
        String system = state.messages().stream().filter(m -> m instanceof dev.llmkit.api.SystemMessage)
                .map(Message::text).findFirst().orElse(null);
        this.reactPrompt = ReAct.systemPrompt(system, specs);
    }

    AgentResult run() {
        AgentOutcome pendingOutcome = runPendingTools();
        if (pendingOutcome != null) {
            return finish(pendingOutcome, null);
        }
        List<Message> sofar = state.messages();
        if (state.steps() > 0 && sofar.get(sofar.size() - 1) instanceof AssistantMessage last && !last.hasToolCalls()) {
            // the process died after saving a final answer and before the run's end: judge that answer, don't ask anew
            String problem = answerProblem(last.text());
            if (problem == null) {
                return finish(AgentOutcome.COMPLETED, null);
            }
            addUser(problem);
        }
        AgentBudget b = agent.budget;
        while (true) {
            AgentOutcome limit = limitReached(b);
            if (limit != null) {
                return finish(limit, null);
            }
            ChatRequest.Builder request = agent.react
                    ? ChatRequest.builder().messages(ReAct.render(state.messages(), reactPrompt))
                    : ChatRequest.builder().messages(state.messages()).tools(specs);
            b.maxTime().ifPresent(t -> request.deadline(started.plus(t)));
            long t0 = System.nanoTime();
            ChatResponse response;
            try {
                response = agent.model.chat(request.build());
            } catch (LlmException e) {
                if (e instanceof dev.llmkit.api.error.LlmTimeoutException && limitReached(b) == AgentOutcome.MAX_TIME) {
                    return finish(AgentOutcome.MAX_TIME, null);
                }
                return finish(AgentOutcome.FAILED, e);
            }
            long tokens = response.usage().inputTokens() + response.usage().outputTokens();
            BigDecimal cost = response.cost().orElse(BigDecimal.ZERO);
            AssistantMessage answer = response.message();
            String formatProblem = null;
            if (agent.react) {
                ReAct.Parsed p = ReAct.parse(response.text());
                formatProblem = p.problem();
                answer = p.tool() != null ? new AssistantMessage(p.text(), List.of(new ToolCall("react-"
                        + (state.steps() + 1), p.tool(), p.input()))) : new AssistantMessage(p.answer() != null
                                ? p.answer() : p.text(), List.of());
            }
            List<Message> messages = new ArrayList<>(state.messages());
            messages.add(answer);
            state = new RunState(state.runId(), state.task(), messages, state.steps() + 1, state.tokens() + tokens,
                    state.cost().add(cost), null);
            agent.store.save(state);
            notify(l -> l.onModelCall(AgentEvent.modelCall(state.runId(), state.steps(),
                    Duration.ofNanos(System.nanoTime() - t0), tokens, response.cost().orElse(null))));
            if (formatProblem != null) {
                addUser(formatProblem);
                continue;
            }
            if (!answer.hasToolCalls()) {
                String problem = answerProblem(answer.text());
                if (problem != null) {
                    addUser(problem);
                    continue;
                }
                if (agent.reflect && !reflected) {
                    reflected = true;
                    addUser(REFLECT);
                    continue;
                }
                return finish(AgentOutcome.COMPLETED, null);
            }
            AgentOutcome stuck = repeated(answer.toolCalls());
            if (stuck != null) {
                return finish(stuck, null);
            }
            runTools(answer.toolCalls());
        }
    }

    /** Why a final answer does not match the answer schema (the message for the model), or null when it does. */
    private @Nullable String answerProblem(String answer) {
        if (agent.answerSchema == null) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            String body = answer.strip();
            if (body.startsWith("```")) {
                body = body.replaceFirst("\\A```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```\\s*\\z", "");
            }
            node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "Your final answer must be JSON matching the required schema; it was not JSON ("
                    + e.getOriginalMessage() + "). Answer again with only the JSON.";
        }
        List<com.networknt.schema.Error> errors = node == null ? List.of() : agent.answerSchema.validate(node);
        if (node == null || node.isMissingNode()) {
            return "Your final answer was empty. Answer with only the JSON matching the required schema.";
        }
        if (errors.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("Your final answer does not match the required JSON schema:");
        errors.stream().limit(8).forEach(e -> sb.append("\n- ").append(e));
        return sb.append("\nAnswer again with only the corrected JSON.").toString();
    }

    private void addUser(String text) {
        List<Message> messages = new ArrayList<>(state.messages());
        messages.add(Message.user(text));
        state = new RunState(state.runId(), state.task(), messages, state.steps(), state.tokens(), state.cost(), null);
        agent.store.save(state);
    }

    private @Nullable AgentOutcome limitReached(AgentBudget b) {
        if (state.steps() >= b.maxSteps()) {
            return AgentOutcome.MAX_STEPS;
        }
        if (state.tokens() >= b.maxTokens()) {
            return AgentOutcome.MAX_TOKENS;
        }
        if (b.maxCost().isPresent() && state.cost().compareTo(b.maxCost().get()) >= 0) {
            return AgentOutcome.MAX_COST;
        }
        if (b.maxTime().isPresent() && !agent.clock.instant().isBefore(started.plus(b.maxTime().get()))) {
            return AgentOutcome.MAX_TIME;
        }
        return null;
    }

    /** Tool calls of the last answer whose results were never recorded (the process died): run them now. */
    private @Nullable AgentOutcome runPendingTools() {
        List<Message> m = state.messages();
        for (int i = m.size() - 1; i >= 0; i--) {
            if (m.get(i) instanceof AssistantMessage a) {
                if (!a.hasToolCalls()) {
                    return null;
                }
                Set<String> done = new HashSet<>();
                for (int j = i + 1; j < m.size(); j++) {
                    if (m.get(j) instanceof ToolResultMessage t) {
                        done.add(t.toolCallId());
                    }
                }
                List<ToolCall> missing = new ArrayList<>();
                for (ToolCall c : a.toolCalls()) {
                    if (!done.contains(c.id())) {
                        missing.add(c);
                    }
                }
                if (!missing.isEmpty()) {
                    runTools(missing);
                }
                return null;
            }
        }
        return null;
    }

    /** A call the transcript already holds more than {@code maxRepeats} times (same name and arguments): stuck. */
    private @Nullable AgentOutcome repeated(List<ToolCall> calls) {
        Map<String, Integer> seen = new HashMap<>();
        for (Message m : state.messages()) {
            if (m instanceof AssistantMessage a) {
                for (ToolCall c : a.toolCalls()) {
                    seen.merge(key(c), 1, Integer::sum);
                }
            }
        }
        for (ToolCall c : calls) {
            if (seen.getOrDefault(key(c), 0) > agent.budget.maxRepeats()) {
                return AgentOutcome.REPEATED_CALL;
            }
        }
        return null;
    }

    private static String key(ToolCall c) {
        String args;
        try {
            args = c.arguments().isBlank() ? "{}" : new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(c.arguments()).toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            args = c.arguments();
        }
        return c.name() + "\u0000" + args;
    }

    /** Runs {@code calls} in parallel, each within the tool timeout, saving each result as it arrives. */
    private void runTools(List<ToolCall> calls) {
        CompletionService<Done> done = new ExecutorCompletionService<>(agent.executor);
        Map<Future<Done>, ToolCall> running = new HashMap<>();
        for (ToolCall call : calls) {
            dev.llmkit.api.Tool tool = agent.tools.get(call.name());
            if (tool == null) {
                record(call, ToolResult.error("Unknown tool '" + call.name() + "'. The tools are: "
                        + String.join(", ", new java.util.TreeSet<>(agent.tools.keySet())) + "."), Duration.ZERO);
                continue;
            }
            ToolContext context = ToolContext.of(dev.llmkit.api.CallContext.builder().newCallId().build());
            if (agent.risky.contains(call.name())) {
                ApprovalHandler.Decision d;
                try {
                    d = agent.approval.decide(call, context);
                } catch (RuntimeException e) {
                    d = ApprovalHandler.Decision.deny("the approval handler failed: " + e);
                }
                if (!d.approved()) {
                    record(call, ToolResult.error("The call to " + call.name() + " was not approved: " + d.reason()
                            + ". Do not retry it; explain or choose another way."), Duration.ZERO);
                    continue;
                }
            }
            running.put(done.submit(() -> {
                long t0 = System.nanoTime();
                ToolResult r;
                try {
                    r = tool.execute(call, context);
                } catch (RuntimeException e) {
                    r = ToolResult.error(call.name() + " failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                }
                return new Done(call, r, Duration.ofNanos(System.nanoTime() - t0));
            }), call);
        }
        long deadline = System.nanoTime() + agent.toolTimeout.toNanos();
        while (!running.isEmpty()) {
            Future<Done> f;
            try {
                f = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // the run's thread was stopped: nothing is recorded for the calls still running, so a resume runs
                // them again
                running.keySet().forEach(r -> r.cancel(true));
                Thread.currentThread().interrupt();
                throw new LlmException("Agent run " + state.runId() + " was interrupted while its tools ran; resume it"
                        + " to go on.", e, false, dev.llmkit.api.error.ErrorInfo.NONE);
            }
            if (f == null) {
                for (Map.Entry<Future<Done>, ToolCall> e : running.entrySet()) {
                    Future<Done> late = e.getKey();
                    if (!late.cancel(true) && late.isDone() && !late.isCancelled()) {
                        try {
                            Done d = late.get(); // it finished as the time ran out: its result counts
                            record(d.call, d.result, d.latency);
                            continue;
                        } catch (ExecutionException | InterruptedException ignored) {
                            // fall through: reported as stopped
                        }
                    }
                    record(e.getValue(), ToolResult.error(e.getValue().name() + " did not finish within "
                            + agent.toolTimeout.toMillis() + " ms and was stopped."), agent.toolTimeout);
                }
                return;
            }
            ToolCall call = running.remove(f);
            try {
                Done d = f.get();
                record(d.call, d.result, d.latency);
            } catch (ExecutionException | InterruptedException e) {
                record(call, ToolResult.error(call.name() + " failed: " + e.getCause()), Duration.ZERO);
            }
        }
    }

    private record Done(ToolCall call, ToolResult result, Duration latency) {
    }

    /** Appends one tool result to the transcript and saves the checkpoint. */
    private void record(ToolCall call, ToolResult result, Duration latency) {
        List<Message> messages = new ArrayList<>(state.messages());
        messages.add(result.toMessage(call));
        state = new RunState(state.runId(), state.task(), messages, state.steps(), state.tokens(), state.cost(), null);
        agent.store.save(state);
        notify(l -> l.onToolCall(AgentEvent.toolCall(state.runId(), state.steps(), call.name(), call.arguments(),
                result.content(), result.isError(), latency)));
    }

    private AgentResult finish(AgentOutcome outcome, @Nullable LlmException error) {
        state = new RunState(state.runId(), state.task(), state.messages(), state.steps(), state.tokens(),
                state.cost(), outcome);
        agent.store.save(state);
        AgentResult result = new AgentResult(state, error);
        notify(l -> l.onFinished(result));
        return result;
    }

    private void notify(java.util.function.Consumer<AgentListener> event) {
        try {
            event.accept(agent.listener);
        } catch (RuntimeException e) {
            LOG.warn("An agent listener threw; the run goes on", e);
        }
    }
}
