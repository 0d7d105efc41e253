package dev.llmkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelPricesTest {

    @Test
    void aDatedOrSuffixedVariantTakesItsFamilysPriceAndTheLongestFamilyWins() {
        assertThat(ModelPrices.of("gpt-4o-mini-2024-07-18")).get().extracting(ModelPrices.Price::family)
                .isEqualTo("gpt-4o-mini");
        assertThat(ModelPrices.of("gpt-4o-2024-08-06")).get().extracting(ModelPrices.Price::family).isEqualTo("gpt-4o");
        assertThat(ModelPrices.of("claude-3-5-haiku-latest")).isPresent();
    }

    @Test
    void anUnlistedModelHasNoPrice() {
        assertThat(ModelPrices.of("qwen2.5-7b")).isEmpty();
        assertThat(ModelPrices.of("gpt-4omega")).isEmpty();
    }
}
