package dev.llmkit.providers;

import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Origin;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.providers.internal.HttpChatSupport;
import dev.llmkit.providers.internal.HttpClients;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The settings every HTTP chat client shares: the OkHttp client, timeouts, listener, time source, context window and
 * prices. Each provider's builder extends it.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class HttpModelBuilder<B extends HttpModelBuilder<B>> {
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default longest silence between stream chunks (or before a sync answer starts). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Default limit on a whole call; zero means none. */
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(10);

    private @Nullable OkHttpClient client;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
    private Duration firstTokenTimeout = Duration.ZERO;
    private ChatModelListener listener = ChatModelListener.NONE;
    private Scheduler scheduler = Scheduler.system();
    private @Nullable Integer contextWindow;
    private @Nullable BigDecimal inputPrice;
    private @Nullable BigDecimal outputPrice;
    private @Nullable BigDecimal cacheReadPrice;
    private @Nullable BigDecimal cacheWritePrice;
    private @Nullable String deployment;

    /** For subclasses. */
    protected HttpModelBuilder() {
    }

    /** This builder, typed. */
    protected abstract B self();

    /** An OkHttp client to share (its connection pool and dispatcher); timeouts are still set from here. */
    public B httpClient(OkHttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
        return self();
    }

    /** Connect timeout; default 10 s. */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /** Longest silence between stream chunks or before a sync answer; default 60 s. */
    public B idleTimeout(Duration timeout) {
        this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /** Limit on a whole call; default 10 min; zero for none. */
    public B totalTimeout(Duration timeout) {
        this.totalTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /** Limit on the wait for a stream's first token; default none (zero). */
    public B firstTokenTimeout(Duration timeout) {
        this.firstTokenTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /** Receives request, first-token, response and error events. */
    public B listener(ChatModelListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /** Time source for latencies and the first-token timeout; default {@link Scheduler#system()}. */
    public B scheduler(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return self();
    }

    /** The model's context window, for routing and budgets. */
    public B contextWindow(int tokens) {
        this.contextWindow = tokens;
        return self();
    }

    /** Prices per million input and output tokens in US dollars, for cost in events. */
    public B prices(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        this.inputPrice = Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        this.outputPrice = Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        return self();
    }

    /**
     * Prices per million prompt-cache read and write tokens in US dollars (e.g. Anthropic bills reads at a tenth and
     * writes at 1.25 times the input price); without them cached tokens cost the input price.
     */
    public B cachePrices(BigDecimal readPerMillion, BigDecimal writePerMillion) {
        this.cacheReadPrice = Objects.requireNonNull(readPerMillion, "readPerMillion");
        this.cacheWritePrice = Objects.requireNonNull(writePerMillion, "writePerMillion");
        return self();
    }

    /**
     * A name for this deployment (e.g. {@code "llama-70b-gpu-a"}), reported in every response's
     * {@link dev.llmkit.api.ChatResponse#origin()} so that two deployments of one model are told apart.
     */
    public B deployment(String deployment) {
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        return self();
    }

    /** The model's info with the configured context window and prices. */
    protected final ModelInfo info(String provider, String model) {
        return ModelInfo.builder(provider, model).contextWindow(contextWindow)
                .inputPricePerMillion(inputPrice).outputPricePerMillion(outputPrice)
                .cacheReadPricePerMillion(cacheReadPrice).cacheWritePricePerMillion(cacheWritePrice).build();
    }

    /**
     * The HTTP machinery for a model with this info; {@code apiKey} is masked in every error it reports, and
     * {@code baseUrl} (without user info or query) with the deployment name is the origin of every answer.
     */
    protected final HttpChatSupport support(String provider, ModelInfo info, @Nullable String apiKey, HttpUrl baseUrl) {
        OkHttpClient http = HttpClients.derive(client, connectTimeout, idleTimeout, totalTimeout);
        String endpoint = baseUrl.newBuilder().username("").password("").query(null).fragment(null).build().toString();
        Origin origin = Origin.of(provider, endpoint);
        if (deployment != null) {
            origin = origin.withDeployment(deployment);
        }
        return new HttpChatSupport(http, provider, ChatModelListener.safe(listener), scheduler, info, firstTokenTimeout,
                apiKey, origin);
    }
}
