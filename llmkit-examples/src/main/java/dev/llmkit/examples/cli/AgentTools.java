package dev.llmkit.examples.cli;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.parser.ParseException;
import dev.llmkit.agent.Param;
import dev.llmkit.agent.Tool;
import dev.llmkit.api.rag.Query;
import dev.llmkit.api.rag.ScoredChunk;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The tools of {@code llmkit agent}: search the index, list and read files under one folder, calculate. */
final class AgentTools {
    /** Largest file {@code read_file} returns. */
    static final long MAX_FILE_BYTES = 100_000;

    private final Pipeline pipeline;
    private final Path root;

    AgentTools(Pipeline pipeline, Path root) throws IOException {
        this.pipeline = pipeline;
        this.root = root.toRealPath();
    }

    @Tool("Searches the indexed documents and returns the best passages with their sources")
    public String search(@Param("what to look for, in a few words") String query) {
        List<ScoredChunk> found = pipeline.hybrid.retrieve(Query.of(query, 5));
        if (found.isEmpty()) {
            return "No passage matches.";
        }
        StringBuilder sb = new StringBuilder();
        for (ScoredChunk c : found) {
            sb.append('(').append(c.chunk().citation()).append(")\n").append(c.chunk().text().strip()).append("\n\n");
        }
        return sb.toString().strip();
    }

    @Tool(value = "Lists the files under a folder of the working directory", name = "list_files")
    public String listFiles(@Param("a folder relative to the working directory; empty for its top")
            Optional<String> folder) throws IOException {
        Path dir = inside(folder.orElse(""));
        if (!Files.isDirectory(dir)) {
            return "Not a folder: " + folder.orElse("");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> root.relativize(p) + (Files.isDirectory(p) ? "/" : "")).sorted().limit(200)
                    .collect(Collectors.joining("\n"));
        }
    }

    @Tool(value = "Reads a text file of the working directory", name = "read_file")
    public String readFile(@Param("the file's path relative to the working directory") String path)
            throws IOException {
        Path file = inside(path);
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return "The file is larger than " + MAX_FILE_BYTES + " bytes; search for what you need instead.";
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "No such file: " + path;
        } catch (MalformedInputException e) {
            return "Not a UTF-8 text file: " + path;
        }
    }

    @Tool("Calculates an arithmetic expression exactly, e.g. (17 * 3) / 4 or SQRT(2)")
    public String calculate(@Param("the expression") String expression) {
        try {
            return new Expression(expression).evaluate().getStringValue();
        } catch (EvaluationException | ParseException e) {
            return "Cannot calculate '" + expression + "': " + e.getMessage();
        }
    }

    /** {@code relative} resolved under the root, refusing any path that leaves it (.., absolute, links). */
    private Path inside(String relative) throws IOException {
        Path p = root.resolve(relative).normalize();
        Path real = Files.exists(p) ? p.toRealPath() : p;
        if (!real.startsWith(root)) {
            throw new IllegalArgumentException("'" + relative + "' is outside the working directory; use a path"
                    + " inside it");
        }
        return real;
    }
}
