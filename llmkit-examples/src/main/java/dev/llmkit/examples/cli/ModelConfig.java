package dev.llmkit.examples.cli;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.providers.anthropic.AnthropicChatModel;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import dev.llmkit.resilience.Resilient;
import java.util.Optional;

/**
 * Which model the CLI talks to, from the environment: {@code LLMKIT_BASE_URL} (any OpenAI-compatible server, with
 * {@code LLMKIT_MODEL} and optional {@code LLMKIT_API_KEY}), else {@code OPENAI_API_KEY} (with {@code LLMKIT_MODEL},
 * default gpt-4o-mini), else {@code ANTHROPIC_API_KEY} (default claude-3-5-haiku-latest). The model is wrapped in
 * the resilience defaults.
 */
final class ModelConfig {
    /** How to configure a model, shown when none is. */
    static final String HOW_TO = "Set LLMKIT_BASE_URL to any OpenAI-compatible server (e.g. http://localhost:11434/v1"
            + " for Ollama, with LLMKIT_MODEL=llama3.2), or OPENAI_API_KEY, or ANTHROPIC_API_KEY.";

    private ModelConfig() {}

    /** The configured model with a one-line description, if any. */
    static Optional<Configured> fromEnv(CliContext ctx, ChatModelListener listener) {
        String model = ctx.get("LLMKIT_MODEL");
        ChatModel raw;
        String label;
        if (ctx.get("LLMKIT_BASE_URL") != null) {
            String m = model == null ? "default" : model;
            raw = OpenAiCompatibleChatModel.builder().baseUrl(ctx.get("LLMKIT_BASE_URL")).apiKey(ctx.get("LLMKIT_API_KEY"))
                    .model(m).provider("openai-compatible").listener(listener).build();
            label = m + " at " + ctx.get("LLMKIT_BASE_URL");
        } else if (ctx.get("OPENAI_API_KEY") != null) {
            String m = model == null ? "gpt-4o-mini" : model;
            String base = ctx.get("OPENAI_BASE_URL");
            raw = OpenAiCompatibleChatModel.builder().baseUrl(base == null ? OpenAiCompatibleChatModel.DEFAULT_BASE_URL : base)
                    .apiKey(ctx.get("OPENAI_API_KEY")).model(m).listener(listener).build();
            label = "OpenAI " + m;
        } else if (ctx.get("ANTHROPIC_API_KEY") != null) {
            String m = model == null ? "claude-3-5-haiku-latest" : model;
            raw = AnthropicChatModel.builder().apiKey(ctx.get("ANTHROPIC_API_KEY")).model(m).listener(listener).build();
            label = "Anthropic " + m;
        } else {
            return Optional.empty();
        }
        return Optional.of(new Configured(Resilient.builder().listener(listener).build(raw), label));
    }

    /**
     * A configured model.
     *
     * @param model the resilient model
     * @param label what it is, for messages
     */
    record Configured(ChatModel model, String label) {
    }
}
