package dev.llmkit.guardrails.internal;

import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ContentPart;
import dev.llmkit.api.Message;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.UserMessage;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.GuardrailBlockedException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.GuardrailEvent;
import dev.llmkit.api.guardrail.Guardrail;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.GuardrailContext.Source;
import dev.llmkit.api.guardrail.GuardrailContext.Stage;
import dev.llmkit.api.guardrail.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ordered guardrails at one stage: applies enforced rewrites in order (each guardrail sees the text the previous
 * one left), stops at the first enforced block, records monitored verdicts without acting on them, and reports every
 * verdict other than pass to the listener. A guardrail that throws fails closed when enforced (the call stops with an
 * {@link LlmException} naming it) and is logged and skipped when monitored.
 */
public final class Chain {
    private static final Logger LOG = LoggerFactory.getLogger(Chain.class);

    /** A guardrail and whether it acts. */
    public record Entry(Guardrail guardrail, boolean enforced) {
    }

    private final Entry[] input;
    private final Entry[] stream;
    private final Entry[] output;
    private final Entry[] untrusted;
    private final ChatModelListener listener;
    private final boolean checkHistory;

    /**
     * A chain over {@code entries}, in order.
     *
     * @param checkHistory whether the input stage checks every user message of the conversation (oldest first), not
     *     only the newest
     */
    public Chain(List<Entry> entries, ChatModelListener listener, boolean checkHistory) {
        this.checkHistory = checkHistory;
        this.input = at(entries, Stage.INPUT);
        this.stream = at(entries, Stage.STREAM);
        this.output = at(entries, Stage.OUTPUT);
        this.untrusted = at(entries, Stage.UNTRUSTED);
        this.listener = ChatModelListener.safe(listener);
    }

    private static Entry[] at(List<Entry> entries, Stage stage) {
        return entries.stream().filter(e -> e.guardrail().stages().contains(stage)).toArray(Entry[]::new);
    }

    /** Whether any guardrail checks streamed text. */
    public boolean checksStream() {
        return stream.length > 0;
    }

    /** The request after the input stage, and the placeholders its masking rewrites introduced. */
    public record Prepared(ChatRequest request, Map<String, String> restorations) {
    }

    /**
     * The input stage on the last user message, then the untrusted stage on each tool result in the request.
     *
     * @throws GuardrailBlockedException when an enforced guardrail blocks the input
     */
    public Prepared input(ChatRequest request) {
        Map<String, String> restorations = Map.of();
        ChatRequest current = request;
        if (input.length > 0) {
            List<Message> messages = request.messages();
            int last = lastUser(messages, messages.size());
            for (int i = checkHistory ? 0 : last; i >= 0 && i <= last; i++) {
                if (!(messages.get(i) instanceof UserMessage)) {
                    continue;
                }
                for (Entry e : input) {
                    ChatRequest upTo = i == last ? current
                            : current.toBuilder().messages(current.messages().subList(0, i + 1)).build();
                    Verdict v = check(e, GuardrailContext.input(upTo));
                    if (v.isPass() || !e.enforced()) {
                        continue;
                    }
                    switch (v.kind()) {
                        case REWRITE -> {
                            current = withUserText(current, i, v.text().orElseThrow());
                            if (!v.restorations().isEmpty()) {
                                restorations = merge(restorations, v.restorations());
                            }
                        }
                        case REASK -> throw new GuardrailBlockedException(e.guardrail().name(), Stage.INPUT,
                                "it asked to re-ask the model, which only an output guardrail can do: " + v.reason(),
                                0);
                        default -> throw new GuardrailBlockedException(e.guardrail().name(), Stage.INPUT,
                                v.reason(), 0);
                    }
                }
            }
        }
        if (untrusted.length > 0) {
            Prepared screened = screenToolResults(current);
            current = screened.request();
            restorations = merge(restorations, screened.restorations());
        }
        if (!restorations.isEmpty()) {
            current = remaskAnswers(current, restorations);
        }
        return new Prepared(current, restorations);
    }

