package dev.llmkit.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmkit chat}: an interactive session over the index; the conversation is kept across turns. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Ask questions one per line (end with /exit or end of input); answers stream as they arrive and"
                + " the conversation is kept across turns.")
final class ChatCommand extends BaseCommand {
    @Mixin
    AnswerOptions thresholds = new AnswerOptions();

    @Override
    public Integer call() {
        Optional<ModelConfig.Configured> model = ModelConfig.fromEnv(ctx, listener());
        try (Pipeline p = openForQuestions()) {
            Answering answering = new Answering(p, model, ctx.out(), thresholds.minScore, thresholds.minSupport);
            ctx.out().println("llmkit chat — " + model.map(ModelConfig.Configured::label).orElse("extractive answers (no LLM configured)")
                    + ". Type /exit to leave.");
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
                if (!line.isBlank()) {
                    answering.answer(line.strip());
                    ctx.out().println();
                }
            }
        }
    }
}
