package dev.llmkit.routing.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.Usage;
import dev.llmkit.api.error.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

    @Test
    void bundledTableIsDatedAndPricesCommonOpenAiAndAnthropicModels() {
        PriceTable table = PriceTable.bundled();
        assertThat(table.pricesAsOf()).contains(LocalDate.of(2026, 11, 25));
        ModelInfo mini = table.find("openai", "gpt-4o-mini").orElseThrow();
        assertThat(mini.inputPricePerMillion()).hasValueSatisfying(is("0.15"));
        assertThat(mini.cacheReadPricePerMillion()).hasValueSatisfying(is("0.075"));
        assertThat(mini.outputPricePerMillion()).hasValueSatisfying(is("0.60"));
        assertThat(mini.contextWindow()).contains(128000);
        ModelInfo sonnet = table.find("anthropic", "claude-sonnet-4-5").orElseThrow();
        assertThat(sonnet.cacheWritePricePerMillion()).hasValueSatisfying(is("3.75"));
        assertThat(sonnet.cacheReadPricePerMillion()).hasValueSatisfying(is("0.30"));
        assertThat(table.entries()).hasSizeGreaterThan(20)
                .allSatisfy(e -> assertThat(e.provider()).isIn("openai", "anthropic"));
    }

    @Test
    void everyBundledEntryHasBothPricesAndAContextWindow() {
        assertThat(PriceTable.bundled().entries()).allSatisfy(e -> {
            assertThat(e.inputPricePerMillion()).as(e.model()).isPresent();
            assertThat(e.outputPricePerMillion()).as(e.model()).isPresent();
            assertThat(e.contextWindow()).as(e.model()).isPresent();
        });
    }

    @Test
    void datedSnapshotsAndLatestAliasesFindTheirModelUnderTheAskedName() {
        PriceTable table = PriceTable.bundled();
        ModelInfo snapshot = table.find("openai", "gpt-4o-mini-2024-07-18").orElseThrow();
        assertThat(snapshot.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(snapshot.provider()).isEqualTo("openai");
        assertThat(snapshot.inputPricePerMillion()).hasValueSatisfying(is("0.15"));
        assertThat(table.find("anthropic", "claude-sonnet-4-5-20250929")).isPresent();
        assertThat(table.find("anthropic", "claude-3-5-haiku-latest").orElseThrow().outputPricePerMillion())
                .hasValueSatisfying(is("4.00"));
        assertThat(table.find("OpenAI", "GPT-4o")).isPresent();
    }

    @Test
    void aSnapshotPricedApartWinsOverItsModel() {
        ModelInfo first = PriceTable.bundled().find("openai", "gpt-4o-2024-05-13").orElseThrow();
        assertThat(first.inputPricePerMillion()).hasValueSatisfying(is("5.00"));
        ModelInfo later = PriceTable.bundled().find("openai", "gpt-4o-2024-08-06").orElseThrow();
        assertThat(later.inputPricePerMillion()).hasValueSatisfying(is("2.50"));
    }

    @Test
    void aliasesFindTheirModel() {
        assertThat(PriceTable.bundled().find("anthropic", "claude-sonnet-4-0")).isPresent();
        assertThat(PriceTable.bundled().find("anthropic", "claude-sonnet-4-20250514")).isPresent();
    }

    @Test
    void fourDigitSnapshotSuffixesAreNotStrippedBecauseTheyHadTheirOwnPrices() {
        assertThat(PriceTable.bundled().find("openai", "gpt-3.5-turbo-1106")).isEmpty();
    }

    @Test
    void unknownModelsAndProvidersAreNotGuessed() {
        assertThat(PriceTable.bundled().find("openai", "gpt-4o-mini-turbo")).isEmpty();
        assertThat(PriceTable.bundled().find("azure", "gpt-4o")).isEmpty();
        assertThat(PriceTable.bundled().find("vllm", "llama-3.1-8b")).isEmpty();
    }

    @Test
    void findByModelAnswersWhenExactlyOneProviderHasTheModel() {
        assertThat(PriceTable.bundled().findByModel("claude-haiku-4-5-20251001").orElseThrow().provider())
                .isEqualTo("anthropic");
        PriceTable twice = PriceTable.bundled().with(ModelInfo.of("azure", "gpt-4o")
                .withPrices(new BigDecimal("2.75"), new BigDecimal("11")));
        assertThat(twice.findByModel("gpt-4o")).isEmpty();
        assertThat(PriceTable.bundled().findByModel("no-such-model")).isEmpty();
    }

    @Test
    void costUsesInputCacheAndOutputPrices() {
        Usage usage = Usage.builder().inputTokens(1_000_000).cacheReadInputTokens(400_000)
                .cacheWriteInputTokens(100_000).outputTokens(200_000).build();
        // 500k uncached at 3.00 + 400k reads at 0.30 + 100k writes at 3.75 + 200k output at 15.00
        assertThat(PriceTable.bundled().cost("anthropic", "claude-sonnet-4-5", usage)).hasValueSatisfying(c ->
                assertThat(c).isEqualByComparingTo("4.995"));
        assertThat(PriceTable.bundled().cost("vllm", "qwen", usage)).isEmpty();
    }

    @Test
    void applyFillsOnlyWhatTheModelInfoLacks() {
        ModelInfo configured = ModelInfo.builder("openai", "gpt-4o-mini-2024-07-18")
                .inputPricePerMillion(new BigDecimal("0.10")).build();
        ModelInfo applied = PriceTable.bundled().apply(configured);
        assertThat(applied.inputPricePerMillion()).hasValueSatisfying(is("0.10"));
        assertThat(applied.outputPricePerMillion()).hasValueSatisfying(is("0.60"));
        assertThat(applied.cacheReadPricePerMillion()).hasValueSatisfying(is("0.075"));
        assertThat(applied.contextWindow()).contains(128000);
        assertThat(applied.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        ModelInfo unknown = ModelInfo.of("vllm", "qwen2.5-7b");
        assertThat(PriceTable.bundled().apply(unknown)).isSameAs(unknown);
    }

    @Test
    void overridesFromAFileReplaceAndAddEntries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, """
                {"models": [
                  {"provider": "openai", "model": "gpt-4o", "input": 2.00, "output": 9.00},
                  {"provider": "vllm", "model": "qwen2.5-7b", "input": 0, "output": 0, "contextWindow": 32768}
                ]}
                """);
        PriceTable table = PriceTable.bundled().withOverrides(file);
        ModelInfo gpt4o = table.find("openai", "gpt-4o").orElseThrow();
        assertThat(gpt4o.inputPricePerMillion()).hasValueSatisfying(is("2.00"));
        assertThat(gpt4o.cacheReadPricePerMillion()).as("an override replaces the whole entry").isEmpty();
        assertThat(gpt4o.contextWindow()).isEmpty();
        assertThat(table.find("vllm", "qwen2.5-7b").orElseThrow().cost(Usage.of(1000, 1000)))
                .hasValueSatisfying(c -> assertThat(c).isZero());
        assertThat(table.find("openai", "gpt-4o-mini")).as("other entries stay").isPresent();
        assertThat(table.pricesAsOf()).as("the base file's date").isEqualTo(PriceTable.bundled().pricesAsOf());
        assertThat(PriceTable.bundled().find("openai", "gpt-4o").orElseThrow().inputPricePerMillion())
                .as("the bundled table is unchanged").hasValueSatisfying(is("2.50"));
    }

    @Test
    void overridingAModelDropsItsOldAliases() {
        PriceTable table = PriceTable.bundled().with(ModelInfo.of("anthropic", "claude-sonnet-4")
                .withPrices(BigDecimal.ONE, BigDecimal.TEN));
        assertThat(table.find("anthropic", "claude-sonnet-4").orElseThrow().inputPricePerMillion())
                .hasValueSatisfying(is("1"));
        assertThat(table.find("anthropic", "claude-sonnet-4-0")).isEmpty();
    }

    @Test
    void aFileAloneMakesATableWithoutTheBundledEntries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, """
                {"pricesAsOf": "2026-01-31", "models": [
                  {"provider": "vllm", "model": "llama-3.1-8b", "input": 0.02, "output": 0.05}]}
                """);
        PriceTable table = PriceTable.fromJson(file);
        assertThat(table.entries()).hasSize(1);
        assertThat(table.pricesAsOf()).contains(LocalDate.of(2026, 1, 31));
        assertThat(table.find("openai", "gpt-4o")).isEmpty();
    }

    @Test
    void programmaticEntriesAddToACopy() {
        PriceTable table = PriceTable.empty().with(ModelInfo.of("tgi", "mistral-7b")
                .withPrices(new BigDecimal("0.1"), new BigDecimal("0.2")));
        assertThat(table.find("tgi", "mistral-7b")).isPresent();
        assertThat(PriceTable.empty().entries()).isEmpty();
    }

    // malformed files: each error names the file, the entry and what to do

    @Test
    void aPriceWrittenAsAStringIsRejectedNamingEntryAndField() {
        assertThatThrownBy(() -> parse("""
                {"models": [
                  {"provider": "openai", "model": "gpt-4o", "input": 2.5, "output": 10},
                  {"provider": "openai", "model": "gpt-4o-mini", "input": "0.15", "output": 0.6}]}
                """))
                .isInstanceOf(PriceFileException.class).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Price file test.json, entry 2")
                .hasMessageContaining("(openai/gpt-4o-mini) \"input\" must be a non-negative number")
                .hasMessageContaining("without quotes")
                .satisfies(e -> assertThat(((PriceFileException) e).entry()).contains(2))
                .satisfies(e -> assertThat(((PriceFileException) e).source()).isEqualTo("test.json"));
    }

    @Test
    void aNegativePriceIsRejected() {
        assertThatThrownBy(() -> parse("""
                {"models": [{"provider": "openai", "model": "x", "input": -1, "output": 1}]}
                """)).isInstanceOf(PriceFileException.class).hasMessageContaining("\"input\" must be a non-negative");
    }

    @Test
    void aMisspeltFieldIsRejectedRatherThanIgnored() {
        assertThatThrownBy(() -> parse("""
                {"models": [{"provider": "openai", "model": "x", "input": 1, "ouput": 2}]}
                """)).isInstanceOf(PriceFileException.class)
                .hasMessageContaining("unknown field \"ouput\"").hasMessageContaining("check the spelling");
    }

    @Test
    void anInputPriceWithoutAnOutputPriceIsRejected() {
        assertThatThrownBy(() -> parse("""
                {"models": [{"provider": "openai", "model": "x", "input": 1}]}
                """)).isInstanceOf(PriceFileException.class).hasMessageContaining("no \"output\" price");
    }

    @Test
    void aMissingModelNameIsRejected() {
        assertThatThrownBy(() -> parse("""
                {"models": [{"provider": "openai", "input": 1, "output": 2}]}
                """)).isInstanceOf(PriceFileException.class).hasMessageContaining("entry 1")
                .hasMessageContaining("\"model\" must be a non-empty string");
    }

    @Test
    void twoEntriesForOneModelAreRejected() {
        assertThatThrownBy(() -> parse("""
                {"models": [{"provider": "openai", "model": "x", "input": 1, "output": 2},
                            {"provider": "OpenAI", "model": "X", "input": 1, "output": 3}]}
                """)).isInstanceOf(PriceFileException.class).hasMessageContaining("entry 2")
                .hasMessageContaining("already priced");
    }

    @Test
    void badContextWindowDateFormatAndCurrencyAreRejected() {
        assertThatThrownBy(() -> parse("""
                {"models": [{"provider": "openai", "model": "x", "contextWindow": 12.5}]}
                """)).hasMessageContaining("\"contextWindow\" must be a positive whole number");
        assertThatThrownBy(() -> parse("""
                {"pricesAsOf": "25/11/2026", "models": []}
                """)).hasMessageContaining("\"pricesAsOf\" must be a date like");
        assertThatThrownBy(() -> parse("""
                {"format": 2, "models": []}
                """)).hasMessageContaining("reads format 1");
        assertThatThrownBy(() -> parse("""
                {"currency": "EUR", "models": []}
                """)).hasMessageContaining("US dollars");
    }

    @Test
    void invalidJsonIsRejectedWithItsPosition() {
        assertThatThrownBy(() -> parse("{\"models\": [\n  {\"provider\": \"openai\",, }]}"))
                .isInstanceOf(PriceFileException.class).hasMessageContaining("not valid JSON at line 2");
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(PriceFileException.class)
                .hasMessageContaining("must be a JSON object with a \"models\" list");
    }

    @Test
    void aMissingFileIsReportedAsAPriceFileError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> PriceTable.bundled().withOverrides(missing))
                .isInstanceOf(PriceFileException.class).hasMessageContaining("nope.json")
                .hasMessageContaining("check that the file exists");
    }

    /** Equal as a number: price files may write 0.60 or 0.6. */
    private static Consumer<BigDecimal> is(String price) {
        return v -> assertThat(v).isEqualByComparingTo(price);
    }

    private static PriceTable parse(String json) {
        InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
        return PriceTable.empty().withOverrides(in, "test.json");
    }
}
