package dev.llmkit.examples.cli;

import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.langchain4j.LocalEmbeddings;
import dev.llmkit.testing.FakeEmbeddingModel;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every command needs from the outside world, injectable for tests: environment, streams, home folder.
 *
 * @param env environment variables
 * @param out standard output
 * @param err standard error
 * @param in standard input
 * @param home the user's home folder
 */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, BufferedReader in, Path home) {

    /** An environment variable, blank as absent. */
    public @Nullable String get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * The default index folder: {@code $LLMKIT_HOME/index}, else {@code $HOME/.llmkit/index}, else
     * {@code .llmkit/index} under {@link #home()} (the {@code user.home} system property when run from {@code main}).
     */
    public Path defaultIndex() {
        String h = get("LLMKIT_HOME");
        if (h != null) {
            return Path.of(h).resolve("index");
        }
        String userHome = get("HOME");
        return (userHome != null ? Path.of(userHome) : home).resolve(".llmkit").resolve("index");
    }

    /** The embedding model named by {@code LLMKIT_EMBEDDINGS}: {@code bge} (default), {@code minilm}, or {@code fake}. */
    public EmbeddingModel embeddings() {
        String name = get("LLMKIT_EMBEDDINGS");
        return switch (name == null ? "bge" : name.toLowerCase(Locale.ROOT)) {
            case "minilm", "all-minilm-l6-v2" -> LocalEmbeddings.allMiniLmL6V2();
            case "fake" -> new FakeEmbeddingModel(384);
            case "bge", "bge-small-en-v1.5" -> LocalEmbeddings.bgeSmallEnV15();
            default -> throw new CliException(2, "LLMKIT_EMBEDDINGS='" + name + "' is not a known model; use bge or minilm");
        };
    }
}
