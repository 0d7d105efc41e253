package dev.llmkit.eval;

import dev.llmkit.api.ChatModel;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a run hands its checks.
 *
 * @param judge the model LLM-as-judge checks ask, if the run has one
 */
public record EvalContext(@Nullable ChatModel judge) {
    /** The judge model, if any. */
    public Optional<ChatModel> judgeModel() {
        return Optional.ofNullable(judge);
    }
}
