package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.agent.Agent;
import dev.llmkit.agent.AgentResult;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Tool;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolContext;
import dev.llmkit.api.ToolResult;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.testing.FakeChatModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class AgentTracingTest {

    private static Tool tool(String name, String description, java.util.function.Supplier<String> result) {
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return ToolSpec.noParameters(name, description);
            }

            @Override
            public ToolResult execute(ToolCall call, ToolContext context) {
                return ToolResult.of(result.get());
            }
        };
    }

    @Test
    void anAgentRunWithTwoToolCallsNestsModelCallsAndToolsUnderTheRun() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        SdkTracerProvider tp = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Observability obs = Observability.builder()
                .observer(OtelTracing.create(OpenTelemetrySdk.builder().setTracerProvider(tp).build()))
                .observer(MicrometerMetrics.create(meters)).build();
        ChatModel inner = obs.observe(FakeChatModel.builder().name("helper").otherwise(r -> "forty-two").build());
        Tool add = tool("add", "Adds", () -> "3");
        Tool ask = tool("ask", "Asks another model", () -> inner.chat(ChatRequest.of("what is six times seven?")).text());
        FakeChatModel brain = FakeChatModel.builder().name("brain")
                .then(FakeChatModel.Step.toolCalls(new ToolCall("c1", "add", "{}"), new ToolCall("c2", "ask", "{}")))
                .respond("The answer is 42.").build();
        ExecutorService pool = OtelTracing.propagating(Executors.newFixedThreadPool(2));
        AgentResult result;
        try (Agent agent = Agent.builder(obs.observe(brain)).tools(obs.tools(List.of(add, ask))).executor(pool)
                .build()) {
            result = obs.invokeAgent("calculator", () -> agent.run("What is 1+2 and six times seven?"));
        } finally {
            pool.shutdown();
        }

        assertThat(result.answer()).contains("The answer is 42.");
        List<SpanData> all = spans.getFinishedSpanItems();
        SpanData run = all.stream().filter(s -> s.getName().equals("invoke_agent calculator")).findFirst()
                .orElseThrow(() -> new AssertionError(all.stream().map(SpanData::getName).toList()));
        assertThat(run.getParentSpanContext().isValid()).isFalse();
        assertThat(run.getAttributes().get(AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("calculator");
        List<String> children = all.stream().filter(s -> s.getParentSpanId().equals(run.getSpanId()))
                .map(SpanData::getName).sorted().toList();
        assertThat(children).containsExactly("chat brain", "chat brain", "execute_tool add", "execute_tool ask");
        SpanData askSpan = all.stream().filter(s -> s.getName().equals("execute_tool ask")).findFirst().orElseThrow();
        assertThat(askSpan.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("c2");
        assertThat(askSpan.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
                .isEqualTo("execute_tool");
        SpanData helper = all.stream().filter(s -> s.getName().equals("chat helper")).findFirst().orElseThrow();
        assertThat(helper.getParentSpanId()).as("a model called inside a tool nests under the tool")
                .isEqualTo(askSpan.getSpanId());
        assertThat(all).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(run.getTraceId()));
        assertThat(meters.get("gen_ai.execute_tool.duration").tag("gen_ai.tool.name", "add").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("llmkit.calls").tag("gen_ai.request.model", "brain").counter().count()).isEqualTo(2);
        tp.close();
    }
}
