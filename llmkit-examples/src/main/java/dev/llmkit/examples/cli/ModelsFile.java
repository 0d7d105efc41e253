package dev.llmkit.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.providers.HttpModelBuilder;
import dev.llmkit.providers.anthropic.AnthropicChatModel;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import dev.llmkit.routing.pool.CooldownConfig;
import dev.llmkit.routing.pool.Deployment;
import dev.llmkit.routing.pool.DeploymentPool;
import dev.llmkit.routing.pool.Strategies;
import dev.llmkit.routing.pool.Strategy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A deployment pool from a YAML (or JSON) file, for {@code --models}:
 *
 * <pre>
 * pool: chat
 * strategy: least-in-flight        # weighted-random, round-robin, least-in-flight, lowest-latency, usage-based, lowest-cost
 * cooldown: {failures: 3, window: 60s, duration: 30s}
 * deployments:
 *   - name: gpu-a
 *     base-url: http://gpu-a:8000/v1
 *     model: llama-3.1-70b
 *     weight: 2
 *     rpm: 1200
 *     context-window: 32768
 *   - name: managed
 *     provider: openai                # openai-compatible (default), openai or anthropic
 *     model: gpt-4o-mini
 *     api-key-env: OPENAI_API_KEY     # the name of the variable that holds the key; never the key itself
 *     price-in: 0.15
 *     price-out: 0.60
 * </pre>
 *
 * Every mistake is a usage error (exit 2) naming the file, the deployment and the field.
 */
final class ModelsFile {
    private static final Set<String> TOP = Set.of("pool", "strategy", "cooldown", "deployments");
    private static final Set<String> DEPLOYMENT = Set.of("name", "provider", "base-url", "model", "api-key-env",
            "weight", "rpm", "tpm", "context-window", "price-in", "price-out");

    private ModelsFile() {}

    /** The pool the file describes, its deployments built with the command's timeouts and listener. */
    static ModelConfig.Configured load(Path file, CliContext ctx, ChatModelListener listener, ModelOptions options) {
        JsonNode root = read(file);
        unknown(root, TOP, file, "the file");
        String poolName = text(root, "pool", file, "the file", "models");
        JsonNode list = root.path("deployments");
        if (!list.isArray() || list.isEmpty()) {
            throw bad(file, "the file", "needs a 'deployments' list with at least one deployment");
        }
        DeploymentPool.Builder pool = DeploymentPool.builder(poolName).listener(listener)
                .strategy(strategy(root.path("strategy"), file)).cooldown(cooldown(root.path("cooldown"), file));
        int i = 0;
        for (JsonNode d : list) {
            i++;
            String where = "deployment " + i + (d.path("name").isTextual() ? " ('" + d.path("name").asText() + "')" : "");
            unknown(d, DEPLOYMENT, file, where);
            pool.deployment(deployment(d, file, where, ctx, listener, options));
        }
        ChatModel built = pool.build();
        return new ModelConfig.Configured(built, "pool of " + list.size() + " deployments", poolName,
                file.toString(), false, "the api-key-env variables of " + file.getFileName(), options);
    }

    private static Deployment deployment(JsonNode d, Path file, String where, CliContext ctx,
            ChatModelListener listener, ModelOptions o) {
        String name = text(d, "name", file, where, null);
        String provider = text(d, "provider", file, where, "openai-compatible");
        String model = text(d, "model", file, where, null);
        String keyEnv = d.has("api-key-env") ? text(d, "api-key-env", file, where, null) : null;
        String key = keyEnv == null ? null : ctx.get(keyEnv);
        if (keyEnv != null && key == null) {
            throw bad(file, where, "names api-key-env " + keyEnv + ", which is not set; export it or remove the field");
        }
        HttpModelBuilder<?> builder;
        switch (provider) {
            case "openai-compatible", "openai" -> {
                String base = d.has("base-url") ? text(d, "base-url", file, where, null)
                        : "openai".equals(provider) ? OpenAiCompatibleChatModel.DEFAULT_BASE_URL : null;
                if (base == null) {
                    throw bad(file, where, "needs 'base-url' (e.g. http://gpu-a:8000/v1)");
                }
                builder = OpenAiCompatibleChatModel.builder().baseUrl(base).apiKey(key).model(model)
                        .provider(provider);
            }
            case "anthropic" -> {
                if (key == null) {
                    throw bad(file, where, "an anthropic deployment needs api-key-env (e.g. ANTHROPIC_API_KEY)");
                }
                AnthropicChatModel.Builder a = AnthropicChatModel.builder().apiKey(key).model(model);
                if (d.has("base-url")) {
                    a.baseUrl(text(d, "base-url", file, where, null));
                }
                builder = a;
            }
            default -> throw bad(file, where, "has provider '" + provider
                    + "'; use openai-compatible, openai or anthropic");
        }
        builder.deployment(name).listener(listener).firstTokenTimeout(o.firstToken).idleTimeout(o.idle)
                .totalTimeout(o.total);
        BigDecimal in = price(d, "price-in", file, where);
        BigDecimal out = price(d, "price-out", file, where);
        if ((in == null) != (out == null)) {
            throw bad(file, where, "give both price-in and price-out (US dollars per million tokens), or neither");
        }
        if (in != null) {
            builder.prices(in, out);
        }
        ChatModel chat = build(builder);
        Deployment.Builder dep = Deployment.builder(name, chat);
        if (d.has("weight")) {
            dep.weight((int) whole(d, "weight", file, where));
        }
        if (d.has("rpm")) {
            dep.rpm(whole(d, "rpm", file, where));
        }
        if (d.has("tpm")) {
            dep.tpm(whole(d, "tpm", file, where));
        }
        if (d.has("context-window")) {
            dep.contextWindow((int) whole(d, "context-window", file, where));
        }
        if (in != null) {
            dep.info(ModelInfo.of(provider, model).withPrices(in, out));
        }
        try {
            return dep.build();
        } catch (IllegalArgumentException e) {
            throw bad(file, where, e.getMessage());
        }
    }

