package dev.llmkit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolContext;
import dev.llmkit.api.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MethodToolsTest {
    enum Unit { CELSIUS, FAHRENHEIT }

    record Stop(@Param("the city") String city, int nights, Optional<String> note) {
    }

    static class Travel {
        volatile ToolContext seen;

        @Tool("Plans a trip")
        public String plan(@Param("where to start") String from, List<Stop> stops, Unit unit,
                Optional<Integer> budget, Map<String, Double> weights, boolean direct, ToolContext context) {
            seen = context;
            return from + "->" + stops.get(0).city() + "x" + stops.get(0).nights() + stops.get(0).note().orElse("")
                    + " " + unit + " " + budget.map(String::valueOf).orElse("none") + " " + weights + " " + direct;
        }

        @Tool(value = "Always fails", name = "broken_tool")
        Object broken(String why) {
            throw new IllegalStateException("cannot " + why);
        }

        @Tool(value = "Totals", risky = true)
        public Map<String, Integer> total(int a, int b) {
            return Map.of("sum", a + b);
        }
    }

    private static dev.llmkit.api.Tool tool(List<dev.llmkit.api.Tool> tools, String name) {
        return tools.stream().filter(t -> t.spec().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void generatesASchemaFromTheParameterTypes() {
        List<dev.llmkit.api.Tool> tools = MethodTools.from(new Travel());

        assertThat(tools).extracting(t -> t.spec().name()).containsExactly("broken_tool", "plan", "total");
        JsonNode s = tool(tools, "plan").spec().parameters();
        assertThat(s.path("required").toString()).isEqualTo("[\"from\",\"stops\",\"unit\",\"weights\",\"direct\"]");
        assertThat(s.path("properties").path("from").path("description").asText()).isEqualTo("where to start");
        assertThat(s.path("properties").path("unit").path("enum").toString()).isEqualTo("[\"CELSIUS\",\"FAHRENHEIT\"]");
        assertThat(s.path("properties").path("budget").path("anyOf").toString())
                .isEqualTo("[{\"type\":\"integer\"},{\"type\":\"null\"}]");
        assertThat(s.path("properties").path("weights").path("additionalProperties").path("type").asText())
                .isEqualTo("number");
        JsonNode stop = s.path("properties").path("stops").path("items");
        assertThat(stop.path("required").toString()).isEqualTo("[\"city\",\"nights\"]");
        assertThat(stop.path("properties").path("city").path("description").asText()).isEqualTo("the city");
        assertThat(s.has("properties") && !s.path("properties").has("context")).isTrue();
        assertThat(s.path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void bindsValidArgumentsAndInjectsTheContext() {
        Travel travel = new Travel();
        dev.llmkit.api.Tool plan = tool(MethodTools.from(travel), "plan");
        ToolContext context = ToolContext.standalone();

        ToolResult r = plan.execute(new ToolCall("1", "plan", "{\"from\":\"Lyon\",\"stops\":[{\"city\":\"Rome\","
                + "\"nights\":2,\"note\":\"!\"}],\"unit\":\"CELSIUS\",\"weights\":{\"a\":0.5},\"direct\":true}"), context);

        assertThat(r.isError()).isFalse();
        assertThat(r.content()).isEqualTo("Lyon->Romex2! CELSIUS none {a=0.5} true");
        assertThat(travel.seen).isSameAs(context);
        ToolResult withNull = plan.execute(new ToolCall("2", "plan", "{\"from\":\"Lyon\",\"stops\":[{\"city\":"
                + "\"Rome\",\"nights\":1,\"note\":null}],\"unit\":\"FAHRENHEIT\",\"budget\":null,"
                + "\"weights\":{},\"direct\":false}"), context);
        assertThat(withNull.isError()).as(withNull.content()).isFalse();
        assertThat(withNull.content()).isEqualTo("Lyon->Romex1 FAHRENHEIT none {} false");
    }

    @Test
    void badArgumentsUnknownFieldsAndExceptionsBecomeToolErrors() {
        List<dev.llmkit.api.Tool> tools = MethodTools.from(new Travel());
        ToolContext c = ToolContext.standalone();

        ToolResult missing = tool(tools, "total").execute(new ToolCall("1", "total", "{\"a\":1}"), c);
        ToolResult wrongType = tool(tools, "total").execute(new ToolCall("2", "total", "{\"a\":1,\"b\":\"x\"}"), c);
        ToolResult extra = tool(tools, "total").execute(new ToolCall("3", "total", "{\"a\":1,\"b\":2,\"c\":3}"), c);
        ToolResult notJson = tool(tools, "total").execute(new ToolCall("4", "total", "{a:"), c);
        ToolResult thrown = tool(tools, "broken_tool").execute(new ToolCall("5", "broken_tool", "{\"why\":\"fly\"}"), c);
        ToolResult ok = tool(tools, "total").execute(new ToolCall("6", "total", "{\"a\":1,\"b\":2}"), c);

        assertThat(List.of(missing, wrongType, extra, notJson, thrown)).allMatch(ToolResult::isError);
        assertThat(missing.content()).contains("Invalid arguments for total").contains("b");
        assertThat(notJson.content()).contains("not valid JSON");
        assertThat(thrown.content()).isEqualTo("broken_tool failed: IllegalStateException: cannot fly");
        assertThat(ok.content()).isEqualTo("{\"sum\":3}");
        assertThat(MethodTools.isRisky(tool(tools, "total"))).isTrue();
    }

    @Test
    void rejectsTypesWithoutASchemaAndObjectsWithoutTools() {
        Object noTools = new Object();
        Object badType = new Object() {
            @Tool("x")
            public String x(Object anything) {
                return "";
            }
        };
        Object rawList = new Object() {
            @Tool("y")
            @SuppressWarnings("rawtypes")
            public String y(List items) {
                return "";
            }
        };

        assertThatThrownBy(() -> MethodTools.from(noTools)).hasMessageContaining("No method annotated @Tool");
        assertThatThrownBy(() -> MethodTools.from(badType)).hasMessageContaining("has no JSON schema");
        assertThatThrownBy(() -> MethodTools.from(rawList)).hasMessageContaining("List<String>");
    }
}
