package dev.llmkit.routing.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.Encoding;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Message;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Counts tokens exactly as OpenAI's tokenizer does ({@link OpenAiEncoding#CL100K_BASE} or
 * {@link OpenAiEncoding#O200K_BASE}, through jtokkit), and counts a chat prompt the way OpenAI bills it.
 * Immutable and thread-safe; the encodings are loaded once per JVM from the jtokkit jar (no download) and shared.
 *
 * <pre>{@code
 * OpenAiTokenCounter counter = OpenAiTokenCounter.forModel("gpt-4o-mini");
 * int promptTokens = counter.countPrompt(request);   // what usage.prompt_tokens will say
 * }</pre>
 *
 * <h2>How a prompt is counted</h2>
 * <ul>
 *   <li><b>Text</b> ({@link #count}): the encoding's tokens. Special-token markers such as
 *   {@code <|endoftext|>} in the text count as ordinary text, as the API treats them.</li>
 *   <li><b>Messages</b> ({@link #countMessages}): OpenAI's published chat formula (the OpenAI Cookbook's
 *   "How to count tokens with tiktoken", for every chat model since {@code gpt-3.5-turbo-0613}): each message costs
 *   {@value #TOKENS_PER_MESSAGE} tokens of framing plus its role's tokens plus its content's tokens, and every reply
 *   is primed with {@value #REPLY_PRIMING} more. One user message {@code "Hi"} is therefore 3 + 1 + 1 + 3 = 8
 *   tokens, which is what the API reports. llmkit messages carry no {@code name} field, so the formula's name token
 *   never applies.</li>
 *   <li><b>Tool calls and results</b>: OpenAI does not publish how they are framed. An assistant message's tool calls
 *   count their name and argument tokens; a tool result counts as a message of role {@code tool} with its text.
 *   Expect the count to be a few tokens low per tool call.</li>
 *   <li><b>Tool definitions</b> ({@link #countTools}): the Cookbook's formula for function definitions: per function
 *   a fixed {@value #FUNCTION_INIT_O200K} tokens (o200k models; {@value #FUNCTION_INIT_CL100K} for cl100k models)
 *   plus the tokens of {@code name:description}; when it has parameters {@value #PROPERTIES_INIT} more, and per
 *   parameter {@value #PROPERTY_KEY} plus the tokens of {@code name:type:description} (enum parameters
 *   {@value #ENUM_INIT} plus, per value, {@value #ENUM_ITEM} and the value's tokens); and
 *   {@value #FUNCTIONS_END} once for the whole list. A description's final period is dropped, as the server does.
 *   The Cookbook publishes the constants for gpt-4o, gpt-4o-mini, gpt-4 and gpt-3.5-turbo; on its own example (one
 *   function with an enum parameter, a system and a user message) this class counts the 101 (gpt-4o) and 105
 *   (gpt-4) prompt tokens the API reported there. llmkit applies the gpt-4o constants to every o200k model (gpt-4.1,
 *   gpt-5, o-series: same encoding and chat format) and counts nested object parameters with the same rule one
 *   level down, which OpenAI has not published: treat tool counts for nested schemas as estimates.</li>
 *   <li><b>Not counted</b>: images (their cost depends on the image's size and the detail level), a
 *   {@code response_format} JSON schema, and the hidden reasoning of reasoning models (billed as output).</li>
 * </ul>
 */
public final class OpenAiTokenCounter implements TokenCounter {

    /** Framing tokens of every chat message ({@code <|start|>}, the role separator, {@code <|end|>}). */
    public static final int TOKENS_PER_MESSAGE = 3;
    /** Tokens that prime every reply ({@code <|start|>assistant<|message|>}). */
    public static final int REPLY_PRIMING = 3;
    /** Fixed tokens per function definition on o200k models. */
    public static final int FUNCTION_INIT_O200K = 7;
    /** Fixed tokens per function definition on cl100k models. */
    public static final int FUNCTION_INIT_CL100K = 10;
    /** Fixed tokens when a function has parameters. */
    public static final int PROPERTIES_INIT = 3;
    /** Fixed tokens per parameter. */
    public static final int PROPERTY_KEY = 3;
    /** Fixed tokens of a parameter with an enum (negative: the enum replaces part of the type's framing). */
    public static final int ENUM_INIT = -3;
    /** Fixed tokens per enum value. */
    public static final int ENUM_ITEM = 3;
    /** Fixed tokens once per list of function definitions. */
    public static final int FUNCTIONS_END = 12;

    /** The encoding used for model names {@link OpenAiEncoding#forModel} does not know. */
    public static final OpenAiEncoding DEFAULT_ENCODING = OpenAiEncoding.O200K_BASE;

    private static final OpenAiTokenCounter CL100K = new OpenAiTokenCounter(OpenAiEncoding.CL100K_BASE);
    private static final OpenAiTokenCounter O200K = new OpenAiTokenCounter(OpenAiEncoding.O200K_BASE);

    private final OpenAiEncoding encoding;

    private OpenAiTokenCounter(OpenAiEncoding encoding) {
        this.encoding = encoding;
    }

    /** The counter of one encoding. */
    public static OpenAiTokenCounter of(OpenAiEncoding encoding) {
        return Objects.requireNonNull(encoding, "encoding") == OpenAiEncoding.CL100K_BASE ? CL100K : O200K;
    }

    /**
     * The counter for an OpenAI model, chosen by {@link OpenAiEncoding#forModel}. A name it does not know gets
     * {@link #DEFAULT_ENCODING} (o200k_base, the encoding of every OpenAI model since gpt-4o): for other vendors'
     * models the count is then an approximation (Llama 3's tokenizer, for one, is close to cl100k/o200k; Claude's
     * differs), usually far closer than {@link TokenCounter#estimator()}. Use {@link OpenAiEncoding#forModel} to tell
     * the two cases apart.
     */
    public static OpenAiTokenCounter forModel(String model) {
        return of(OpenAiEncoding.forModel(Objects.requireNonNull(model, "model")).orElse(DEFAULT_ENCODING));
    }

    /** The encoding this counter uses. */
    public OpenAiEncoding encoding() {
        return encoding;
    }

    /** The tokens of {@code text}, special-token markers counted as ordinary text. */
    @Override
    public int count(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        return encoding.encoding().countTokensOrdinary(text);
    }

    /**
     * The prompt tokens of a conversation as OpenAI bills it: per message {@value #TOKENS_PER_MESSAGE} plus role and
     * content tokens, and {@value #REPLY_PRIMING} for the reply (see the class comment for tool calls).
     */
    @Override
    public int countMessages(List<? extends Message> messages) {
        Encoding enc = encoding.encoding();
        int total = REPLY_PRIMING;
        for (Message m : messages) {
            total += TOKENS_PER_MESSAGE + countWith(enc, role(m.role())) + countWith(enc, m.text());
            if (m instanceof AssistantMessage a) {
                for (ToolCall call : a.toolCalls()) {
                    total += countWith(enc, call.name()) + countWith(enc, call.arguments());
                }
            }
        }
        return total;
    }

    /** The prompt tokens that tool definitions add, zero for none (see the class comment for the formula). */
    public int countTools(List<ToolSpec> tools) {
        if (tools.isEmpty()) {
            return 0;
        }
        Encoding enc = encoding.encoding();
        int functionInit = encoding == OpenAiEncoding.CL100K_BASE ? FUNCTION_INIT_CL100K : FUNCTION_INIT_O200K;
        int total = 0;
        for (ToolSpec tool : tools) {
            total += functionInit + countWith(enc, tool.name() + ":" + withoutFinalPeriod(tool.description()));
            total += countProperties(enc, tool.parameters());
        }
        return total + FUNCTIONS_END;
    }

    /** The prompt tokens of a whole request: {@link #countMessages} of its messages plus {@link #countTools}. */
    public int countPrompt(ChatRequest request) {
        return countMessages(request.messages()) + countTools(request.tools());
    }

    private int countProperties(Encoding enc, JsonNode schema) {
        JsonNode properties = schema.path("properties");
        if (!properties.isObject() || properties.isEmpty()) {
            return 0;
        }
        int total = PROPERTIES_INIT;
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode p = property.getValue();
            total += PROPERTY_KEY;
            JsonNode values = p.path("enum");
            if (values.isArray()) {
                total += ENUM_INIT;
                for (JsonNode v : values) {
                    total += ENUM_ITEM + countWith(enc, v.isTextual() ? v.asText() : v.toString());
                }
            }
            total += countWith(enc, property.getKey() + ":" + typeOf(p) + ":"
                    + withoutFinalPeriod(p.path("description").asText("")));
            total += countProperties(enc, p);
        }
        return total;
    }

    private static String typeOf(JsonNode property) {
        JsonNode type = property.path("type");
        if (type.isTextual()) {
            return type.asText();
        }
        if (type.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode t : type) {
                b.append(b.length() == 0 ? "" : ",").append(t.asText());
            }
            return b.toString();
        }
        return "any";
    }

    private static String withoutFinalPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String role(Message.Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static int countWith(Encoding enc, String text) {
        return text.isEmpty() ? 0 : enc.countTokensOrdinary(text);
    }

    @Override
    public String toString() {
        return "OpenAiTokenCounter{" + encoding.encodingName() + "}";
    }
}