    private static ChatModel build(HttpModelBuilder<?> builder) {
        if (builder instanceof OpenAiCompatibleChatModel.Builder b) {
            return b.build();
        }
        return ((AnthropicChatModel.Builder) builder).build();
    }

    private static Strategy strategy(JsonNode node, Path file) {
        String name = node.isMissingNode() ? "least-in-flight" : node.asText();
        return switch (name) {
            case "weighted-random" -> Strategies.weightedRandom();
            case "round-robin" -> Strategies.roundRobin();
            case "least-in-flight" -> Strategies.leastInFlight();
            case "lowest-latency" -> Strategies.lowestLatency();
            case "usage-based" -> Strategies.usageBased();
            case "lowest-cost" -> Strategies.lowestCost();
            default -> throw bad(file, "the file", "has strategy '" + name + "'; use weighted-random, round-robin,"
                    + " least-in-flight, lowest-latency, usage-based or lowest-cost");
        };
    }

    private static CooldownConfig cooldown(JsonNode node, Path file) {
        CooldownConfig.Builder b = CooldownConfig.builder();
        if (node.isMissingNode()) {
            return b.build();
        }
        unknown(node, Set.of("failures", "window", "duration"), file, "cooldown");
        if (node.has("failures")) {
            b.failures((int) whole(node, "failures", file, "cooldown"));
        }
        if (node.has("window")) {
            b.window(duration(node, "window", file));
        }
        if (node.has("duration")) {
            b.cooldown(duration(node, "duration", file));
        }
        return b.build();
    }

    private static Duration duration(JsonNode node, String field, Path file) {
        try {
            return new ModelOptions.DurationConverter().convert(node.path(field).asText());
        } catch (RuntimeException e) {
            throw bad(file, "cooldown", "has " + field + " '" + node.path(field).asText() + "'; use e.g. 30s or 2m");
        }
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(2, "--models " + file + " is not a file; give a YAML file with a 'deployments'"
                    + " list (see docs/cli.md)");
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new CliException(2, "--models " + file + " must hold a mapping with 'pool' and 'deployments'");
            }
            return root;
        } catch (IOException e) {
            throw new CliException(2, "--models " + file + " is not valid YAML: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
    }

    private static void unknown(JsonNode node, Set<String> known, Path file, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw bad(file, where, "has an unknown field '" + f + "'; known: " + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String text(JsonNode node, String field, Path file, String where, @Nullable String dflt) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (dflt != null) {
                return dflt;
            }
            throw bad(file, where, "needs '" + field + "'");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw bad(file, where, "has '" + field + "' that is not a non-empty text");
        }
        return v.asText();
    }

    private static long whole(JsonNode node, String field, Path file, String where) {
        JsonNode v = node.path(field);
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 1) {
            throw bad(file, where, "has '" + field + "' " + v + "; it must be a whole number of at least 1");
        }
        return v.asLong();
    }

    private static @Nullable BigDecimal price(JsonNode node, String field, Path file, String where) {
        JsonNode v = node.path(field);
        if (v.isMissingNode()) {
            return null;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0) {
            throw bad(file, where, "has '" + field + "' " + v + "; it must be a price in US dollars per million tokens");
        }
        return v.decimalValue();
    }

    private static CliException bad(Path file, String where, String what) {
        return new CliException(2, "--models " + file.getFileName() + ": " + where + " " + what + ".");
    }
}
