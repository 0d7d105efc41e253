package dev.llmkit.api.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionClassificationTest {

    @Test
    void transientProviderFailuresAreRetryable() {
        List<LlmException> retryable = List.of(
                new RateLimitedException("429"), new OverloadedException("529"), new ServerErrorException("503"),
                new LlmTimeoutException("first token"), new ConnectionException("reset"),
                new StreamInterruptedException("ended before first token"));

        assertThat(retryable).allSatisfy(e -> assertThat(e.isRetryable()).as(e.getClass().getSimpleName()).isTrue());
    }

    @Test
    void callerFaultsAndRejectionsAreNotRetryable() {
        List<LlmException> permanent = List.of(
                new InvalidRequestException("400"), new ContextLengthExceededException("too long"),
                new ModelNotFoundException("404"), new AuthenticationException("401"),
                new ContentBlockedException("filtered"), new ConfigurationException("no key"),
                new CircuitOpenException("open", "openai-breaker"), new BulkheadFullException("full", "bulkhead"),
                new BudgetExceededException("spent", "budget"), new RequestRateLimitedException("rpm", "limiter"));

        assertThat(permanent).allSatisfy(e -> assertThat(e.isRetryable()).as(e.getClass().getSimpleName()).isFalse());
    }

    @Test
    void contextLengthAndModelNotFoundAreInvalidRequests() {
        assertThat(new ContextLengthExceededException("x")).isInstanceOf(InvalidRequestException.class);
        assertThat(new ModelNotFoundException("x")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void streamInterruptedAfterTokensIsNotRetryableAndKeepsWhatWasDelivered() {
        StreamInterruptedException e = new StreamInterruptedException("reset mid-stream", null, ErrorInfo.NONE,
                "Hello wor", 3);

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.partialText()).isEqualTo("Hello wor");
        assertThat(e.tokensDelivered()).isEqualTo(3);
    }

    @Test
    void carriesProviderDetails() {
        ErrorInfo info = ErrorInfo.builder().provider("openai").statusCode(429).requestId("req_123")
                .retryAfter(Duration.ofSeconds(7)).rateLimit("X-RateLimit-Remaining-Tokens", "0").build();
        RateLimitedException e = new RateLimitedException("Rate limited by openai; retry after 7s", null, info);

        assertThat(e.statusCode()).contains(429);
        assertThat(e.requestId()).contains("req_123");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.provider()).contains("openai");
        assertThat(e.info().rateLimits()).containsEntry("x-ratelimit-remaining-tokens", "0");
    }

    @Test
    void rejectionsNameTheirComponent() {
        CircuitOpenException e = new CircuitOpenException("Circuit 'openai' is open; retry in 30s", "openai",
                null, ErrorInfo.builder().retryAfter(Duration.ofSeconds(30)).build());

        assertThat(e).isInstanceOf(RejectedException.class);
        assertThat(e.component()).isEqualTo("openai");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void errorInfoRejectsNegativeRetryAfter() {
        assertThatThrownBy(() -> ErrorInfo.builder().retryAfter(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("must not be negative");
    }
}
