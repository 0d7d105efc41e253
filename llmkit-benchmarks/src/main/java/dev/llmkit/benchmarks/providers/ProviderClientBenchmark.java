package dev.llmkit.benchmarks.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.providers.openai.OpenAiCompatibleChatModel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One sync chat completion against a local OpenAI-compatible server (the JDK's HTTP server on loopback with
 * TCP_NODELAY, answering a fixed completion): llmkit's client, LangChain4j's {@code OpenAiChatModel}, and a hand-written raw OkHttp + Jackson call
 * as the floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProviderClientBenchmark {
    private static final String BODY = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Hello! How can I help you today?\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":9,\"total_tokens\":18}}";
    private static final MediaType JSON = MediaType.get("application/json");

    private HttpServer server;
    private OpenAiCompatibleChatModel llmkit;
    private OpenAiChatModel langchain4j;
    private OkHttpClient raw;
    private ObjectMapper mapper;
    private String url;
    private final ChatRequest request = ChatRequest.of("Hello");

    @Setup
    public void setUp() throws IOException {
        // without TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to every loopback exchange
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        llmkit = OpenAiCompatibleChatModel.builder().baseUrl(url).apiKey("sk-bench").model("gpt-4o-mini").build();
        langchain4j = OpenAiChatModel.builder().baseUrl(url).apiKey("sk-bench").modelName("gpt-4o-mini").build();
        raw = new OkHttpClient();
        mapper = new ObjectMapper();
    }

    @TearDown
    public void tearDown() {
        server.stop(0);
    }

    @Benchmark
    public String llmkit() {
        return llmkit.chat(request).text();
    }

    @Benchmark
    public String langchain4j() {
        return langchain4j.chat("Hello");
    }

    @Benchmark
    public String rawOkHttp() throws IOException {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        Request r = new Request.Builder().url(url + "/chat/completions").header("Authorization", "Bearer sk-bench")
                .post(RequestBody.create(body, JSON)).build();
        try (Response response = raw.newCall(r).execute()) {
            JsonNode json = mapper.readTree(response.body().string());
            return json.path("choices").path(0).path("message").path("content").asText();
        }
    }
}
