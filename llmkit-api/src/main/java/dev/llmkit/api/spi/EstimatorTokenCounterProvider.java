package dev.llmkit.api.spi;

import dev.llmkit.api.TokenCounter;
import java.util.Map;

/** Registers {@link TokenCounter#estimator()} as the token counter plug-in {@code estimator}; takes no settings. */
public final class EstimatorTokenCounterProvider implements TokenCounterProvider {
    /** The plug-in's name. */
    public static final String NAME = "estimator";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public EstimatorTokenCounterProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenCounter create(Map<String, String> properties) {
        return TokenCounter.estimator();
    }
}
