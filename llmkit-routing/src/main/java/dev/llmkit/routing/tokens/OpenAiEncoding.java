package dev.llmkit.routing.tokens;

import com.knuddels.jtokkit.api.Encoding;
import dev.llmkit.routing.internal.SharedEncodings;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The OpenAI byte-pair encodings llmkit counts with, and which model uses which.
 *
 * <table>
 *   <caption>Encoding by model name</caption>
 *   <tr><th>encoding</th><th>models (and their dated snapshots and fine-tunes)</th></tr>
 *   <tr><td>{@link #O200K_BASE}</td><td>{@code gpt-4o*}, {@code chatgpt-4o*}, {@code gpt-4.1*}, {@code gpt-4.5*},
 *   {@code gpt-5*}, the reasoning models {@code o1*}, {@code o3*}, {@code o4*} (any {@code o<digit>})</td></tr>
 *   <tr><td>{@link #CL100K_BASE}</td><td>{@code gpt-4}, {@code gpt-4-turbo*}, {@code gpt-4-32k*},
 *   {@code gpt-3.5-turbo*} (Azure's {@code gpt-35-turbo*} too), {@code text-embedding-3-*},
 *   {@code text-embedding-ada-002}</td></tr>
 * </table>
 *
 * <p>Names are matched case-insensitively, after dropping a fine-tune's {@code ft:} prefix and a vendor prefix such
 * as {@code openai/}.
 */
public enum OpenAiEncoding {
    /** The encoding of GPT-4, GPT-3.5 Turbo and the third-generation embedding models. */
    CL100K_BASE("cl100k_base"),
    /** The encoding of GPT-4o, GPT-4.1, GPT-5 and the o-series reasoning models. */
    O200K_BASE("o200k_base");

    private static final Pattern REASONING = Pattern.compile("o\\d+(-.*)?");

    private final String encodingName;

    OpenAiEncoding(String encodingName) {
        this.encodingName = encodingName;
    }

    /** The encoding's name as OpenAI's tiktoken knows it, e.g. {@code "o200k_base"}. */
    public String encodingName() {
        return encodingName;
    }

    /**
     * The encoding an OpenAI model uses, or empty for a name this table does not know (a model of another vendor,
     * or an OpenAI model newer than this release).
     */
    public static Optional<OpenAiEncoding> forModel(String model) {
        String m = model.strip().toLowerCase(Locale.ROOT);
        if (m.startsWith("ft:")) {
            m = m.substring(3);
        }
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1);
        }
        if (m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o") || m.startsWith("gpt-4.1")
                || m.startsWith("gpt-4.5") || m.startsWith("gpt-5") || REASONING.matcher(m).matches()) {
            return Optional.of(O200K_BASE);
        }
        if (m.equals("gpt-4") || m.startsWith("gpt-4-") || m.startsWith("gpt-3.5-turbo")
                || m.startsWith("gpt-35-turbo") || m.startsWith("text-embedding-3-")
                || m.equals("text-embedding-ada-002")) {
            return Optional.of(CL100K_BASE);
        }
        return Optional.empty();
    }

    Encoding encoding() {
        return this == CL100K_BASE ? SharedEncodings.cl100kBase() : SharedEncodings.o200kBase();
    }
}
