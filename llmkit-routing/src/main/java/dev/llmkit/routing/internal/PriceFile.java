package dev.llmkit.routing.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.routing.cost.PriceFileException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates a price file (format 1). Every fault is a {@link PriceFileException} naming the entry and
 * field; unknown fields are faults too, so that a misspelt {@code "ouput"} cannot silently leave a price out.
 *
 * @param pricesAsOf the file's {@code pricesAsOf} date, when it has one
 * @param entries the models, in file order
 */
public record PriceFile(Optional<LocalDate> pricesAsOf, List<Entry> entries) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Set<String> FILE_FIELDS =
            Set.of("format", "currency", "unit", "pricesAsOf", "sources", "notes", "models");
    private static final Set<String> ENTRY_FIELDS = Set.of("provider", "model", "aliases", "input", "cachedInput",
            "cacheWrite", "output", "contextWindow", "note");

    /**
     * One model's prices.
     *
     * @param info provider, model name, context window and prices
     * @param aliases other names of the same model (lower case)
     */
    public record Entry(ModelInfo info, List<String> aliases) {}

    /** Parses a price file; {@code source} names it in error messages. Does not close {@code in}. */
    public static PriceFile parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new PriceFileException(source, null, "not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + " (" + e.getOriginalMessage()
                    + "); fix the JSON syntax", e);
        } catch (IOException e) {
            throw new PriceFileException(source, null, "could not be read (" + e.getMessage()
                    + "); check that the file exists and is readable", e);
        }
        if (root == null || !root.isObject()) {
            throw new PriceFileException(source, null, "must be a JSON object with a \"models\" list, e.g."
                    + " {\"models\": [{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"input\": 2.50,"
                    + " \"output\": 10.00}]}", null);
        }
        unknownFields(root, FILE_FIELDS, source, null, "the file");
        JsonNode format = root.get("format");
        if (format != null && !(format.isIntegralNumber() && format.asInt() == 1)) {
            throw new PriceFileException(source, null, "\"format\" is " + format + " but this llmkit reads format 1;"
                    + " write the file in format 1 or upgrade llmkit", null);
        }
        JsonNode currency = root.get("currency");
        if (currency != null && !"USD".equals(currency.asText())) {
            throw new PriceFileException(source, null, "\"currency\" is " + currency + " but prices must be in US"
                    + " dollars (\"USD\"); convert them", null);
        }
        Optional<LocalDate> asOf = Optional.empty();
        JsonNode date = root.get("pricesAsOf");
        if (date != null) {
            try {
                asOf = Optional.of(LocalDate.parse(date.asText()));
            } catch (DateTimeParseException e) {
                throw new PriceFileException(source, null, "\"pricesAsOf\" must be a date like \"2026-11-25\", got "
                        + date, e);
            }
        }
        JsonNode models = root.get("models");
        if (models == null || !models.isArray()) {
            throw new PriceFileException(source, null, "needs a \"models\" list of entries such as {\"provider\":"
                    + " \"openai\", \"model\": \"gpt-4o\", \"input\": 2.50, \"output\": 10.00}", null);
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int position = 0;
        for (JsonNode node : models) {
            position++;
            Entry entry = entry(node, source, position);
            for (String name : names(entry)) {
                if (!names.add(name)) {
                    throw new PriceFileException(source, position, "\"" + name + "\" is already priced by an"
                            + " earlier entry of this file; keep one entry per model (use \"aliases\" for other"
                            + " names)", null);
                }
            }
            entries.add(entry);
        }
        return new PriceFile(asOf, List.copyOf(entries));
    }

    private static List<String> names(Entry e) {
        String provider = e.info().provider();
        List<String> names = new ArrayList<>();
        names.add(provider + "/" + e.info().model());
        e.aliases().forEach(a -> names.add(provider + "/" + a));
        return names;
    }

    private static Entry entry(JsonNode node, String source, int position) {
        if (!node.isObject()) {
            throw new PriceFileException(source, position, "must be an object such as {\"provider\": \"openai\","
                    + " \"model\": \"gpt-4o\", \"input\": 2.50, \"output\": 10.00}, got " + node, null);
        }
        String provider = name(node, "provider", source, position);
        String model = name(node, "model", source, position);
        String what = "(" + provider + "/" + model + ")";
        unknownFields(node, ENTRY_FIELDS, source, position, what);
        List<String> aliases = new ArrayList<>();
        JsonNode aliasNode = node.get("aliases");
        if (aliasNode != null) {
            if (!aliasNode.isArray()) {
                throw new PriceFileException(source, position, what + " \"aliases\" must be a list of model names,"
                        + " got " + aliasNode, null);
            }
            for (JsonNode a : aliasNode) {
                if (!a.isTextual() || a.asText().isBlank()) {
                    throw new PriceFileException(source, position, what + " \"aliases\" must hold model names,"
                            + " got " + a, null);
                }
                aliases.add(a.asText().strip().toLowerCase(Locale.ROOT));
            }
        }
        BigDecimal input = price(node, "input", source, position, what);
        BigDecimal output = price(node, "output", source, position, what);
        if ((input == null) != (output == null)) {
            throw new PriceFileException(source, position, what + " has " + (input == null ? "\"output\"" : "\"input\"")
                    + " but no " + (input == null ? "\"input\"" : "\"output\"") + " price; give both (a cost needs"
                    + " both) or neither", null);
        }
        BigDecimal cachedInput = price(node, "cachedInput", source, position, what);
        BigDecimal cacheWrite = price(node, "cacheWrite", source, position, what);
        if (input == null && (cachedInput != null || cacheWrite != null)) {
            throw new PriceFileException(source, position, what + " has cache prices but no \"input\" and"
                    + " \"output\" prices; add them", null);
        }
        Integer window = null;
        JsonNode w = node.get("contextWindow");
        if (w != null) {
            if (!w.isIntegralNumber() || !w.canConvertToInt() || w.asInt() < 1) {
                throw new PriceFileException(source, position, what + " \"contextWindow\" must be a positive whole"
                        + " number of tokens, got " + w, null);
            }
            window = w.asInt();
        }
        if (input == null && window == null) {
            throw new PriceFileException(source, position, what + " has neither prices nor a context window; add"
                    + " \"input\" and \"output\" (US dollars per million tokens) or remove the entry", null);
        }
        ModelInfo info = ModelInfo.builder(provider, model).contextWindow(window).inputPricePerMillion(input)
                .outputPricePerMillion(output).cacheReadPricePerMillion(cachedInput)
                .cacheWritePricePerMillion(cacheWrite).build();
        return new Entry(info, List.copyOf(aliases));
    }

    private static String name(JsonNode node, String field, String source, int position) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new PriceFileException(source, position, "\"" + field + "\" must be a non-empty string (e.g. "
                    + ("provider".equals(field) ? "\"openai\" or \"anthropic\"" : "\"gpt-4o\"") + "), got "
                    + (v == null ? "nothing" : v.toString()), null);
        }
        return v.asText().strip().toLowerCase(Locale.ROOT);
    }

    private static @Nullable BigDecimal price(JsonNode node, String field, String source, int position,
            String what) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0) {
            throw new PriceFileException(source, position, what + " \"" + field + "\" must be a non-negative number"
                    + " of US dollars per million tokens, written without quotes (e.g. 2.50), got " + v, null);
        }
        return v.decimalValue();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String source, @Nullable Integer position,
            String what) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new PriceFileException(source, position, what + " has an unknown field \"" + name
                        + "\"; the known fields are " + known.stream().sorted().toList()
                        + " (check the spelling)", null);
            }
        }
    }
}
