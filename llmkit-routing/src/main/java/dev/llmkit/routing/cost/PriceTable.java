package dev.llmkit.routing.cost;

import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Usage;
import dev.llmkit.routing.internal.PriceFile;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prices and context windows of models by provider and name: the table llmkit ships
 * ({@link #bundled()}, a JSON resource dated by its {@code pricesAsOf}), with the user's own entries laid over it
 * ({@link #withOverrides(Path)}, {@link #with(ModelInfo)}). Immutable and thread-safe; every {@code with*} method
 * returns a new table.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.bundled().withOverrides(Path.of("my-prices.json"));
 * ModelInfo info = prices.apply(model.info());                  // fills the prices the provider was not given
 * Optional<BigDecimal> cost = prices.cost("openai", "gpt-4o-mini-2024-07-18", usage);
 * }</pre>
 *
 * <h2>Lookup</h2> Provider and model names match case-insensitively. A name that is not in the table is looked up
 * again without a date suffix ({@code -2024-07-18}, {@code -20250929}) or a {@code -latest} suffix, so snapshots
 * and aliases find their model's prices ({@code gpt-4o-mini-2024-07-18} → {@code gpt-4o-mini}); a snapshot priced
 * apart is listed under its own name and wins. Four-digit suffixes ({@code gpt-3.5-turbo-1106}) are not stripped:
 * those old snapshots had prices of their own. Providers are not guessed: a model served by {@code azure} or a
 * self-hosted server is found only under that provider's name.
 *
 * <h2>Price files</h2> The bundled file and override files share one format (US dollars per million tokens):
 * <pre>{@code
 * {
 *   "format": 1,
 *   "pricesAsOf": "2026-11-25",
 *   "models": [
 *     { "provider": "openai", "model": "gpt-4o", "input": 2.50, "cachedInput": 1.25, "output": 10.00,
 *       "contextWindow": 128000 },
 *     { "provider": "anthropic", "model": "claude-sonnet-4", "aliases": ["claude-sonnet-4-0"],
 *       "input": 3.00, "cachedInput": 0.30, "cacheWrite": 3.75, "output": 15.00, "contextWindow": 200000 }
 *   ]
 * }
 * }</pre>
 * {@code cachedInput} prices prompt tokens read from the prompt cache, {@code cacheWrite} prompt tokens written to it
 * (where the provider bills writes); each falls back to {@code input} when absent. An override entry replaces the
 * table's entry of the same provider and model as a whole. A malformed file fails with a
 * {@link PriceFileException} naming the entry and field.
 */
public final class PriceTable {
    /** The classpath resource of the bundled prices. */
    public static final String BUNDLED_RESOURCE = "/dev/llmkit/routing/cost/prices.json";

    private static final Pattern SUFFIX = Pattern.compile("(.+?)-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)");
    private static final PriceTable EMPTY = new PriceTable(Map.of(), Map.of(), Optional.empty());

    private final Map<String, ModelInfo> byKey;        // provider/name (aliases too) -> canonical entry
    private final Map<String, List<String>> aliases;   // provider/model -> alias keys
    private final Optional<LocalDate> pricesAsOf;

    private PriceTable(Map<String, ModelInfo> byKey, Map<String, List<String>> aliases,
            Optional<LocalDate> pricesAsOf) {
        this.byKey = byKey;
        this.aliases = aliases;
        this.pricesAsOf = pricesAsOf;
    }

    /** The prices llmkit ships, read once from {@link #BUNDLED_RESOURCE}. */
    public static PriceTable bundled() {
        return Bundled.TABLE;
    }

    /** A table without entries. */
    public static PriceTable empty() {
        return EMPTY;
    }

    /** A table of one price file's entries alone, without the bundled ones. */
    public static PriceTable fromJson(Path file) {
        PriceFile parsed = parseFile(file);
        return EMPTY.withEntries(parsed).withDate(parsed.pricesAsOf());
    }

    /** A table of one price file's entries alone; {@code sourceName} names it in error messages. */
    public static PriceTable fromJson(InputStream json, String sourceName) {
        PriceFile file = PriceFile.parse(json, sourceName);
        return EMPTY.withEntries(file).withDate(file.pricesAsOf());
    }

    /**
     * This table with a price file's entries laid over it: each replaces the entry of the same provider and model.
     *
     * @throws PriceFileException when the file cannot be read or holds a malformed entry
     */
    public PriceTable withOverrides(Path file) {
        return withEntries(parseFile(file));
    }

    /** {@link #withOverrides(Path)} for JSON from a stream (not closed); {@code sourceName} names it in errors. */
    public PriceTable withOverrides(InputStream json, String sourceName) {
        return withEntries(PriceFile.parse(json, sourceName));
    }

    /** This table with {@code info} as the entry of its provider and model, replacing any there was. */
    public PriceTable with(ModelInfo info) {
        return withEntries(List.of(new PriceFile.Entry(info, List.of())));
    }

    /**
     * The date the prices of the base file ({@link #bundled()} or {@link #fromJson}) were taken from the providers'
     * price pages; overrides do not change it.
     */
    public Optional<LocalDate> pricesAsOf() {
        return pricesAsOf;
    }

    /** Every entry under its canonical name, in the order added; unmodifiable. */
    public List<ModelInfo> entries() {
        List<ModelInfo> list = new ArrayList<>();
        for (String key : aliases.keySet()) {
            list.add(byKey.get(key));
        }
        return List.copyOf(list);
    }

    /**
     * The entry for a provider's model, named as asked ({@code model} may be a dated snapshot or alias of a model in
     * the table), or empty when the table does not know it.
     */
    public Optional<ModelInfo> find(String provider, String model) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        ModelInfo hit = byKey.get(key(provider, model));
        if (hit == null) {
            Matcher m = SUFFIX.matcher(model.strip().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                hit = byKey.get(key(provider, m.group(1)));
            }
        }
        if (hit == null) {
            return Optional.empty();
        }
        return Optional.of(fill(ModelInfo.builder(provider, model), hit).build());
    }

    /**
     * The entry for a model whose provider is not known, when exactly one provider in the table has a model of that
     * name; empty when none or several do.
     */
    public Optional<ModelInfo> findByModel(String model) {
        Optional<ModelInfo> found = Optional.empty();
        for (String provider : providers()) {
            Optional<ModelInfo> hit = find(provider, model);
            if (hit.isPresent()) {
                if (found.isPresent()) {
                    return Optional.empty();
                }
                found = Optional.of(fill(ModelInfo.builder(provider, model), hit.get()).build());
            }
        }
        return found;
    }

    /**
     * {@code info} with what it lacks (context window, any price) filled from this table's entry for its provider
     * and model; values {@code info} has are kept. {@code info} itself when the table has no entry.
     */
    public ModelInfo apply(ModelInfo info) {
        Optional<ModelInfo> entry = find(info.provider(), info.model());
        if (entry.isEmpty()) {
            return info;
        }
        ModelInfo.Builder b = info.toBuilder();
        ModelInfo e = entry.get();
        if (info.contextWindow().isEmpty()) {
            b.contextWindow(e.contextWindow().orElse(null));
        }
        if (info.inputPricePerMillion().isEmpty()) {
            b.inputPricePerMillion(e.inputPricePerMillion().orElse(null));
        }
        if (info.outputPricePerMillion().isEmpty()) {
            b.outputPricePerMillion(e.outputPricePerMillion().orElse(null));
        }
        if (info.cacheReadPricePerMillion().isEmpty()) {
            b.cacheReadPricePerMillion(e.cacheReadPricePerMillion().orElse(null));
        }
        if (info.cacheWritePricePerMillion().isEmpty()) {
            b.cacheWritePricePerMillion(e.cacheWritePricePerMillion().orElse(null));
        }
        return b.build();
    }

    /**
     * What {@code usage} costs on a provider's model in US dollars ({@link ModelInfo#cost(Usage)} of its entry), or
     * empty when the table has no prices for it.
     */
    public Optional<BigDecimal> cost(String provider, String model, Usage usage) {
        return find(provider, model).flatMap(info -> info.cost(usage));
    }

    private List<String> providers() {
        List<String> providers = new ArrayList<>();
        for (String key : aliases.keySet()) {
            String provider = key.substring(0, key.indexOf('/'));
            if (!providers.contains(provider)) {
                providers.add(provider);
            }
        }
        return providers;
    }

    private static ModelInfo.Builder fill(ModelInfo.Builder b, ModelInfo e) {
        return b.contextWindow(e.contextWindow().orElse(null))
                .inputPricePerMillion(e.inputPricePerMillion().orElse(null))
                .outputPricePerMillion(e.outputPricePerMillion().orElse(null))
                .cacheReadPricePerMillion(e.cacheReadPricePerMillion().orElse(null))
                .cacheWritePricePerMillion(e.cacheWritePricePerMillion().orElse(null));
    }

    private PriceTable withEntries(PriceFile file) {
        return withEntries(file.entries());
    }

    private PriceTable withEntries(List<PriceFile.Entry> entries) {
        Map<String, ModelInfo> keys = new LinkedHashMap<>(byKey);
        Map<String, List<String>> names = new LinkedHashMap<>(aliases);
        for (PriceFile.Entry e : entries) {
            String key = key(e.info().provider(), e.info().model());
            List<String> old = names.remove(key);
            if (old != null) {
                old.forEach(keys::remove);
            }
            ModelInfo canonical = fill(ModelInfo.builder(e.info().provider().strip().toLowerCase(Locale.ROOT),
                    e.info().model().strip().toLowerCase(Locale.ROOT)), e.info()).build();
            List<String> aliasKeys = new ArrayList<>();
            for (String alias : e.aliases()) {
                aliasKeys.add(key(e.info().provider(), alias));
            }
            keys.put(key, canonical);
            aliasKeys.forEach(a -> keys.put(a, canonical));
            names.put(key, List.copyOf(aliasKeys));
        }
        return new PriceTable(Map.copyOf(keys), Collections.unmodifiableMap(names), pricesAsOf);
    }

    private PriceTable withDate(Optional<LocalDate> date) {
        return new PriceTable(byKey, aliases, date);
    }

    private static String key(String provider, String model) {
        return provider.strip().toLowerCase(Locale.ROOT) + "/" + model.strip().toLowerCase(Locale.ROOT);
    }

    private static PriceFile parseFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return PriceFile.parse(in, file.toString());
        } catch (IOException e) {
            throw new PriceFileException(file.toString(), null, "could not be read (" + e + "); check that the file"
                    + " exists and is readable", e);
        }
    }

    @Override
    public String toString() {
        return "PriceTable{" + aliases.size() + " models" + pricesAsOf.map(d -> ", prices as of " + d).orElse("")
                + "}";
    }

    private static final class Bundled {
        static final PriceTable TABLE = load();

        private static PriceTable load() {
            try (InputStream in = PriceTable.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new PriceFileException(BUNDLED_RESOURCE, null, "is missing from the classpath; the"
                            + " llmkit-routing jar is incomplete, rebuild or re-download it", null);
                }
                return fromJson(in, BUNDLED_RESOURCE);
            } catch (IOException e) {
                throw new PriceFileException(BUNDLED_RESOURCE, null, "could not be read: " + e, e);
            }
        }
    }
}
