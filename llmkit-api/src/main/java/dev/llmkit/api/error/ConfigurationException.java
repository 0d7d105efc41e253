package dev.llmkit.api.error;

import org.jspecify.annotations.Nullable;

/**
 * llmkit was configured wrongly: an unknown provider prefix, a missing API key, a malformed base URL.
 * The message names the setting to fix.
 */
public class ConfigurationException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do; must not contain secrets
     * @param cause the underlying failure, if any
     * @param info provider details
     */
    public ConfigurationException(String message, @Nullable Throwable cause, ErrorInfo info) {
        super(message, cause, false, info);
    }

    /** Creates the exception without cause or provider details. */
    public ConfigurationException(String message) {
        this(message, null, ErrorInfo.NONE);
    }
}
