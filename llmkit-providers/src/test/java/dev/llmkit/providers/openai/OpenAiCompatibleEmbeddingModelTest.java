package dev.llmkit.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.Embeddings;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.error.RateLimitedException;
import dev.llmkit.api.error.ServerErrorException;
import dev.llmkit.api.event.EmbeddingEvent;
import dev.llmkit.api.event.EmbeddingListener;
import dev.llmkit.providers.internal.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleEmbeddingModelTest {
    private MockWebServer server;
    private final AtomicInteger requests = new AtomicInteger();
    /** The {@code usage} object each answer carries; empty for none. */
    private volatile String usage = "";
    /** When set, requests after the first are answered with this status. */
    private volatile int laterStatus;
    /** When set, the server holds each request until it is counted down. */
    private volatile CountDownLatch hold;
    private final List<EmbeddingEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        // answers each input with [len(text), index], in reverse order to check that results are re-sorted; the
        // usage counts one token per character of the request's inputs
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                int n = requests.incrementAndGet();
                CountDownLatch h = hold;
                if (h != null) {
                    h.await(10, TimeUnit.SECONDS);
                }
                if (laterStatus != 0 && n > 1) {
                    return new MockResponse.Builder().code(laterStatus)
                            .body("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}").build();
                }
                try {
                    JsonNode input = Json.parse(request.getBody().utf8()).path("input");
                    StringBuilder data = new StringBuilder();
                    int chars = 0;
                    for (int i = input.size() - 1; i >= 0; i--) {
                        chars += input.get(i).asText().length();
                        data.append(data.length() == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                                .append(",\"embedding\":[").append(input.get(i).asText().length()).append(",").append(i).append("]}");
                    }
                    String u = usage.replace("N", Integer.toString(chars));
                    return new MockResponse.Builder().code(200).body("{\"object\":\"list\",\"data\":[" + data
                            + "],\"model\":\"m\"" + (u.isEmpty() ? "" : ",\"usage\":" + u) + "}").build();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    @AfterEach
    void stop() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
        server.close();
    }

    private OpenAiCompatibleEmbeddingModel.Builder builder() {
        return OpenAiCompatibleEmbeddingModel.builder().baseUrl(server.url("/v1").toString()).model("m").dimension(2)
                .listener(events::add);
    }

    @Test
    void splitsIntoBatchesAndKeepsTheInputOrder() {
        OpenAiCompatibleEmbeddingModel model = builder().maxBatchSize(2).build();

        List<float[]> vectors = model.embedAll(List.of("a", "bb", "ccc", "dddd", "eeeee"));

        assertThat(requests).hasValue(3);
        assertThat(vectors).extracting(v -> (int) v[0]).containsExactly(1, 2, 3, 4, 5);
        assertThat(vectors).extracting(v -> (int) v[1]).containsExactly(0, 1, 0, 1, 0);
    }

    @Test
    void statesItsMaxBatchSize() {
        assertThat(builder().build().maxBatchSize()).isEqualTo(OpenAiCompatibleEmbeddingModel.DEFAULT_MAX_BATCH_SIZE);
        assertThat(builder().maxBatchSize(2048).build().maxBatchSize()).isEqualTo(2048);
    }

    @Test
    void aListLargerThanTheDefaultBatchSizeIsSplit() {
        OpenAiCompatibleEmbeddingModel model = builder().build();
        List<String> texts = IntStream.range(0, OpenAiCompatibleEmbeddingModel.DEFAULT_MAX_BATCH_SIZE + 1)
                .mapToObj(i -> "t" + i).collect(Collectors.toList());

        assertThat(model.embedAll(texts)).hasSize(texts.size());
        assertThat(requests).hasValue(2);
    }

    @Test
    void embedBatchSumsThePromptTokensOfEveryRequest() {
        usage = "{\"prompt_tokens\":N,\"total_tokens\":N}";
        OpenAiCompatibleEmbeddingModel model = builder().maxBatchSize(2).build();

        Embeddings result = model.embedBatch(List.of("a", "bb", "ccc", "dddd", "eeeee"));

        assertThat(result.size()).isEqualTo(5);
        assertThat(result.model()).isEqualTo("m");
        assertThat(result.usageKnown()).isTrue();
        assertThat(result.inputTokens()).isEqualTo(15);
        assertThat(result.usage()).contains(Usage.of(15, 0));
    }

    @Test
    void totalTokensAreUsedWhenPromptTokensAreMissing() {
        usage = "{\"total_tokens\":N}";

        assertThat(builder().build().embedBatch(List.of("abcd")).inputTokens()).isEqualTo(4);
    }

    @Test
    void usageIsUnknownWhenTheServerSendsNone() {
        Embeddings result = builder().build().embedBatch(List.of("abcd"));

        assertThat(result.usageKnown()).isFalse();
        assertThat(result.usage()).isEmpty();
        assertThat(events).singleElement().satisfies(e -> assertThat(e.usageKnown()).isFalse());
    }

    @Test
    void aSuccessfulCallIsReportedOnceWithTextsTokensAndModel() {
        usage = "{\"prompt_tokens\":N,\"total_tokens\":N}";
        OpenAiCompatibleEmbeddingModel model = builder().maxBatchSize(2).provider("vllm").build();

        model.embedAll(List.of("a", "bb", "ccc"));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.provider()).isEqualTo("vllm");
            assertThat(e.model()).isEqualTo("m");
            assertThat(e.texts()).isEqualTo(3);
            assertThat(e.inputTokens()).isEqualTo(6);
            assertThat(e.succeeded()).isTrue();
            assertThat(e.error()).isEmpty();
            assertThat(e.latency().isNegative()).isFalse();
        });
    }

    @Test
    void aFailedCallIsReportedOnceWithItsTypedErrorAndTheTokensAlreadyUsed() {
        usage = "{\"prompt_tokens\":N,\"total_tokens\":N}";
        laterStatus = 500;
        OpenAiCompatibleEmbeddingModel model = builder().maxBatchSize(1).build();

        assertThatThrownBy(() -> model.embedAll(List.of("ab", "cd", "ef"))).isInstanceOf(ServerErrorException.class);

        assertThat(requests).hasValue(2);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.texts()).isEqualTo(3);
            assertThat(e.inputTokens()).isEqualTo(2);
            assertThat(e.error()).containsInstanceOf(ServerErrorException.class);
        });
    }

    @Test
    void aListenerThatThrowsNeverBreaksTheCall() {
        OpenAiCompatibleEmbeddingModel model = builder().listener(e -> {
            throw new IllegalStateException("listener bug");
        }).build();

        assertThat(model.embed("x")).hasSize(2);
    }

    @Test
    void asyncCompletesWithTheVectorsInOrderAndTheUsage() throws Exception {
        usage = "{\"prompt_tokens\":N,\"total_tokens\":N}";
        OpenAiCompatibleEmbeddingModel model = builder().maxBatchSize(2).build();

        Embeddings result = model.embedBatchAsync(List.of("a", "bb", "ccc")).get(10, TimeUnit.SECONDS);

        assertThat(result.vectors()).extracting(v -> (int) v[0]).containsExactly(1, 2, 3);
        assertThat(result.inputTokens()).isEqualTo(6);
        assertThat(requests).hasValue(2);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.succeeded()).isTrue());
    }

    @Test
    void asyncFailsWithTheTypedErrorAndReportsItOnce() {
        laterStatus = 429;
        OpenAiCompatibleEmbeddingModel model = builder().maxBatchSize(1).build();

        CompletableFuture<Embeddings> future = model.embedBatchAsync(List.of("a", "b", "c"));

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RateLimitedException.class);
        assertThat(requests).hasValue(2);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.texts()).isEqualTo(3);
            assertThat(e.error()).containsInstanceOf(RateLimitedException.class);
        });
    }

    @Test
    void cancellingTheAsyncFutureCancelsTheRequestInFlightAndReportsTheCallOnce() throws Exception {
        hold = new CountDownLatch(1);
        CountDownLatch canceled = new CountDownLatch(1);
        OkHttpClient client = new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void canceled(Call call) {
                canceled.countDown();
            }
        }).build();
        OpenAiCompatibleEmbeddingModel model = builder().httpClient(client).maxBatchSize(1).build();

        CompletableFuture<Embeddings> future = model.embedBatchAsync(List.of("a", "b", "c"));
        assertThat(future.cancel(true)).isTrue();

        assertThat(canceled.await(10, TimeUnit.SECONDS)).as("the OkHttp call was cancelled").isTrue();
        assertThat(future).isCancelled();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.texts()).isEqualTo(3);
            assertThat(e.error()).containsInstanceOf(CancellationException.class);
        });
        hold.countDown();
        assertThat(model.embedBatch(List.of("next")).size()).isEqualTo(1); // the model still works afterwards
        assertThat(events).hasSize(2);
    }

    @Test
    void aWrongDimensionIsReportedClearly() {
        OpenAiCompatibleEmbeddingModel model = OpenAiCompatibleEmbeddingModel.builder()
                .baseUrl(server.url("/v1").toString()).model("m").dimension(3).build();

        assertThatThrownBy(() -> model.embed("x")).isInstanceOf(LlmException.class)
                .hasMessageContaining("configured with dimension 3");
    }

    @Test
    void theListenerIsOptional() {
        OpenAiCompatibleEmbeddingModel model = builder().listener(EmbeddingListener.NONE).build();

        assertThat(model.embedBatch(List.of("x")).size()).isEqualTo(1);
        assertThat(events).isEmpty();
    }

    @Test
    void theSpecPropertiesSetTheMaxBatchSize() {
        OpenAiCompatibleEmbeddingProvider provider = new OpenAiCompatibleEmbeddingProvider();
        String url = server.url("/v1").toString();

        EmbeddingModel model = provider.create("vllm", "m", Map.of("base-url", url, "dimension", "2",
                OpenAiCompatibleEmbeddingProvider.MAX_BATCH_SIZE, "2"));

        assertThat(model.maxBatchSize()).isEqualTo(2);
        assertThat(model.embedAll(List.of("a", "b", "c"))).hasSize(3);
        assertThat(requests).hasValue(2);
        assertThatThrownBy(() -> provider.create("vllm", "m", Map.of("base-url", url, "dimension", "2",
                OpenAiCompatibleEmbeddingProvider.MAX_BATCH_SIZE, "lots")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("max-batch-size");
        assertThatThrownBy(() -> provider.create("vllm", "m", Map.of("base-url", url, "dimension", "0",
                OpenAiCompatibleEmbeddingProvider.MAX_BATCH_SIZE, "0")))
                .isInstanceOf(ConfigurationException.class);
    }
}
