package dev.llmkit.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.api.Scheduler;
import dev.llmkit.api.error.ErrorInfo;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.providers.internal.HttpErrors;
import dev.llmkit.providers.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Reads one {@code /v1/embeddings} response: the vectors put back in input order by their {@code index}, each checked
 * against the configured dimension, and {@code usage}; an error status becomes the typed {@link LlmException}.
 */
final class OpenAiCompatibleEmbeddingDecoder {
    private final String provider;
    private final int dimension;
    private final @Nullable String apiKey;
    private final Scheduler scheduler;

    OpenAiCompatibleEmbeddingDecoder(String provider, int dimension, @Nullable String apiKey, Scheduler scheduler) {
        this.provider = provider;
        this.dimension = dimension;
        this.apiKey = apiKey;
        this.scheduler = scheduler;
    }

    /** One response's vectors, in input order, and its usage ({@code tokens} is -1 when the response had none). */
    record Batch(List<float[]> vectors, long tokens) {
    }

    /**
     * Decodes the response to a request of {@code count} texts.
     *
     * @throws LlmException for an error status (typed by {@link HttpErrors}) or a response that does not fit the
     *     request
     * @throws IOException when the body cannot be read
     */
    Batch decode(Response response, int count) throws IOException {
        String text = response.body().string();
        if (!response.isSuccessful()) {
            throw HttpErrors.fromResponse(provider, response.code(), response.headers(), text, scheduler.now(), apiKey);
        }
        JsonNode root = Json.parse(text);
        JsonNode data = root.path("data");
        float[][] vectors = new float[count][];
        int position = 0;
        for (JsonNode item : data) {
            int index = item.path("index").asInt(position++);
            if (index < 0 || index >= vectors.length) {
                throw new LlmException(provider + " returned embedding index " + index + " for " + count
                        + " inputs", null, false, ErrorInfo.builder().provider(provider).build());
            }
            JsonNode emb = item.path("embedding");
            float[] v = new float[emb.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) emb.get(i).asDouble();
            }
            if (v.length != dimension) {
                throw new LlmException(provider + " returned " + v.length + "-dimensional embeddings but the model"
                        + " was configured with dimension " + dimension + "; fix .dimension(...)", null, false,
                        ErrorInfo.builder().provider(provider).build());
            }
            vectors[index] = v;
        }
        List<float[]> out = new ArrayList<>(count);
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i] == null) {
                throw new LlmException(provider + " returned no embedding for input " + i, null, false,
                        ErrorInfo.builder().provider(provider).build());
            }
            out.add(vectors[i]);
        }
        return new Batch(out, tokens(root.path("usage")));
    }

    /** {@code prompt_tokens}, else {@code total_tokens} (the same for embeddings), else -1 for "not reported". */
    private static long tokens(JsonNode usage) {
        JsonNode n = usage.path("prompt_tokens");
        if (!n.canConvertToLong()) {
            n = usage.path("total_tokens");
        }
        return n.canConvertToLong() && n.asLong() >= 0 ? n.asLong() : -1;
    }
}
