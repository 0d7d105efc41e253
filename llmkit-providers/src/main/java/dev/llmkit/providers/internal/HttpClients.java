package dev.llmkit.providers.internal;

import dev.llmkit.api.error.ConfigurationException;
import java.time.Duration;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Builds the HTTP clients providers use. */
public final class HttpClients {
    // No silent retries: a POST to a model is not idempotent, and retrying is the resilience layer's decision.
    private static final OkHttpClient SHARED = new OkHttpClient.Builder().dispatcher(dispatcher())
            .retryOnConnectionFailure(false).build();

    private HttpClients() {}

    private static Dispatcher dispatcher() {
        Dispatcher d = new Dispatcher();
        // Streams hold a connection each for their whole length; OkHttp's default of 5 per host would queue them.
        d.setMaxRequests(512);
        d.setMaxRequestsPerHost(512);
        return d;
    }

    /**
     * A client derived from {@code base} (or a shared default with a large dispatcher) with the given timeouts;
     * derived clients share the connection pool and dispatcher.
     */
    public static OkHttpClient derive(@org.jspecify.annotations.Nullable OkHttpClient base, Duration connect, Duration idle, Duration total) {
        return (base == null ? SHARED : base).newBuilder()
                .retryOnConnectionFailure(false)
                .connectTimeout(connect)
                .readTimeout(idle)
                .writeTimeout(idle)
                .callTimeout(total)
                .build();
    }

    /** The shared default client. */
    public static OkHttpClient shared() {
        return SHARED;
    }

    /** Parses a base URL, saying what is wrong with a bad one. */
    public static HttpUrl baseUrl(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new ConfigurationException("Base URL '" + url + "' is not an http(s) URL, e.g. http://localhost:8000/v1");
        }
        return parsed;
    }
}
