package dev.llmkit.examples.cli;

import dev.llmkit.api.error.LlmException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code llmkit} command line. Exit codes: 0 success, 1 the run failed (missing index, unreachable model), 2 bad
 * usage.
 *
 * <pre>
 * llmkit ask "How do I retry on rate limits?"      # answers from the bundled docs, no key needed
 * llmkit ingest ./my-docs --index ./my-index
 * llmkit ask --index ./my-index "What is our refund policy?"
 * llmkit chat
 * llmkit eval path/to/beir-folder
 * llmkit bench --json
 * </pre>
 */
@Command(name = "llmkit", mixinStandardHelpOptions = true, version = "llmkit 0.1.0-SNAPSHOT",
        description = "Runs the llmkit pipeline: ingest documents, ask questions with citations, evaluate retrieval.",
        footer = {"", LlmkitCli.ENVIRONMENT, "", LlmkitCli.EXIT_CODES},
        subcommands = {IngestCommand.class, AskCommand.class, ChatCommand.class, AgentCommand.class, EvalCommand.class,
                EvalGoldenCommand.class, BatchCommand.class,
            BenchCommand.class, UsageCommand.class,
            CommandLine.HelpCommand.class})
public final class LlmkitCli implements Runnable {
    /** Every environment variable the CLI reads, for {@code --help}. */
    static final String ENVIRONMENT = "Environment variables:%n"
            + "  LLMKIT_HOME        where the default index lives: $LLMKIT_HOME/index (default $HOME/.llmkit)%n"
            + "  HOME               the home folder, for the default index when LLMKIT_HOME is not set%n"
            + "  LLMKIT_BASE_URL    answer with any OpenAI-compatible server (vLLM, Ollama, LM Studio, llama.cpp)%n"
            + "  LLMKIT_MODEL       the model name sent to that server, OpenAI or Anthropic%n"
            + "                     (default: \"" + ModelConfig.DEFAULT_COMPATIBLE_MODEL + "\", "
            + ModelConfig.DEFAULT_OPENAI_MODEL + ", " + ModelConfig.DEFAULT_ANTHROPIC_MODEL + ")%n"
            + "  LLMKIT_API_KEY     the key for LLMKIT_BASE_URL, when the server wants one%n"
            + "  OPENAI_API_KEY     answer with OpenAI (when LLMKIT_BASE_URL is not set)%n"
            + "  OPENAI_BASE_URL    another endpoint for OPENAI_API_KEY (default "
            + "https://api.openai.com/v1)%n"
            + "  ANTHROPIC_API_KEY  answer with Anthropic (when neither of the above is set)%n"
            + "  LLMKIT_EMBEDDINGS  bge (default, bge-small-en-v1.5) or minilm (all-MiniLM-L6-v2)%n"
            + "  LLMKIT_SOLR_URL    keep the index on SolrCloud: node URLs, comma-separated (alias"
            + " LLMKIT_SOLR_COLLECTION, default llmkit)";
    /** The exit codes, for {@code --help}. */
    static final String EXIT_CODES = "Exit codes: 0 success (a refusal is a success), 1 the run failed (missing index,"
            + " model error), 2 bad usage.";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public LlmkitCli() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: use ask, ingest, chat, agent, eval, bench or usage");
    }

    /** Runs the CLI with the process's environment and streams, then exits. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CliContext ctx = new CliContext(System.getenv(), out, err, in, Path.of(System.getProperty("user.home")));
        System.exit(run(ctx, args));
    }

    /** Runs the CLI in-process and returns its exit code. */
    public static int run(CliContext ctx, String... args) {
        CommandLine cli = new CommandLine(new LlmkitCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K k = CommandLine.defaultFactory().create(cls);
                if (k instanceof BaseCommand c) {
                    c.ctx = ctx;
                }
                return k;
            }
        });
        cli.setOut(ctx.out());
        cli.setErr(ctx.err());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code;
            if (e instanceof CliException c) {
                ctx.err().println("llmkit: " + c.getMessage());
                code = c.exitCode();
            } else if (e instanceof LlmException l) {
                ctx.err().println("llmkit: " + l.getMessage());
                code = 1;
            } else if (e instanceof UncheckedIOException io) {
                ctx.err().println("llmkit: " + io.getMessage());
                code = 1;
            } else if (e instanceof IllegalArgumentException ia) {
                ctx.err().println("llmkit: " + ia.getMessage());
                code = 2;
            } else {
                ctx.err().println("llmkit: unexpected failure: " + e);
                e.printStackTrace(ctx.err());
                code = 1;
            }
            ctx.err().flush();
            return code;
        });
        int code = cli.execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }
}
