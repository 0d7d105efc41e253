package dev.llmkit.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code llmkit chat}: an interactive session over the index; the conversation is kept across turns, and a failed
 * model call ends only that turn.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, footer = {"", LlmkitCli.ENVIRONMENT},
        description = "Ask questions one per line (end with /exit or end of input); answers stream as they arrive and"
                + " the conversation is kept across turns. A failed answer is reported and the session goes on.")
final class ChatCommand extends BaseCommand {
    @Mixin
    AnswerOptions thresholds = new AnswerOptions();

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() throws Exception {
        return traced("llmkit chat", this::chat);
    }

    private Integer chat() {
        Optional<ModelConfig.Configured> model = ModelConfig.fromEnv(ctx, listener(), modelOptions, redis());
        try (Pipeline p = openForQuestions();
                CachedAnswering cached = thresholds.noCache ? null : new CachedAnswering(p, model, ctx.out(),
                        ctx.err(), thresholds, listener(), tracing()::observe)) {
            Answering plain = new Answering(p, model, ctx.out(), thresholds.minScore, thresholds.minSupport,
                    CliGuardrails.of(model, listener(), !thresholds.noGuardrails).observedBy(tracing()::observe));
            java.util.function.Predicate<String> answering = cached != null ? cached::answer : plain::answer;
            ctx.out().println("llmkit chat — " + model.map(m -> "answering with " + m.label())
                    .orElse("extractive answers (no LLM configured)") + ". Type /exit to leave.");
            while (true) {
                ctx.out().print("> ");
                ctx.out().flush();
                String line;
                try {
                    line = ctx.in().readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (line == null || line.strip().equals("/exit")) {
                    ctx.out().println();
                    return 0;
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    answering.test(line.strip());
                } catch (CliException e) {
                    ctx.out().flush();
                    ctx.err().println("llmkit: " + e.getMessage());
                    ctx.err().println("llmkit: the conversation so far is kept; ask again, or type /exit.");
                    ctx.err().flush();
                }
                ctx.out().println();
            }
        }
    }
}
