package dev.llmkit.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.Message;
import dev.llmkit.api.guardrail.GuardrailContext;
import dev.llmkit.api.guardrail.GuardrailContext.Stage;
import dev.llmkit.api.guardrail.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiiGuardrailTest {
    private static final String TEXT = "Mail ann@example.com or bob@example.com; card 4111 1111 1111 1111; "
            + "again ann@example.com";

    @Test
    void masksEachValueWithANumberedPlaceholderTheSameValueTheSamePlaceholder() {
        Verdict v = PiiGuardrail.masking().check(GuardrailContext.input(ChatRequest.of(TEXT)));

        assertThat(v.kind()).isEqualTo(Verdict.Kind.REWRITE);
        assertThat(v.text()).contains("Mail <EMAIL_1> or <EMAIL_2>; card <CARD_1>; again <EMAIL_1>");
        assertThat(v.restorations()).containsEntry("<EMAIL_1>", "ann@example.com")
                .containsEntry("<CARD_1>", "4111 1111 1111 1111").hasSize(3);
        assertThat(v.restore(v.text().orElseThrow())).isEqualTo(TEXT);
        assertThat(v.reason()).isEqualTo("masked 3 EMAIL, 1 CREDIT_CARD").doesNotContain("ann");
        assertThat(v.toString()).doesNotContain("ann@").doesNotContain("4111");
    }

    @Test
    void newPlaceholdersNeverCollideWithOnesAlreadyInTheConversation() {
        ChatRequest request = ChatRequest.of(List.of(Message.user("I am <EMAIL_1> and <EMAIL_3>"),
                Message.assistant("ok"), Message.user("cc carol@example.com")));

        Verdict v = PiiGuardrail.masking().check(GuardrailContext.input(request));

        assertThat(v.text()).contains("cc <EMAIL_4>");
    }

    @Test
    void redactsForGoodOrBlocks() {
        GuardrailContext out = GuardrailContext.untrusted(ChatRequest.of("q"), GuardrailContext.Source.RETRIEVED,
                "Contact ann@example.com");
        PiiGuardrail redact = PiiGuardrail.of(PiiDetector.standard(), PiiGuardrail.Action.REDACT,
                Set.of(Stage.UNTRUSTED, Stage.OUTPUT));
        PiiGuardrail block = PiiGuardrail.of(PiiDetector.standard(), PiiGuardrail.Action.BLOCK, Set.of(Stage.INPUT));

        assertThat(redact.check(out).text()).contains("Contact [EMAIL]");
        assertThat(redact.check(out).restorations()).isEmpty();
        Verdict blocked = block.check(GuardrailContext.input(ChatRequest.of("my ssn 123-45-6789")));
        assertThat(blocked.kind()).isEqualTo(Verdict.Kind.BLOCK);
        assertThat(blocked.reason()).isEqualTo("found 1 US_SSN");
    }

    @Test
    void maskingOnOutputIsRefusedBecauseNothingWouldRestoreIt() {
        assertThatThrownBy(() -> PiiGuardrail.of(PiiDetector.standard(), PiiGuardrail.Action.MASK,
                Set.of(Stage.OUTPUT))).hasMessageContaining("use REDACT or BLOCK");
    }

    @Test
    void textWithoutPersonalDataPasses() {
        assertThat(PiiGuardrail.masking().check(GuardrailContext.input(ChatRequest.of("How do retries work?"))))
                .isSameAs(Verdict.PASS);
    }
}
