package dev.llmkit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoldenSetTest {

    @Test
    void readsCasesWithEveryFieldAndCheckType() {
        GoldenSet set = GoldenSet.parse("demo", """
                // a comment, then a blank line

                {"id": "a", "input": "Capital of France?", "expected": "Paris", "checks": [{"type": "exact"}]}
                {"id": "b", "input": "Retry?", "facts": ["jitter"], "sources": ["resilience.md#Retry"], "tags": ["rag"],
                  "checks": [{"type": "contains"}, {"type": "regex", "pattern": "\\\\d+"}, {"type": "recall", "k": 5},
                  {"type": "hit", "k": 3}, {"type": "ndcg", "k": 10, "min": 0.4}, {"type": "faithful"},
                  {"type": "judge", "rubric": "Correct?"}, {"type": "max_latency_ms", "value": 500},
                  {"type": "max_cost", "value": "0.01"},
                  {"type": "json_schema", "schema": {"type": "object"}}]}
                """.replace("\n  ", " "));

        assertThat(set.name()).isEqualTo("demo");
        assertThat(set.cases()).extracting(GoldenCase::id).containsExactly("a", "b");
        assertThat(set.cases().get(1).checks()).extracting(Check::name).containsExactly("contains", "regex", "recall@5",
                "hit@3", "ndcg@10", "faithful", "judge", "max_latency", "max_cost", "json_schema");
        assertThat(set.cases().get(1).tags()).containsExactly("rag");
    }

    @Test
    void aBadLineFailsWithItsNumberAndWhatToFix() {
        assertThatThrownBy(() -> GoldenSet.parse("s", "{\"id\":\"a\",\"input\":\"x\"}\n{\"id\":\"b\",\"input\":\"y\","
                + "\"checks\":[{\"type\":\"bleu\"}]}"))
                .hasMessageContaining("s line 2").hasMessageContaining("unknown check type 'bleu'");
        assertThatThrownBy(() -> GoldenSet.parse("s", "{\"input\":\"x\"}")).hasMessageContaining("\"id\" is required");
        assertThatThrownBy(() -> GoldenSet.parse("s", "{\"id\":\"a\",\"input\":\"x\"}\n{\"id\":\"a\",\"input\":\"y\"}"))
                .hasMessageContaining("line 2").hasMessageContaining("used twice");
        assertThatThrownBy(() -> GoldenSet.parse("s", "{\"id\":\"a\",\"input\":\"x\",\"checks\":[{\"type\":\"hit\","
                + "\"k\":0}]}")).hasMessageContaining("positive whole number");
        assertThatThrownBy(() -> GoldenSet.parse("s", "{\"id\":\"a\"")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> GoldenSet.parse("s", "\n// only a comment\n")).hasMessageContaining("no cases");
    }
}
