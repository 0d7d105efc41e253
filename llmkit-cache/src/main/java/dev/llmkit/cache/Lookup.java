package dev.llmkit.cache;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ContentPart;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.Message;
import dev.llmkit.api.UserMessage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one request looks up and stores under: the exact key (model, model version, tenant, prompt hash), the semantic
 * partition (the same without the last user turn) and the question; its embedding is computed once, when needed.
 */
final class Lookup {
    private static final Logger LOG = LoggerFactory.getLogger(Lookup.class);

    final String key;
    final @Nullable String partition;
    final String question;
    final String tenant;
    final boolean readable;
    private float @Nullable [] vector;
    private boolean embedded;

    Lookup(String key, @Nullable String partition, String question, String tenant, boolean readable) {
        this.key = key;
        this.partition = partition;
        this.question = question;
        this.tenant = tenant;
        this.readable = readable;
    }

    /** The question's embedding, computed once; null when the model failed (logged). */
    float @Nullable [] vector(@Nullable EmbeddingModel embedder) {
        if (!embedded && embedder != null) {
            embedded = true;
            try {
                vector = embedder.embed(question);
            } catch (RuntimeException e) {
                LOG.warn("The cache's embedding model failed; the semantic cache is skipped for this call", e);
            }
        }
        return vector;
    }

    /** Computes what a request looks up and stores under: its key, its semantic partition and its question. */
    static final class Keys {
        private final String modelName;
        private final String modelVersion;
        private final boolean semantic;
        private final boolean cacheSampled;
        /** The start of every key of a request without a tenant. */
        private final String untenanted;

        Keys(String modelName, String modelVersion, boolean semantic, boolean cacheSampled) {
            this.modelName = modelName;
            this.modelVersion = modelVersion;
            this.semantic = semantic;
            this.cacheSampled = cacheSampled;
            this.untenanted = scope("");
        }

        /** What one request looks up and stores under, or null when the cache must stay out of this call. */
        @Nullable Lookup prepare(ChatRequest request) {
            String control = request.attributes().get(ResponseCache.ATTR_CACHE_CONTROL);
            if (ResponseCache.CONTROL_OFF.equals(control)) {
                return null;
            }
            if (!cacheSampled && request.temperature().orElse(0.0) > 0.0) {
                return null;
            }
            String tenant = request.context().tenant().orElse("");
            String scope = tenant.isEmpty() ? untenanted : scope(tenant);
            String key = scope.concat(request.contentHash());
            List<Message> messages = request.messages();
            int last = messages.size() - 1;
            String question = "";
            String partition = null;
            if (semantic && last >= 0 && messages.get(last) instanceof UserMessage u && textOnly(u)) {
                question = u.text();
                List<Message> prefix = new ArrayList<>(messages);
                prefix.set(last, UserMessage.of("\u0000"));
                partition = scope + request.toBuilder().messages(prefix).build().contentHash();
            }
            return new Lookup(key, partition, question, tenant, !ResponseCache.CONTROL_REFRESH.equals(control));
        }

        private String scope(String tenant) {
            return modelName + "|" + modelVersion + "|" + tenant.length() + ":" + tenant + "|";
        }

        private static boolean textOnly(UserMessage u) {
            for (ContentPart p : u.parts()) {
                if (!(p instanceof ContentPart.Text)) {
                    return false;
                }
            }
            return !u.text().isBlank();
        }
    }
}
