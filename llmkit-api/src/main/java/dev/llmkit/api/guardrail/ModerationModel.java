package dev.llmkit.api.guardrail;

import dev.llmkit.api.error.LlmException;

/**
 * A content-moderation service: says whether a text falls into harmful categories (hate, harassment, self-harm,
 * sexual, violence, illicit, ...). Implemented over OpenAI-compatible {@code /v1/moderations} in
 * {@code llmkit-providers}; a guardrail chain uses it through a moderation guardrail. Implementations are thread-safe
 * and bound their waits.
 */
@FunctionalInterface
public interface ModerationModel {

    /**
     * Classifies {@code text}.
     *
     * @throws LlmException when the service fails or refuses
     */
    ModerationResult moderate(String text);
}
