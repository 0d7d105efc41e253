package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.CallContext;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.testing.FakeChatModel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run by its own surefire execution with OpenTelemetry and Micrometer taken off the class path: the log, audit log,
 * usage report and quality monitor work without them.
 */
class WithoutOptionalDependenciesTest {

    @Test
    void theSignalsThatNeedNeitherWorkWithoutOpenTelemetryOrMicrometer(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Class.forName("io.opentelemetry.api.OpenTelemetry"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
        UsageReport usage = UsageReport.create();
        QualityMonitor quality = QualityMonitor.builder().build();
        try (Observability obs = Observability.builder().observer(CallLog.create()).observer(usage)
                .observer(quality).observer(AuditLog.builder(dir).build()).build()) {
            ChatModel model = obs.observe(FakeChatModel.always("fine"));
            model.chat(ChatRequest.of("hi").withContext(CallContext.builder().tenant("acme").build()));
            CountDownLatch done = new CountDownLatch(1);
            model.stream(ChatRequest.of("hi again"), new StreamHandler() {
                @Override
                public void onToken(String token) {
                }

                @Override
                public void onComplete(ChatResponse response) {
                    done.countDown();
                }

                @Override
                public void onError(LlmException error) {
                    done.countDown();
                }
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            obs.feedback("x", true);
        }
        assertThat(usage.total().calls()).isEqualTo(2);
        assertThat(usage.keys(UsageReport.By.TENANT)).containsExactlyInAnyOrder("acme", "-");
        assertThat(quality.status(QualityMonitor.Metric.ANSWER_LENGTH).referenceSize()).isEqualTo(2);
        assertThat(AuditLog.read(dir)).hasSize(3);
    }
}
