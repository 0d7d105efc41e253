package dev.llmkit.api;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who answered a call: the provider, the endpoint (base URL without credentials or query) and the deployment, so
 * that two deployments of one model are told apart in responses, events and spans. Immutable.
 *
 * <pre>{@code
 * Origin o = Origin.of("openai", "https://gpu-a.internal:8000/v1").withDeployment("llama-70b-a");
 * }</pre>
 */
public final class Origin {
    /** For answers whose origin is not known (fakes, static fallbacks). */
    public static final Origin UNKNOWN = new Origin("unknown", "", null);

    private final String provider;
    private final String endpoint;
    private final @Nullable String deployment;

    private Origin(String provider, String endpoint, @Nullable String deployment) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("provider must not be blank");
        }
        if (endpoint.contains("@") || endpoint.contains("?")) {
            throw new IllegalArgumentException("endpoint must be a base URL without user info or query, which may"
                    + " hold credentials");
        }
        if (deployment != null && deployment.isBlank()) {
            throw new IllegalArgumentException("deployment must not be blank; leave it unset instead");
        }
        this.deployment = deployment;
    }

    /** An origin without a deployment name. */
    public static Origin of(String provider, String endpoint) {
        return new Origin(provider, endpoint, null);
    }

    /** This origin with a deployment name (e.g. an Azure deployment or one replica set of a self-hosted model). */
    public Origin withDeployment(String deployment) {
        return new Origin(provider, endpoint, Objects.requireNonNull(deployment, "deployment"));
    }

    /** E.g. {@code "openai"}, {@code "anthropic"}, {@code "vllm"}. */
    public String provider() {
        return provider;
    }

    /** The base URL called; empty when unknown. */
    public String endpoint() {
        return endpoint;
    }

    /** The deployment's name, when one was configured. */
    public Optional<String> deployment() {
        return Optional.ofNullable(deployment);
    }

    /** Equal when provider, endpoint and deployment are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Origin x && provider.equals(x.provider) && endpoint.equals(x.endpoint)
                && Objects.equals(deployment, x.deployment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, endpoint, deployment);
    }

    @Override
    public String toString() {
        return provider + (endpoint.isEmpty() ? "" : " " + endpoint) + (deployment == null ? "" : " [" + deployment + "]");
    }
}
