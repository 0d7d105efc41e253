package dev.llmkit.examples.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code llmkit ask "<question>"}. */
@Command(name = "ask", mixinStandardHelpOptions = true, footer = {"", LlmkitCli.ENVIRONMENT},
        description = "Answer a question from the indexed documents with numbered citations. Without a configured model"
                + " the answer is extractive; set LLMKIT_BASE_URL, OPENAI_API_KEY or ANTHROPIC_API_KEY for a generated,"
                + " streamed answer.")
final class AskCommand extends BaseCommand {
    @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question")
    List<String> words;

    @Mixin
    AnswerOptions thresholds = new AnswerOptions();

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() throws Exception {
        return traced("llmkit ask", this::ask);
    }

    private Integer ask() {
        String question = String.join(" ", words).strip();
        if (question.isEmpty()) {
            throw new CliException(2, "The question is empty");
        }
        Optional<ModelConfig.Configured> model = ModelConfig.fromEnv(ctx, listener(), modelOptions, redis());
        model.ifPresent(m -> ctx.err().println("Answering with " + m.label()));
        try (Pipeline p = openForQuestions()) {
            if (thresholds.noCache) {
                CliGuardrails guardrails = CliGuardrails.of(model, listener(), !thresholds.noGuardrails)
                        .observedBy(tracing()::observe);
                new Answering(p, model, ctx.out(), thresholds.minScore, thresholds.minSupport, guardrails)
                        .answer(question);
            } else {
                try (CachedAnswering answering = new CachedAnswering(p, model, ctx.out(), ctx.err(), thresholds,
                        listener(), tracing()::observe)) {
                    answering.answer(question);
                }
            }
        }
        return 0;
    }
}
