package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityMonitorTest {

    @Test
    void aShiftInAnswerLengthRaisesOneKolmogorovSmirnovDriftEvent() {
        List<DriftEvent> events = new ArrayList<>();
        QualityMonitor m = QualityMonitor.builder().window(100).testEvery(25).listener(events::add).build();
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            m.record(QualityMonitor.Metric.ANSWER_LENGTH, 400 + r.nextGaussian() * 50);
        }
        assertThat(events).as("same distribution, no drift").isEmpty();
        assertThat(m.status(QualityMonitor.Metric.ANSWER_LENGTH).lastPValue()).isGreaterThan(0.01);

        for (int i = 0; i < 100; i++) {
            m.record(QualityMonitor.Metric.ANSWER_LENGTH, 150 + r.nextGaussian() * 50);
        }

        assertThat(events).hasSize(1);
        DriftEvent e = events.get(0);
        assertThat(e.metric()).isEqualTo(QualityMonitor.Metric.ANSWER_LENGTH);
        assertThat(e.test()).isEqualTo("kolmogorov-smirnov");
        assertThat(e.pValue()).isLessThan(0.01);
        assertThat(e.referenceMean()).isGreaterThan(350);
        assertThat(e.currentMean()).isLessThan(e.referenceMean());
    }

    @Test
    void aRiseInRefusalsRaisesAChiSquareDriftEventAndResettingTheReferenceAcceptsTheNewNormal() {
        List<DriftEvent> events = new ArrayList<>();
        QualityMonitor m = QualityMonitor.builder().window(100).testEvery(20).listener(events::add).build();
        Random r = new Random(11);
        for (int i = 0; i < 200; i++) {
            m.onCall(AuditLogTest.call("t", "u", "gpt", 1, 1, "0")); // "Thirty days." is no refusal
        }
        for (int i = 0; i < 100; i++) {
            m.record(QualityMonitor.Metric.REFUSAL, r.nextDouble() < 0.4 ? 1 : 0);
        }
        assertThat(events).extracting(DriftEvent::metric).containsExactly(QualityMonitor.Metric.REFUSAL);
        assertThat(events.get(0).test()).isEqualTo("fisher-exact");
        assertThat(events.get(0).referenceMean()).isZero();

        m.resetReference();
        for (int i = 0; i < 300; i++) {
            m.record(QualityMonitor.Metric.REFUSAL, r.nextDouble() < 0.4 ? 1 : 0);
        }
        assertThat(events).hasSize(1);
    }

    @Test
    void feedbackAndRetrievalScoresAreWatchedToo() {
        QualityMonitor m = QualityMonitor.builder().window(20).build();
        Observability obs = Observability.of(m);
        for (int i = 0; i < 30; i++) {
            obs.feedback("call-" + i, i % 3 != 0);
        }
        assertThat(m.status(QualityMonitor.Metric.FEEDBACK).referenceSize()).isEqualTo(20);
        assertThat(m.status(QualityMonitor.Metric.FEEDBACK).currentSize()).isEqualTo(10);
    }

    @Test
    void fishersExactTestMatchesKnownValues() {
        // 0 of 200 against 7 of 200: chi-square without correction says p = 0.0076, Fisher's exact test 0.0148
        assertThat(QualityMonitor.fisherExact(0, 200, 7, 193)).isCloseTo(0.0148, org.assertj.core.data.Offset.offset(
                0.0005));
        // the tea-tasting table: 3 of 4 right against 1 of 4, two-sided p = 0.486
        assertThat(QualityMonitor.fisherExact(3, 1, 1, 3)).isCloseTo(0.486, org.assertj.core.data.Offset.offset(0.001));
        assertThat(QualityMonitor.fisherExact(5, 5, 5, 5)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void eachRetrieversScoresAreWatchedApartAndYesNoValuesAreChecked() {
        QualityMonitor m = QualityMonitor.builder().window(20).build();
        for (int i = 0; i < 25; i++) {
            m.recordScore("dense", 0.8);
            m.recordScore("bm25", 12.0);
        }
        assertThat(m.scoreStatus("dense").referenceMean()).isEqualTo(0.8);
        assertThat(m.scoreStatus("bm25").referenceMean()).isEqualTo(12.0);
        assertThat(m.scoreStatus("none").referenceSize()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.record(QualityMonitor.Metric.REFUSAL, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 0 or 1");
    }

    @Test
    void recognisesUsualRefusals() {
        assertThat(QualityMonitor.looksLikeRefusal(ChatResponse.of("I'm sorry, but I can't help with that.", "m")))
                .isTrue();
        assertThat(QualityMonitor.looksLikeRefusal(ChatResponse.of("I cannot share that.", "m"))).isTrue();
        assertThat(QualityMonitor.looksLikeRefusal(ChatResponse.of("Refunds take thirty days.", "m"))).isFalse();
    }
}
