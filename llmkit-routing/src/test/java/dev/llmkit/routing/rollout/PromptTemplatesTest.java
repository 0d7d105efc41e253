package dev.llmkit.routing.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplatesTest {
    private static final PromptTemplate ANSWER = PromptTemplate.of("answer", "v2",
            "Answer in at most {{words}} words: {{ question }}",
            Map.of("question", PromptTemplate.Type.STRING, "words", PromptTemplate.Type.INTEGER));

    @Test
    void rendersAndRecordsTheTemplateOnTheRequest() {
        ChatRequest r = ANSWER.request(Map.of("question", "What is a breaker? {{not a placeholder}} $1", "words", 40));

        assertThat(r.lastUserText()).isEqualTo("Answer in at most 40 words: What is a breaker? {{not a placeholder}} $1");
        assertThat(r.attribute(PromptTemplate.ATTR_ID)).contains("answer");
        assertThat(r.attribute(PromptTemplate.ATTR_VERSION)).contains("v2");
    }

    @Test
    void aRecordedModelStampsThePromptOnItsResponses() {
        dev.llmkit.api.ChatModel model = PromptTemplate.recorded(dev.llmkit.testing.FakeChatModel.always("ok"));

        var r = model.chat(ANSWER.request(Map.of("question", "q", "words", 5)));

        assertThat(r.attributes()).containsEntry(PromptTemplate.ATTR_ID, "answer")
                .containsEntry(PromptTemplate.ATTR_VERSION, "v2");
        assertThat(model.chat(ChatRequest.of("plain")).attributes()).doesNotContainKey(PromptTemplate.ATTR_ID);
    }

    @Test
    void missingExtraAndMistypedVariablesAreErrorsThatNameThemAll() {
        assertThatThrownBy(() -> ANSWER.render(Map.of("words", "forty", "tone", "dry")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing question (string)")
                .hasMessageContaining("words must be integer, was String")
                .hasMessageContaining("unknown variable tone");
    }

    @Test
    void aTemplateWhoseTextAndDeclarationsDisagreeIsRefused() {
        assertThatThrownBy(() -> PromptTemplate.of("p", "v1", "Hello {{name}}", Map.of("nom",
                PromptTemplate.Type.STRING))).hasMessageContaining("without a declared type [name]")
                .hasMessageContaining("never uses [nom]");
        assertThatThrownBy(() -> PromptTemplate.of("p", "../v1", "x", Map.of())).hasMessageContaining("version");
    }

    @Test
    void loadsVersionsFromAFolderAndPicksTheActiveOne(@TempDir Path dir) throws Exception {
        for (String v : new String[] {"v2", "v9", "v10"}) {
            Files.createDirectories(dir.resolve("answer"));
            Files.writeString(dir.resolve("answer").resolve(v + ".prompt"),
                    "# " + v + "\n@var question string\n---\n" + v + ": {{question}}\n");
        }
        PromptTemplates templates = PromptTemplates.fromFolder(dir);

        assertThat(templates.versionsOf("answer")).containsExactly("v2", "v9", "v10");
        assertThat(templates.template("answer").version()).isEqualTo("v10");
        assertThat(templates.withActive(Map.of("answer", "v9")).template("answer").render(Map.of("question", "q")))
                .isEqualTo("v9: q");
        assertThatThrownBy(() -> templates.template("answer", "v3")).hasMessageContaining("has no version v3");
        assertThatThrownBy(() -> templates.withActive(Map.of("answer", "v7"))).hasMessageContaining("no version v7");
        assertThatThrownBy(() -> templates.template("summary")).hasMessageContaining("no prompt named summary");
    }

    @Test
    void versionsThatCompareEqualAsNumbersStayDistinct() {
        PromptTemplates t = PromptTemplates.of(java.util.List.of(PromptTemplate.of("p", "v1", "one", Map.of()),
                PromptTemplate.of("p", "v01", "zero-one", Map.of())));

        assertThat(t.template("p", "v01").text()).isEqualTo("zero-one");
        assertThat(t.template("p", "v1").text()).isEqualTo("one");
    }

    @Test
    void aBadDeclarationNamesItsLine() {
        assertThatThrownBy(() -> PromptTemplates.parse("p", "v1", "@var q strng\n---\n{{q}}"))
                .hasMessageContaining("line 1").hasMessageContaining("unknown type 'strng'");
        assertThatThrownBy(() -> PromptTemplates.parse("p", "v1", "var q string\n---\n{{q}}"))
                .hasMessageContaining("expected '@var");
    }
}
