package dev.llmkit.routing.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmkit.api.AssistantMessage;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Message;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolResultMessage;
import dev.llmkit.api.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiTokenCounterTest {
    private static final EncodingRegistry REFERENCE = Encodings.newDefaultEncodingRegistry();
    private static final OpenAiTokenCounter CL100K = OpenAiTokenCounter.of(OpenAiEncoding.CL100K_BASE);
    private static final OpenAiTokenCounter O200K = OpenAiTokenCounter.of(OpenAiEncoding.O200K_BASE);

    @Test
    void countsEqualJtokkitsReferenceEncodingsOnEveryCorpusSample() {
        Encoding cl100k = REFERENCE.getEncoding(EncodingType.CL100K_BASE);
        Encoding o200k = REFERENCE.getEncoding(EncodingType.O200K_BASE);
        List<String> samples = Corpus.samples();
        assertThat(samples).hasSizeGreaterThan(300);
        for (String s : samples) {
            assertThat(CL100K.count(s)).as("cl100k: %s", s).isEqualTo(cl100k.countTokensOrdinary(s));
            assertThat(O200K.count(s)).as("o200k: %s", s).isEqualTo(o200k.countTokensOrdinary(s));
        }
    }

    @Test
    void cl100kEncodesAKnownSentenceToItsKnownTokenIds() {
        // the ids tiktoken's documentation shows for this sentence under cl100k_base
        assertThat(REFERENCE.getEncoding(EncodingType.CL100K_BASE).encodeOrdinary("tiktoken is great!").toArray())
                .containsExactly(83, 1609, 5963, 374, 2294, 0);
        assertThat(CL100K.count("tiktoken is great!")).isEqualTo(6);
    }

    @Test
    void countsSpecialTokenMarkersInUserTextAsOrdinaryText() {
        assertThatCode(() -> O200K.count("ignore <|endoftext|> this")).doesNotThrowAnyException();
        assertThat(O200K.count("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void emptyTextHasNoTokens() {
        assertThat(O200K.count("")).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "gpt-4o, O200K_BASE",
        "gpt-4o-mini-2024-07-18, O200K_BASE",
        "GPT-4o, O200K_BASE",
        "chatgpt-4o-latest, O200K_BASE",
        "gpt-4.1-nano, O200K_BASE",
        "gpt-4.5-preview, O200K_BASE",
        "gpt-5, O200K_BASE",
        "gpt-5-mini-2025-08-07, O200K_BASE",
        "o1, O200K_BASE",
        "o1-mini, O200K_BASE",
        "o3-mini, O200K_BASE",
        "o4-mini-2025-04-16, O200K_BASE",
        "ft:gpt-4o-mini-2024-07-18:acme::abc123, O200K_BASE",
        "openai/gpt-4o, O200K_BASE",
        "gpt-4, CL100K_BASE",
        "gpt-4-0613, CL100K_BASE",
        "gpt-4-turbo-2024-04-09, CL100K_BASE",
        "gpt-4-32k, CL100K_BASE",
        "gpt-3.5-turbo, CL100K_BASE",
        "gpt-3.5-turbo-0125, CL100K_BASE",
        "gpt-35-turbo, CL100K_BASE",
        "text-embedding-3-small, CL100K_BASE",
        "text-embedding-3-large, CL100K_BASE",
        "text-embedding-ada-002, CL100K_BASE",
    })
    void choosesTheEncodingByModelName(String model, OpenAiEncoding expected) {
        assertThat(OpenAiEncoding.forModel(model)).contains(expected);
        assertThat(OpenAiTokenCounter.forModel(model).encoding()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"claude-sonnet-4-5", "llama-3.1-8b-instruct", "qwen2.5-7b", "omni-model", "o", "gpt-4x"})
    void unknownModelNamesGetTheDocumentedDefaultEncoding(String model) {
        assertThat(OpenAiEncoding.forModel(model)).isEmpty();
        assertThat(OpenAiTokenCounter.forModel(model).encoding()).isEqualTo(OpenAiTokenCounter.DEFAULT_ENCODING);
    }

    @Test
    void oneUserMessageHiIsEightPromptTokensAsTheApiReports() {
        // 3 framing + 1 role ("user") + 1 content ("Hi") + 3 reply priming
        assertThat(O200K.countMessages(List.of(Message.user("Hi")))).isEqualTo(8);
        assertThat(CL100K.countMessages(List.of(Message.user("Hi")))).isEqualTo(8);
    }

    @Test
    void systemAndUserMessagesCostFramingRoleAndContentEach() {
        // hand-checked: "Be brief." = Be | brief | . (3 tokens); "Hello world" = Hello | world (2 tokens)
        assertThat(O200K.count("Be brief.")).isEqualTo(3);
        assertThat(O200K.count("Hello world")).isEqualTo(2);
        List<Message> messages = List.of(Message.system("Be brief."), Message.user("Hello world"));
        // (3 + 1 + 3) + (3 + 1 + 2) + 3
        assertThat(O200K.countMessages(messages)).isEqualTo(16);
        assertThat(CL100K.countMessages(messages)).isEqualTo(16);
    }

    @Test
    void eachAdditionalMessageCostsFramingPlusRolePlusContent() {
        List<Message> one = List.of(Message.user("What is the capital of France?"));
        List<Message> two = List.of(Message.user("What is the capital of France?"),
                Message.assistant("Paris."));
        assertThat(O200K.countMessages(two) - O200K.countMessages(one))
                .isEqualTo(3 + O200K.count("assistant") + O200K.count("Paris."));
    }

    @Test
    void assistantToolCallsCountTheirNameAndArguments() {
        ToolCall call = new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}");
        AssistantMessage calling = AssistantMessage.ofToolCalls(List.of(call));
        ToolResultMessage result = ToolResultMessage.of(call, "{\"celsius\":-3}");
        int withCall = O200K.countMessages(List.of(Message.user("Weather in Oslo?"), calling, result));
        int base = O200K.countMessages(List.of(Message.user("Weather in Oslo?")));
        assertThat(withCall - base).isEqualTo(
                (3 + O200K.count("assistant") + O200K.count("weather") + O200K.count("{\"city\":\"Oslo\"}"))
                        + (3 + O200K.count("tool") + O200K.count("{\"celsius\":-3}")));
    }

    @Test
    void toolDefinitionsFollowTheFunctionFormula() {
        ToolSpec weather = weatherTool();
        assertThat(O200K.countTools(List.of(weather))).isEqualTo(weatherByFormula(O200K, 7));
        // functions of cl100k models (gpt-4, gpt-3.5-turbo) start with 10 fixed tokens instead of 7
        assertThat(CL100K.countTools(List.of(weather))).isEqualTo(weatherByFormula(CL100K, 10));
    }

    @Test
    void eachFurtherToolAddsItsOwnDefinitionButNotAnotherListEnd() {
        ToolSpec now = ToolSpec.noParameters("now", "The current time.");
        assertThat(O200K.countTools(List.of(weatherTool(), now)))
                .isEqualTo(weatherByFormula(O200K, 7) + 7 + O200K.count("now:The current time"));
    }

    /** The weather tool by the function formula, worked out by hand term by term. */
    private static int weatherByFormula(OpenAiTokenCounter c, int functionInit) {
        return functionInit + c.count("weather:Current weather for a city") // name:description, final period dropped
                + 3                                                         // the function has parameters
                + 3 + c.count("city:string:City name")                      // a plain parameter
                + 3 - 3 + (3 + c.count("celsius")) + (3 + c.count("fahrenheit")) // an enum parameter...
                + c.count("unit:string:")                                   // ...without description
                + 12;                                                       // end of the function list
    }

    @Test
    void aToolWithoutParametersCostsItsHeaderAndTheListEnd() {
        ToolSpec now = ToolSpec.noParameters("now", "The current time.");
        assertThat(O200K.countTools(List.of(now))).isEqualTo(7 + O200K.count("now:The current time") + 12);
    }

    @Test
    void noToolsAddNoTokens() {
        assertThat(O200K.countTools(List.of())).isZero();
    }

    @Test
    void aPromptCostsItsMessagesPlusItsTools() {
        ChatRequest request = ChatRequest.builder().system("Be brief.").user("Weather in Oslo?")
                .tool(weatherTool()).build();
        assertThat(O200K.countPrompt(request))
                .isEqualTo(O200K.countMessages(request.messages()) + O200K.countTools(request.tools()));
        assertThat(O200K.countPrompt(ChatRequest.of("Hi"))).isEqualTo(8);
    }

    private static ToolSpec weatherTool() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ObjectNode city = props.putObject("city");
        city.put("type", "string");
        city.put("description", "City name.");
        ObjectNode unit = props.putObject("unit");
        unit.put("type", "string");
        unit.putArray("enum").add("celsius").add("fahrenheit");
        schema.putArray("required").add("city");
        return ToolSpec.of("weather", "Current weather for a city.", schema);
    }
}
