package dev.llmkit.agent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.Message;
import dev.llmkit.api.SystemMessage;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The text ReAct protocol, for models without native function calling: the tools are described in the system
 * prompt; the model writes {@code Thought:}, then either {@code Action:} and {@code Action Input:} (JSON) or
 * {@code Final Answer:}; tool results go back as {@code Observation:} lines. The transcript keeps tool calls and
 * results structured; {@link #render} turns them into the text the model reads.
 */
public final class ReAct {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACTION = Pattern.compile("(?im)^\\s*Action\\s*:\\s*(.+?)\\s*$");
    private static final Pattern INPUT = Pattern.compile("(?is)^\\s*Action\\s*Input\\s*:\\s*(.*)$", Pattern.MULTILINE);
    private static final Pattern FINAL = Pattern.compile("(?is)^\\s*Final\\s*Answer\\s*:\\s*(.*)$", Pattern.MULTILINE);
    private static final Pattern THOUGHT = Pattern.compile("(?im)^\\s*Thought\\s*:");
    private static final Pattern OBSERVATION = Pattern.compile("(?im)^\\s*Observation\\s*:");

    private ReAct() {}

    /** The instructions that teach the protocol and list the tools, after {@code instructions} when given. */
    public static String systemPrompt(@Nullable String instructions, List<ToolSpec> tools) {
        StringBuilder sb = new StringBuilder();
        if (instructions != null) {
            sb.append(instructions).append("\n\n");
        }
        sb.append("You can use these tools:\n");
        for (ToolSpec t : tools) {
            sb.append("- ").append(t.name()).append(": ").append(t.description()).append(" Input: JSON matching ")
                    .append(t.parameters()).append('\n');
        }
        sb.append("\nWork in steps. Each reply is either\nThought: what you will do next\nAction: the tool's name\n"
                + "Action Input: its input as one JSON object\n\nor, when you know the answer,\nThought: why you are"
                + " done\nFinal Answer: the answer\n\nAfter an Action, stop: the result comes back as an"
                + " Observation. Never write an Observation yourself.");
        return sb.toString();
    }

    /** What a reply says: a tool to call with its JSON input, a final answer, or a format problem to report back. */
    public record Parsed(String text, @Nullable String tool, @Nullable String input, @Nullable String answer,
            @Nullable String problem) {
    }

    /** Reads one reply. Text the model wrote after an Action as if it were an Observation is cut off. */
    public static Parsed parse(String reply) {
        String text = reply;
        Matcher action = ACTION.matcher(text);
        if (action.find()) {
            Matcher obs = OBSERVATION.matcher(text);
            if (obs.find(action.end())) {
                text = text.substring(0, obs.start()).stripTrailing(); // an invented observation
            }
        }
        Matcher a = ACTION.matcher(text);
        boolean hasAction = a.find();
        Matcher f = FINAL.matcher(text);
        boolean hasFinal = f.find();
        if (hasAction && hasFinal) {
            return new Parsed(text, null, null, null, "Your reply has both an Action and a Final Answer. Give one:"
                    + " an Action (and wait for its Observation), or the Final Answer.");
        }
        if (hasFinal) {
            return new Parsed(text, null, null, f.group(1).strip(), null);
        }
        if (!hasAction) {
            if (THOUGHT.matcher(text).find()) {
                return new Parsed(text, null, null, null, "Your reply has a Thought but neither an Action nor a Final"
                        + " Answer. Give the Action (and wait for its Observation), or the Final Answer.");
            }
            return new Parsed(text, null, null, text.strip(), null); // a plain answer
        }
        String tool = a.group(1).strip().replaceAll("^[`*\"']+|[`*\"']+$", "");
        Matcher in = INPUT.matcher(text);
        String input = "{}";
        if (in.find(a.end())) {
            input = stripFence(in.group(1).strip());
        }
        if (input.isEmpty()) {
            input = "{}";
        }
        try {
            JsonNode node = JSON.readTree(input);
            if (node == null || !node.isObject()) {
                return new Parsed(text, null, null, null, "The Action Input must be one JSON object, e.g."
                        + " {\"query\": \"...\"}. Give the Action again.");
            }
            input = node.toString();
        } catch (JsonProcessingException e) {
            return new Parsed(text, null, null, null, "The Action Input is not valid JSON (" + e.getOriginalMessage()
                    + "). Give the Action again with a JSON object.");
        }
        return new Parsed(text, tool, input, null, null);
    }

    private static String stripFence(String s) {
        String t = s;
        if (t.startsWith("```")) {
            t = t.replaceFirst("\\A```[a-zA-Z]*\\s*", "");
            int end = t.indexOf("```");
            t = end >= 0 ? t.substring(0, end) : t;
        }
        int close = t.lastIndexOf('}');
        return close >= 0 ? t.substring(0, close + 1).strip() : t.strip();
    }

    /**
     * The transcript as a model without tools reads it: the protocol's system prompt instead of the system message,
     * assistant turns as their text, tool results as {@code Observation:} turns.
     */
    public static List<Message> render(List<Message> transcript, String systemPrompt) {
        List<Message> out = new ArrayList<>();
        out.add(Message.system(systemPrompt));
        boolean first = true;
        for (Message m : transcript) {
            if (m instanceof SystemMessage s) {
                if (!first) {
                    out.add(Message.user("Note: " + s.text())); // a memory's summary, say
                }
                first = false;
                continue;
            } else if (m instanceof AssistantMessage a) {
                out.add(Message.assistant(a.text()));
            } else if (m instanceof ToolResultMessage t) {
                out.add(Message.user("Observation: " + (t.isError() ? "ERROR: " : "") + t.text()));
            } else {
                out.add(m);
            }
        }
        return out;
    }
}
