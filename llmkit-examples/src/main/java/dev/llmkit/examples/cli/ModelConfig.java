package dev.llmkit.examples.cli;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.redis.RedisStores;
import dev.llmkit.providers.HttpModelBuilder;
import dev.llmkit.providers.anthropic.AnthropicChatModel;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import dev.llmkit.resilience.Resilient;
import dev.llmkit.routing.cost.PriceTable;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which model the CLI talks to, from the environment: {@code LLMKIT_BASE_URL} (any OpenAI-compatible server, with
 * {@code LLMKIT_MODEL} and optional {@code LLMKIT_API_KEY}), else {@code OPENAI_API_KEY} (with {@code LLMKIT_MODEL},
 * default gpt-4o-mini, and optional {@code OPENAI_BASE_URL}), else {@code ANTHROPIC_API_KEY} (default
 * claude-3-5-haiku-latest). The model is wrapped in the resilience stack with the command's timeouts and retries.
 */
final class ModelConfig {
    /** How to configure a model, shown only when none is. */
    static final String HOW_TO = "Set LLMKIT_BASE_URL to any OpenAI-compatible server (e.g. http://localhost:11434/v1"
            + " for Ollama, with LLMKIT_MODEL=llama3.2), or OPENAI_API_KEY, or ANTHROPIC_API_KEY.";
    /** The model name sent to an OpenAI-compatible server when {@code LLMKIT_MODEL} is not set. */
    static final String DEFAULT_COMPATIBLE_MODEL = "default";
    /** The OpenAI model when {@code LLMKIT_MODEL} is not set. */
    static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    /** The Anthropic model when {@code LLMKIT_MODEL} is not set. */
    static final String DEFAULT_ANTHROPIC_MODEL = "claude-3-5-haiku-latest";

    private ModelConfig() {}

    /** The configured model, if any, with circuit state kept in memory. */
    static Optional<Configured> fromEnv(CliContext ctx, ChatModelListener listener, ModelOptions options) {
        return fromEnv(ctx, listener, options, null);
    }

    /** The configured model, if any; with {@code redis}, its circuit breaker shares state through it. */
    static Optional<Configured> fromEnv(CliContext ctx, ChatModelListener listener, ModelOptions options,
            @org.jspecify.annotations.Nullable RedisStores redis) {
        if (options.models != null) {
            Configured pool = ModelsFile.load(options.models, ctx, listener, options);
            ChatModel resilient = resilience(listener, options, redis).build(pool.model());
            return Optional.of(pool.withModel(resilient));
        }
        String model = ctx.get("LLMKIT_MODEL");
        boolean prices = options.hasPrices();
        Configured c;
        if (ctx.get("LLMKIT_BASE_URL") != null) {
            String m = model == null ? DEFAULT_COMPATIBLE_MODEL : model;
            String base = ctx.get("LLMKIT_BASE_URL");
            var b = OpenAiCompatibleChatModel.builder().baseUrl(base).apiKey(ctx.get("LLMKIT_API_KEY")).model(m)
                    .provider("openai-compatible");
            // a self-hosted server has no list price: only the flags give one
            c = new Configured(build(b, listener, options, prices, null, null).build(), "openai-compatible", m, base,
                    model == null, "LLMKIT_API_KEY", options);
        } else if (ctx.get("OPENAI_API_KEY") != null) {
            String m = model == null ? DEFAULT_OPENAI_MODEL : model;
            String base = ctx.get("OPENAI_BASE_URL") == null ? OpenAiCompatibleChatModel.DEFAULT_BASE_URL
                    : ctx.get("OPENAI_BASE_URL");
            var b = OpenAiCompatibleChatModel.builder().baseUrl(base).apiKey(ctx.get("OPENAI_API_KEY")).model(m);
            c = new Configured(build(b, listener, options, prices, "openai", m).build(), "OpenAI", m, base, model == null,
                    "OPENAI_API_KEY", options);
        } else if (ctx.get("ANTHROPIC_API_KEY") != null) {
            String m = model == null ? DEFAULT_ANTHROPIC_MODEL : model;
            var b = AnthropicChatModel.builder().apiKey(ctx.get("ANTHROPIC_API_KEY")).model(m);
            c = new Configured(build(b, listener, options, prices, "anthropic", m).build(), "Anthropic", m,
                    AnthropicChatModel.DEFAULT_BASE_URL, model == null, "ANTHROPIC_API_KEY", options);
        } else {
            return Optional.empty();
        }
        ChatModel resilient = resilience(listener, options, redis).build(c.model());
        return Optional.of(c.withModel(resilient));
    }

    private static Resilient.Builder resilience(ChatModelListener listener, ModelOptions options,
            @org.jspecify.annotations.Nullable RedisStores redis) {
        Resilient.Builder b = Resilient.builder().listener(listener).retry(options.retry())
                .timeouts(options.firstToken, options.idle, options.total);
        if (redis != null) {
            b.stores(redis.rateLimits(), redis.circuits());
        }
        return b;
    }

    /**
     * Prices from the flags, else from llmkit-routing's bundled {@link PriceTable} for a hosted model of
     * {@code provider} (with its prompt-cache prices where the table has them).
     */
    private static <B extends HttpModelBuilder<B>> B build(B builder, ChatModelListener listener, ModelOptions o,
            boolean prices, @Nullable String provider, @Nullable String listed) {
        builder.listener(listener).firstTokenTimeout(o.firstToken).idleTimeout(o.idle).totalTimeout(o.total);
        if (prices) {
            builder.prices(o.priceIn, o.priceOut);
        } else if (provider != null && listed != null) {
            PriceTable.bundled().find(provider, listed).ifPresent(info -> {
                if (info.inputPricePerMillion().isPresent() && info.outputPricePerMillion().isPresent()) {
                    builder.prices(info.inputPricePerMillion().get(), info.outputPricePerMillion().get());
                }
                if (info.cacheReadPricePerMillion().isPresent() && info.cacheWritePricePerMillion().isPresent()) {
                    builder.cachePrices(info.cacheReadPricePerMillion().get(), info.cacheWritePricePerMillion().get());
                }
            });
        }
        return builder;
    }

    /**
     * A configured model.
     *
     * @param model the resilient model
     * @param provider who serves it, for messages
     * @param name the model name sent with every request
     * @param baseUrl where requests go
     * @param defaultName whether {@code name} is the default because {@code LLMKIT_MODEL} is not set
     * @param keyVariable the environment variable holding its key
     * @param options the timeouts and retries it was built with
     */
    record Configured(ChatModel model, String provider, String name, String baseUrl, boolean defaultName,
            String keyVariable, ModelOptions options) {
        Configured withModel(ChatModel m) {
            return new Configured(m, provider, name, baseUrl, defaultName, keyVariable, options);
        }

        /** E.g. {@code model "llama3.2" at http://localhost:11434/v1 (openai-compatible)}. */
        String label() {
            return "model \"" + name + "\" at " + baseUrl + " (" + provider + ")"
                    + (defaultName ? "; set LLMKIT_MODEL to choose another" : "");
        }
    }
}
