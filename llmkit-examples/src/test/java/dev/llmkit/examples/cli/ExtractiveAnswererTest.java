package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtractiveAnswererTest {
    private static final String SENTENCE = "Every call holds a permit from the state it was admitted in: whatever the model"
            + " throws gives the permit back with an outcome, so a half-open breaker never waits forever for a probe.";

    @Test
    void aSentenceCutAtAChunkEdgeIsTheSameQuoteAsTheWholeSentence() {
        assertThat(ExtractiveAnswerer.overlaps(SENTENCE, SENTENCE.substring(60))).isTrue();
        assertThat(ExtractiveAnswerer.overlaps(SENTENCE.substring(0, 120) + "...", SENTENCE)).isTrue();
    }

    @Test
    void differentSentencesOfOneSectionAreBothQuoted() {
        assertThat(ExtractiveAnswerer.overlaps(SENTENCE, "After 30 s it is half-open: 3 probes decide whether it closes"
                + " or opens again.")).isFalse();
    }
}