    /**
     * Earlier answers in the conversation were restored for the caller; the values this call masked are masked in
     * them again (text and tool-call arguments), so that they do not reach the model in the clear.
     */
    private static ChatRequest remaskAnswers(ChatRequest request, Map<String, String> restorations) {
        List<Map.Entry<String, String>> byLength = new ArrayList<>(restorations.entrySet());
        byLength.sort((a, b) -> b.getValue().length() - a.getValue().length());
        List<Message> messages = new ArrayList<>(request.messages());
        boolean changed = false;
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.get(i) instanceof AssistantMessage a)) {
                continue;
            }
            String text = mask(a.text(), byLength);
            List<dev.llmkit.api.ToolCall> calls = new ArrayList<>();
            boolean callsChanged = false;
            for (dev.llmkit.api.ToolCall c : a.toolCalls()) {
                String args = mask(c.arguments(), byLength);
                callsChanged |= !args.equals(c.arguments());
                calls.add(args.equals(c.arguments()) ? c : new dev.llmkit.api.ToolCall(c.id(), c.name(), args));
            }
            if (!text.equals(a.text()) || callsChanged) {
                messages.set(i, new AssistantMessage(text, calls));
                changed = true;
            }
        }
        return changed ? request.toBuilder().messages(messages).build() : request;
    }

    private static String mask(String text, List<Map.Entry<String, String>> byLength) {
        String out = text;
        for (Map.Entry<String, String> e : byLength) {
            if (!e.getValue().isEmpty() && out.contains(e.getValue())) {
                out = out.replace(e.getValue(), e.getKey());
            }
        }
        return out;
    }

    private static int lastUser(List<Message> messages, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The untrusted stage on one text: pass, a rewrite (the text to use instead, e.g. fenced), or a block whose reason
     * names the guardrail.
     */
    public Verdict screen(ChatRequest request, Source source, String text) {
        String current = text;
        Map<String, String> restorations = Map.of();
        List<String> reasons = new ArrayList<>(2);
        for (Entry e : untrusted) {
            Verdict v = check(e, GuardrailContext.untrusted(request, source, current));
            if (v.isPass() || !e.enforced()) {
                continue;
            }
            switch (v.kind()) {
                case REWRITE -> {
                    current = v.text().orElseThrow();
                    reasons.add(e.guardrail().name() + ": " + v.reason());
                    restorations = merge(restorations, v.restorations());
                }
                default -> {
                    return Verdict.block(e.guardrail().name() + ": " + v.reason());
                }
            }
        }
        if (reasons.isEmpty()) {
            return Verdict.pass();
        }
        return restorations.isEmpty() ? Verdict.rewrite(current, String.join("; ", reasons))
                : Verdict.mask(current, String.join("; ", reasons), restorations);
    }

    /**
     * Tool results are screened, each against the request as the ones before it left it (so masks never collide);
     * an enforced block withholds that result (as an error result), not the call.
     */
    private Prepared screenToolResults(ChatRequest request) {
        ChatRequest current = request;
        Map<String, String> restorations = Map.of();
        for (int i = 0; i < current.messages().size(); i++) {
            if (!(current.messages().get(i) instanceof ToolResultMessage t)) {
                continue;
            }
            Verdict v = screen(current, Source.TOOL_RESULT, t.text());
            if (v.isPass()) {
                continue;
            }
            List<Message> changed = new ArrayList<>(current.messages());
            changed.set(i, v.kind() == Verdict.Kind.REWRITE
                    ? new ToolResultMessage(t.toolCallId(), t.toolName(), v.text().orElseThrow(), t.isError())
                    : new ToolResultMessage(t.toolCallId(), t.toolName(), "[tool result withheld by a guardrail: "
                            + v.reason() + "]", true));
            current = current.toBuilder().messages(changed).build();
            restorations = merge(restorations, v.restorations());
        }
        return new Prepared(current, restorations);
    }

    /** The first enforced block of the partial streamed text, or null when every stream guardrail passes it. */
    public @Nullable Blocked stream(ChatRequest request, String partial) {
        for (Entry e : stream) {
            Verdict v = check(e, GuardrailContext.stream(request, partial));
            if (!v.isPass() && e.enforced()) {
                return new Blocked(e.guardrail().name(), v.reason());
            }
        }
        return null;
    }

    /** A block: the guardrail's name and reason. */
    public record Blocked(String guardrail, String reason) {
    }

    /**
     * The output stage's outcome: the response to return (rewritten by enforced rewrites), or a re-ask with the
     * instructions and the guardrail that asked.
     */
    public record Outcome(ChatResponse response, @Nullable String reaskInstructions, @Nullable Blocked reasker) {
        /** Whether a guardrail asked to re-ask the model. */
        public boolean reask() {
            return reaskInstructions != null;
        }
    }

    /**
     * The output stage on a complete answer.
     *
     * @throws GuardrailBlockedException when an enforced guardrail blocks the answer
     */
    public Outcome output(ChatRequest request, ChatResponse response) {
        ChatResponse current = response;
        for (Entry e : output) {
            Verdict v = check(e, GuardrailContext.output(request, current));
            if (v.isPass() || !e.enforced()) {
                continue;
            }
            switch (v.kind()) {
                case REWRITE -> current = current.toBuilder()
                        .message(new AssistantMessage(v.text().orElseThrow(), current.toolCalls())).build();
                case REASK -> {
                    return new Outcome(current, v.instructions().orElseThrow(),
                            new Blocked(e.guardrail().name(), v.reason()));
                }
                default -> throw new GuardrailBlockedException(e.guardrail().name(), Stage.OUTPUT, v.reason(), 0);
            }
        }
        return new Outcome(current, null, null);
    }

    private Verdict check(Entry e, GuardrailContext context) {
        long start = System.nanoTime();
        Verdict v;
        try {
            v = e.guardrail().check(context);
        } catch (RuntimeException ex) {
            if (!e.enforced()) {
                LOG.warn("Guardrail '{}' (monitor mode) failed at {}; skipped", e.guardrail().name(), context.stage(),
                        ex);
                return Verdict.pass();
            }
            throw failed(e.guardrail(), context.stage(), ex);
        }
        if (v == null) {
            throw failed(e.guardrail(), context.stage(), new NullPointerException("check returned null"));
        }
        if (!v.isPass()) {
            if (!e.enforced()) {
                LOG.debug("Guardrail '{}' (monitor mode) at {} would {}: {}", e.guardrail().name(), context.stage(),
                        v.kind(), v.reason());
            }
            listener.onGuardrail(GuardrailEvent.builder().request(context.request()).guardrail(e.guardrail().name())
                    .stage(context.stage()).verdict(v).enforced(e.enforced())
                    .latency(Duration.ofNanos(System.nanoTime() - start)).build());
        }
        return v;
    }

    private static LlmException failed(Guardrail g, Stage stage, RuntimeException ex) {
        if (ex instanceof LlmException l) {
            return l;
        }
        return new LlmException("Guardrail '" + g.name() + "' failed at the " + stage + " stage with "
                + ex.getClass().getName() + "; the call was stopped because an enforced guardrail that cannot check"
                + " fails closed. Fix the guardrail, or run it in monitor mode.", ex, false, ErrorInfo.NONE);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }

    /** {@code request} with the text of its user message at {@code index} replaced (its images kept). */
    static ChatRequest withUserText(ChatRequest request, int index, String text) {
        List<Message> messages = new ArrayList<>(request.messages());
        UserMessage u = (UserMessage) messages.get(index);
        List<ContentPart> parts = new ArrayList<>();
        parts.add(new ContentPart.Text(text));
        for (ContentPart p : u.parts()) {
            if (!(p instanceof ContentPart.Text)) {
                parts.add(p);
            }
        }
        messages.set(index, new UserMessage(parts));
        return request.toBuilder().messages(messages).build();
    }
}
