package dev.llmkit.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalsTest {

    @Test
    void prometheusExpositionWorksThroughMicrometersRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMetrics metrics = MicrometerMetrics.create(registry);
        metrics.onCall(AuditLogTest.call("acme", "ann", "gpt", 10, 2, "0.001"));

        String scrape = registry.scrape();

        assertThat(scrape).contains("gen_ai_client_operation_duration_seconds_count{")
                .contains("gen_ai_request_model=\"gpt\"").contains("gen_ai_client_token_usage_tokens_sum{")
                .contains("llmkit_calls_total{").contains("llmkit_cost_usd_total{");
    }

    @Test
    void limiterWaitsAndBudgetsRemainingBecomeMeters() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        MicrometerMetrics metrics = MicrometerMetrics.create(registry);
        dev.llmkit.api.ChatRequest request = dev.llmkit.api.ChatRequest.of("hi");

        metrics.onWait(dev.llmkit.api.event.WaitEvent.builder().request(request).component("rate-limiter")
                .duration(java.time.Duration.ofMillis(250)).build());
        metrics.onBudget(dev.llmkit.api.event.BudgetEvent.builder().request(request).budget("$5 per tenant per day")
                .key("llmkit:budget:tenant:acme:micro_dollars:86400000").unit("usd_micros").spent(1_000_000, 5_000_000)
                .build());
        metrics.onBudget(dev.llmkit.api.event.BudgetEvent.builder().request(request).budget("$5 per tenant per day")
                .key("llmkit:budget:tenant:acme:micro_dollars:86400000").unit("usd_micros").spent(1_500_000, 5_000_000)
                .build());

        assertThat(registry.get("llmkit.limiter.wait").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(250);
        assertThat(registry.get("llmkit.budget.remaining").gauge().value()).isEqualTo(3_500_000);
        assertThat(registry.find("llmkit.budget.remaining").gauges()).hasSize(1);
        assertThat(registry.get("llmkit.budget.remaining").gauge().getId().getTag("key")).as("no ids in tags").isNull();
        io.micrometer.core.instrument.simple.SimpleMeterRegistry keyed =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        MicrometerMetrics perKey = MicrometerMetrics.builder(keyed).budgetKeys(true).build();
        for (String tenant : java.util.List.of("acme", "globex")) {
            perKey.onBudget(dev.llmkit.api.event.BudgetEvent.builder().request(request).budget("$5 per tenant per day")
                    .key("llmkit:budget:tenant:" + tenant + ":micro_dollars:86400000").unit("usd_micros")
                    .spent(1, 5_000_000).build());
        }
        assertThat(keyed.find("llmkit.budget.remaining").gauges()).hasSize(2);
    }

    @Test
    void theCallLineHoldsEveryFieldAndQuotesValuesWithSpaces() {
        String line = CallLog.create().line(AuditLogTest.call("acme", "ann", "gpt", 10, 2, "0.001"));

        assertThat(line).startsWith("llmkit call call_id=").contains(" model=gpt ").contains(" status=ok ")
                .contains(" tokens_in=10 tokens_out=2 cost_usd=0.001 latency_ms=120 ttft_ms=- attempts=1 retries=0")
                .contains(" cache=none").doesNotContain("refund");
    }

    @Test
    void redactsSecretsByShapeAndByValueAndPiiOnlyWhenAsked() {
        Redactor r = Redactor.secrets().withValues(List.of("hunter2-hunter2"));
        String text = "key sk-ant-api03-abcdefghijklmnop, aws AKIAABCDEFGHIJKLMNOP, gh ghp_"
                + "a".repeat(36) + ", Authorization: Bearer abc.def-ghi_jkl123, api_key=\"s3cr3tvalue\","
                + " pass hunter2-hunter2, mail ann@example.com";

        String out = r.redact(text);

        assertThat(out).doesNotContain("sk-ant-api03", "AKIAABCDEFGHIJKLMNOP", "ghp_aaa", "abc.def-ghi", "s3cr3tvalue",
                "hunter2").contains("ann@example.com");
        assertThat(r.withPii().redact("mail ann@example.com or +44 20 7946 0958")).isEqualTo(
                "mail <EMAIL> or <PHONE>");
        assertThat(r.redact("The quick brown fox")).isEqualTo("The quick brown fox");
        assertThat(r.redact("{\"password\": \"correct horse battery staple\", \"user\": \"ann\"}"))
                .isEqualTo("{\"password\": \"[REDACTED]\", \"user\": \"ann\"}");
        assertThat(r.redact("Authorization: Token 9f8e7d6c5b4a")).doesNotContain("9f8e7d6c5b4a");
        assertThat(r.redact("secret=abc")).isEqualTo("secret=[REDACTED]");
        assertThatThrownBy(() -> Redactor.secrets().withValues(List.of("short"))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("at least 8");
    }
}
