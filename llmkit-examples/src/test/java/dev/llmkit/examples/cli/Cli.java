package dev.llmkit.examples.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process with an injected environment and captured output. */
final class Cli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    int exitCode;

    static Cli run(Map<String, String> env, Path home, String input, String... args) {
        Cli c = new Cli();
        CliContext ctx = new CliContext(env, new PrintWriter(c.out, true), new PrintWriter(c.err, true),
                new BufferedReader(new StringReader(input)), home);
        c.exitCode = LlmkitCli.run(ctx, args);
        return c;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
