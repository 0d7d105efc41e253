package dev.llmkit.examples.cli;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * List prices of well-known hosted models, in US dollars per million input and output tokens, so {@code --verbose}
 * can show a call's cost without {@code --price-in}/{@code --price-out}. Providers change prices: the flags win, and a
 * model not listed here has no price. Dated and suffixed variants ({@code gpt-4o-mini-2024-07-18},
 * {@code claude-3-5-haiku-latest}) take their family's price; the longest matching name wins.
 */
final class ModelPrices {
    /** One model family's prices. */
    record Price(String family, BigDecimal input, BigDecimal output) {
    }

    /** OpenAI and Anthropic list prices per million tokens (standard tier, no batch or cache discounts). */
    static final List<Price> TABLE = List.of(
            price("gpt-4o-mini", "0.15", "0.60"),
            price("gpt-4o", "2.50", "10.00"),
            price("gpt-4.1-nano", "0.10", "0.40"),
            price("gpt-4.1-mini", "0.40", "1.60"),
            price("gpt-4.1", "2.00", "8.00"),
            price("o3-mini", "1.10", "4.40"),
            price("o4-mini", "1.10", "4.40"),
            price("claude-3-5-haiku", "0.80", "4.00"),
            price("claude-3-7-sonnet", "3.00", "15.00"),
            price("claude-sonnet-4", "3.00", "15.00"));

    private ModelPrices() {}

    private static Price price(String family, String in, String out) {
        return new Price(family, new BigDecimal(in), new BigDecimal(out));
    }

    /** The price of {@code model}, when its family is listed. */
    static Optional<Price> of(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        Price best = null;
        for (Price p : TABLE) {
            boolean matches = m.equals(p.family()) || m.startsWith(p.family() + "-");
            if (matches && (best == null || p.family().length() > best.family().length())) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }
}
