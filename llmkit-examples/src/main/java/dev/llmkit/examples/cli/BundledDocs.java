package dev.llmkit.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * llmkit's own user guide, shipped in the jar under {@code llmkit-docs/} with an {@code INDEX} of its files: the
 * corpus the CLI answers from when no other documents were ingested.
 */
public final class BundledDocs {
    private BundledDocs() {}

    /** The bundled file names. */
    public static List<String> names() {
        try (InputStream in = BundledDocs.class.getResourceAsStream("/llmkit-docs/INDEX")) {
            if (in == null) {
                throw new CliException(1, "The bundled documentation is missing from the jar; rebuild with ./llmkit");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the bundled docs into {@code folder} and returns it. */
    public static Path extractTo(Path folder) {
        try {
            Files.createDirectories(folder);
            for (String name : names()) {
                try (InputStream in = BundledDocs.class.getResourceAsStream("/llmkit-docs/" + name)) {
                    if (in == null) {
                        throw new CliException(1, "Bundled doc " + name + " is listed but missing; rebuild with ./llmkit");
                    }
                    Path target = folder.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.write(target, in.readAllBytes());
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the bundled docs to " + folder, e);
        }
    }
}
