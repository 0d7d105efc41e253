package dev.llmkit.routing.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.TokenCounter;
import dev.llmkit.testing.FakeChatModel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pool counts a prompt's tokens only when something reads the count. */
class TokenEstimateTest {
    private final AtomicInteger counted = new AtomicInteger();
    private final TokenCounter counter = text -> {
        counted.incrementAndGet();
        return text.length();
    };

    @Test
    void aTokenFreeStrategyWithoutWindowsOrTokenLimitsCountsNothing() {
        DeploymentPool pool = DeploymentPool.builder("p").tokenCounter(counter).strategy(Strategies.leastInFlight())
                .deployment(Deployment.of("a", FakeChatModel.always("x")))
                .deployment(Deployment.of("b", FakeChatModel.always("y"))).build();

        pool.chat(ChatRequest.of("hello"));

        assertThat(counted).hasValue(0);
    }

    @Test
    void aTokenLimitOrAStrategyThatReadsTokensGetsTheCount() {
        DeploymentPool limited = DeploymentPool.builder("p").tokenCounter(counter).strategy(Strategies.roundRobin())
                .deployment(Deployment.builder("a", FakeChatModel.always("x")).tpm(100_000).build()).build();
        limited.chat(ChatRequest.of("hello"));
        assertThat(counted.get()).isPositive();

        counted.set(0);
        DeploymentPool cheapest = DeploymentPool.builder("p").tokenCounter(counter).strategy(Strategies.lowestCost())
                .deployment(Deployment.of("a", FakeChatModel.always("x"))).build();
        cheapest.chat(ChatRequest.of("hello"));
        assertThat(counted.get()).isPositive();
    }
}
