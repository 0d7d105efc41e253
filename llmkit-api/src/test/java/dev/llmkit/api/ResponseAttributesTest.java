package dev.llmkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseAttributesTest {
    private static ChatResponse withBase(int n) {
        ChatResponse.Builder b = ChatResponse.builder().text("ok").model("m");
        for (int i = 0; i < n; i++) {
            b.attribute("base" + i, "v" + i);
        }
        return b.build();
    }

    @Test
    void stampingAPairKeepsEveryEarlierAttributeWhateverTheirNumber() {
        for (int n = 0; n <= 5; n++) {
            ChatResponse r = withBase(n).withAttributes("route", "default", "reason", "fell through");
            assertThat(r.attributes()).hasSize(n + 2).containsEntry("route", "default")
                    .containsEntry("reason", "fell through");
            for (int i = 0; i < n; i++) {
                assertThat(r.attributes()).containsEntry("base" + i, "v" + i);
            }
        }
    }

    @Test
    void aStampedKeyThatExistsTakesTheNewValue() {
        ChatResponse r = withBase(2).withAttributes("base0", "new", "extra", "x");
        assertThat(r.attributes()).isEqualTo(Map.of("base0", "new", "base1", "v1", "extra", "x"));
    }

    @Test
    void theSameKeyTwiceKeepsTheLaterValue() {
        assertThat(withBase(1).withAttributes("k", "first", "k", "second").attributes())
                .isEqualTo(Map.of("base0", "v0", "k", "second"));
        assertThat(ChatResponse.builder().text("ok").attribute("k", "first").attribute("k", "second").build()
                .attributes()).isEqualTo(Map.of("k", "second"));
    }

    @Test
    void aBuilderAddingToCopiedAttributesMergesThem() {
        ChatResponse r = withBase(2).toBuilder().attribute("a", "1").attribute("b", "2").build();
        assertThat(r.attributes()).isEqualTo(Map.of("base0", "v0", "base1", "v1", "a", "1", "b", "2"));
        assertThat(withBase(2).toBuilder().attribute("a", "1").build().attributes())
                .isEqualTo(Map.of("base0", "v0", "base1", "v1", "a", "1"));
        assertThat(r.attributes()).isUnmodifiable();
    }

    @Test
    void aNullStampIsRefused() {
        assertThatThrownBy(() -> withBase(0).withAttributes("k", null, "j", "v"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("value1");
    }
}
