package dev.llmkit.agent;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs a task with tools on any {@link ChatModel} that supports native function calling: the model answers or asks
 * for tool calls; the agent runs them (in parallel, each within its timeout; risky ones only once approved) and sends
 * the results back; until the model answers without tool calls or a {@link AgentBudget budget} runs out. A bad
 * argument, an unknown tool, a tool that throws or times out, and a denied approval all go back to the model as tool
 * errors: they never end the run.
 *
 * <pre>{@code
 * try (Agent agent = Agent.builder(model).tools(MethodTools.from(new WeatherTools()))
 *         .budget(AgentBudget.builder().maxSteps(8).build()).runStore(FileRunStore.in(runs)).build()) {
 *     AgentResult r = agent.run("Should I take an umbrella in Paris today?");
 *     System.out.println(r.outcome() + ": " + r.answer().orElse("(no answer)"));
 * }
 * }</pre>
 *
 * <p><b>Durable runs.</b> Every model answer and every tool result is saved to the {@link RunStore} before the run
 * goes on. {@link #resume} continues a run from its last checkpoint: tool calls whose results were recorded are never
 * run again; a call that was running when the process died (its result unrecorded) runs once more.
 *
 * <p>{@link #run} blocks the calling thread. Thread-safe: runs may proceed in parallel; {@link #close()} stops the
 * tool executor the agent created (not one you passed in).
 */
public final class Agent implements AutoCloseable {
    /** The default time a tool call may take. */
    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(30);
    /** Threads of the default tool executor. */
    public static final int DEFAULT_TOOL_THREADS = 4;

    final ChatModel model;
    final Map<String, dev.llmkit.api.Tool> tools;
    final Set<String> risky;
    final @Nullable String systemPrompt;
    final AgentBudget budget;
    final Duration toolTimeout;
    final ExecutorService executor;
    private final boolean ownsExecutor;
    final ApprovalHandler approval;
    final RunStore store;
    final AgentListener listener;
    final Clock clock;
    final com.networknt.schema.@Nullable Schema answerSchema;
    final boolean reflect;
    final boolean react;
    final @Nullable ChatMemory memory;

    private Agent(Builder b) {
        this.model = b.model;
        Map<String, dev.llmkit.api.Tool> byName = new LinkedHashMap<>();
        for (dev.llmkit.api.Tool t : b.tools) {
            if (b.allowed != null && !b.allowed.contains(t.spec().name())) {
                continue;
            }
            if (byName.put(t.spec().name(), t) != null) {
                throw new IllegalArgumentException("Two tools are named '" + t.spec().name() + "'");
            }
        }
        if (b.allowed != null && !byName.keySet().containsAll(b.allowed)) {
            Set<String> missing = new HashSet<>(b.allowed);
            missing.removeAll(byName.keySet());
            throw new IllegalArgumentException("allowed tools " + missing + " are not among the agent's tools");
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException("an agent needs at least one tool; for a plain answer call the model");
        }
        this.tools = Map.copyOf(byName);
        Set<String> r = new HashSet<>(b.risky);
        for (dev.llmkit.api.Tool t : byName.values()) {
            if (MethodTools.isRisky(t)) {
                r.add(t.spec().name());
            }
        }
        for (String name : r) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("risky tool '" + name + "' is not one of the agent's tools "
                        + byName.keySet());
            }
        }
        this.risky = Set.copyOf(r);
        this.systemPrompt = b.systemPrompt;
        this.budget = b.budget;
        this.toolTimeout = b.toolTimeout;
        this.ownsExecutor = b.executor == null;
        this.executor = b.executor != null ? b.executor : Executors.newFixedThreadPool(DEFAULT_TOOL_THREADS,
                daemonThreads());
        this.approval = b.approval;
        this.store = b.store;
        this.listener = b.listener;
        this.clock = b.clock;
        this.answerSchema = b.answerSchema == null ? null : com.networknt.schema.SchemaRegistry
                .withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12).getSchema(b.answerSchema);
        this.reflect = b.reflect;
        this.react = b.react;
        this.memory = b.memory;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "llmkit-agent-tool-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A builder for an agent on {@code model}. */
    public static Builder builder(ChatModel model) {
        return new Builder(model);
    }

    /** Runs {@code task} under a new run id until it ends. */
    public AgentResult run(String task) {
        return run(UUID.randomUUID().toString(), task);
    }

    /**
     * Runs {@code task} under {@code runId} (1 to 128 letters, digits, {@code .}, {@code _} or {@code -}), so that it
     * can be {@linkplain #resume resumed} by that id.
     *
     * @throws IllegalStateException when the store already holds a run of that id
     */
    public AgentResult run(String runId, String task) {
        Objects.requireNonNull(task, "task");
        if (task.isBlank()) {
            throw new IllegalArgumentException("the task is empty");
        }
        if (store.load(runId).isPresent()) {
            throw new IllegalStateException("Run '" + runId + "' exists already; resume it, or choose another id");
        }
        List<Message> messages = new ArrayList<>();
        if (systemPrompt != null) {
            messages.add(Message.system(systemPrompt));
        }
        messages.add(Message.user(task));
        RunState start = new RunState(runId, task, messages, 0, 0, java.math.BigDecimal.ZERO, null);
        store.save(start);
        return new Loop(this, start).run();
    }

    /**
     * Runs {@code task} as the next turn of conversation {@code sessionId}: the memory's messages of the session come
     * before it, and the task and the final answer are added to the memory when the run completes.
     *
     * @throws IllegalStateException when the agent was built without a {@link Builder#memory memory}
     */
    public AgentResult chat(String sessionId, String task) {
        if (memory == null) {
            throw new IllegalStateException("chat needs a memory: build the agent with memory(...)");
        }
        Objects.requireNonNull(task, "task");
        List<Message> messages = new ArrayList<>();
        if (systemPrompt != null) {
            messages.add(Message.system(systemPrompt));
        }
        messages.addAll(memory.messages(sessionId));
        messages.add(Message.user(task));
        RunState start = new RunState(UUID.randomUUID().toString(), task, messages, 0, 0, java.math.BigDecimal.ZERO,
                null);
        store.save(start);
        AgentResult r = new Loop(this, start).run();
        if (r.completed()) {
            memory.add(sessionId, List.of(Message.user(task), Message.assistant(r.answer().orElse(""))));
        }
        return r;
    }

    /**
     * Continues run {@code runId} from its last checkpoint; a finished run's result is returned as it was.
     *
     * @throws IllegalArgumentException when the store holds no such run
     */
    public AgentResult resume(String runId) {
        RunState state = store.load(runId).orElseThrow(() -> new IllegalArgumentException("No run '" + runId
                + "' in " + store));
        if (state.finished()) {
            return new AgentResult(state, null);
        }
        return new Loop(this, state).run();
    }

    /**
     * This agent as a tool another agent can call (a sub-agent): its one parameter is the {@code task}; the result is
     * the sub-run's answer, or a tool error saying how it stopped.
     */
    public dev.llmkit.api.Tool asTool(String name, String description) {
        com.fasterxml.jackson.databind.node.ObjectNode schema = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode().put("type", "object");
        schema.putObject("properties").putObject("task").put("type", "string").put("description",
                "what to do, with every detail needed: the sub-agent sees nothing else");
        schema.putArray("required").add("task");
        dev.llmkit.api.ToolSpec spec = dev.llmkit.api.ToolSpec.of(name, description, schema);
        return new dev.llmkit.api.Tool() {
            @Override
            public dev.llmkit.api.ToolSpec spec() {
                return spec;
            }

            @Override
            public dev.llmkit.api.ToolResult execute(dev.llmkit.api.ToolCall call,
                    dev.llmkit.api.ToolContext context) {
                String task;
                try {
                    task = new com.fasterxml.jackson.databind.ObjectMapper().readTree(call.arguments()).path("task")
                            .asText("");
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    task = "";
                }
                if (task.isBlank()) {
                    return dev.llmkit.api.ToolResult.error(name + " needs a non-empty 'task'");
                }
                AgentResult r = run(task);
                return r.completed() ? dev.llmkit.api.ToolResult.of(r.answer().orElse(""))
                        : dev.llmkit.api.ToolResult.error(name + " stopped without an answer (" + r.outcome()
                                + " after " + r.steps() + " steps)");
            }
        };
    }

    /** The agent's tools, by name. */
    public Map<String, dev.llmkit.api.Tool> tools() {
        return tools;
    }

    /** Stops the tool executor the agent created; one passed to the builder is left running. */
    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "Agent{" + model + ", tools=" + tools.keySet() + ", " + budget + "}";
    }

    /** Builds an {@link Agent}. Not thread-safe. */
    public static final class Builder {
        private final ChatModel model;
        private final List<dev.llmkit.api.Tool> tools = new ArrayList<>();
        private final Set<String> risky = new HashSet<>();
        private @Nullable String systemPrompt;
        private AgentBudget budget = AgentBudget.defaults();
        private Duration toolTimeout = DEFAULT_TOOL_TIMEOUT;
        private @Nullable ExecutorService executor;
        private ApprovalHandler approval = ApprovalHandler.DENY_ALL;
        private RunStore store = new InMemoryRunStore();
        private AgentListener listener = AgentListener.NONE;
        private Clock clock = Clock.systemUTC();
        private @Nullable Set<String> allowed;
        private com.fasterxml.jackson.databind.@Nullable JsonNode answerSchema;
        private boolean reflect;
        private boolean react;
        private @Nullable ChatMemory memory;

        private Builder(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Adds tools ({@link MethodTools#from} or your own {@link dev.llmkit.api.Tool}s). */
        public Builder tools(List<? extends dev.llmkit.api.Tool> tools) {
            this.tools.addAll(tools);
            return this;
        }

        /** Adds one tool. */
        public Builder tool(dev.llmkit.api.Tool tool) {
            this.tools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /** Marks the named tools risky: each call asks the {@link #approval} handler first. */
        public Builder risky(String... toolNames) {
            this.risky.addAll(List.of(toolNames));
            return this;
        }

        /** Instructions sent as the system message of every run. */
        public Builder systemPrompt(String systemPrompt) {
            this.systemPrompt = Objects.requireNonNull(systemPrompt, "systemPrompt");
            return this;
        }

        /** The run's limits (default {@link AgentBudget#defaults()}). */
        public Builder budget(AgentBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /** The time one tool call may take (default 30 s); a call past it becomes a tool error. */
        public Builder toolTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("toolTimeout must be positive, was " + timeout);
            }
            this.toolTimeout = timeout;
            return this;
        }

        /**
         * The executor tool calls run on (default: {@value Agent#DEFAULT_TOOL_THREADS} daemon threads the agent owns
         * and {@link Agent#close() closes}). Its size bounds the parallel tool calls of all runs together.
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Decides risky calls (default {@link ApprovalHandler#DENY_ALL}). */
        public Builder approval(ApprovalHandler approval) {
            this.approval = Objects.requireNonNull(approval, "approval");
            return this;
        }

        /** Where checkpoints go (default an {@link InMemoryRunStore}). */
        public Builder runStore(RunStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Observes every step. */
        public Builder listener(AgentListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock for the time budget (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Offers the model only these of the tools given (an allowlist, e.g. over an MCP server's tools). */
        public Builder allowTools(String... toolNames) {
            this.allowed = Set.of(toolNames);
            return this;
        }

        /**
         * Requires the final answer to be JSON matching {@code schema} (draft 2020-12): an answer that is not gets
         * the validation errors back, as a step of the run, until it passes or the budget runs out.
         */
        public Builder answerSchema(com.fasterxml.jackson.databind.JsonNode schema) {
            this.answerSchema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * Whether the model critiques its draft answer once before the run finishes (one more model step): it keeps
         * the draft when it holds, or answers again.
         */
        public Builder reflect(boolean reflect) {
            this.reflect = reflect;
            return this;
        }

        /**
         * Whether the model is driven by the text ReAct protocol (Thought, Action, Action Input, Observation, Final
         * Answer) instead of native function calling, for models and servers without tool support (default false).
         */
        public Builder react(boolean react) {
            this.react = react;
            return this;
        }

        /** The memory {@link Agent#chat} keeps each session in. */
        public Builder memory(ChatMemory memory) {
            this.memory = Objects.requireNonNull(memory, "memory");
            return this;
        }

        /** Builds the agent. */
        public Agent build() {
            return new Agent(this);
        }
    }
}
