package dev.llmkit.examples.cli;

import dev.llmkit.resilience.RetryConfig;
import dev.llmkit.resilience.Timeouts;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The model call settings {@code ask} and {@code chat} share: timeouts, retries and prices. */
final class ModelOptions {
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Longest time for one answer, per attempt and for all retries together, e.g. 90s or 5m"
                    + " (default: ${DEFAULT-VALUE})")
    Duration total = Timeouts.DEFAULT_TOTAL;

    @Option(names = "--first-token-timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Longest wait for the first streamed token; raise it for slow local models"
                    + " (default: ${DEFAULT-VALUE})")
    Duration firstToken = Timeouts.DEFAULT_FIRST_TOKEN;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest silence between streamed tokens (default: ${DEFAULT-VALUE})")
    Duration idle = Timeouts.DEFAULT_IDLE;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "2",
            description = "Retries after a retryable failure (rate limit, 5xx, timeout before the first token);"
                    + " 0 for none (default: ${DEFAULT-VALUE})")
    int retries = 2;

    @Option(names = "--models", paramLabel = "FILE", description = "A YAML file describing a pool of deployments"
            + " (self-hosted servers and managed APIs) to answer through, instead of the LLMKIT_* and *_API_KEY"
            + " variables; see docs/cli.md")
    java.nio.file.@Nullable Path models;

    @Option(names = "--price-in", paramLabel = "USD", description = "Price per million input tokens, for the cost"
            + " --verbose prints")
    @Nullable BigDecimal priceIn;

    @Option(names = "--price-out", paramLabel = "USD", description = "Price per million output tokens, for the cost"
            + " --verbose prints")
    @Nullable BigDecimal priceOut;

    /** The retry policy, or null for none. */
    @Nullable RetryConfig retry() {
        if (retries < 0) {
            throw new CliException(2, "--retries must be 0 or more, got " + retries);
        }
        return retries == 0 ? null : RetryConfig.DEFAULTS.withMaxAttempts(retries + 1).withMaxTotalTime(total);
    }

    /** Both prices, or neither; fails on one alone. */
    boolean hasPrices() {
        if ((priceIn == null) != (priceOut == null)) {
            throw new CliException(2, "Give both --price-in and --price-out (US dollars per million tokens)");
        }
        return priceIn != null;
    }

    /** {@code --timeout 5m --first-token-timeout 30s --idle-timeout 30s}, for hints. */
    String describeTimeouts() {
        return "--timeout " + format(total) + ", --first-token-timeout " + format(firstToken) + ", --idle-timeout "
                + format(idle);
    }

    static String format(Duration d) {
        if (d.toMillis() % 60_000 == 0 && !d.isZero()) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601 {@code PT30S}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            Matcher m = SIMPLE.matcher(v);
            Duration d;
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                long millis = Math.round(n * switch (unit) {
                    case "ms" -> 1;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 1000;
                });
                d = Duration.ofMillis(millis);
            } else {
                try {
                    d = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
                } catch (java.time.format.DateTimeParseException e) {
                    throw new CommandLine.TypeConversionException("'" + value
                            + "' is not a duration; use e.g. 500ms, 30s, 2m or 1h");
                }
            }
            if (d.isNegative() || d.isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
            }
            return d;
        }
    }
}
