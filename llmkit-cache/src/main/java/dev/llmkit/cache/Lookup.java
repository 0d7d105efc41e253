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
 * partition (the same without the last user turn) and the question. The partition and the embedding are computed
 * once, when needed: an exact hit needs neither.
 */
final class Lookup {
    private static final Logger LOG = LoggerFactory.getLogger(Lookup.class);

    final String key;
    final String question;
    final String tenant;
    final boolean readable;
    /** The request and its key's scope, when the semantic cache applies to it; null otherwise. */
    private final @Nullable ChatRequest semanticRequest;
    private final String scope;
    private @Nullable String partition;
    private float @Nullable [] vector;
    private boolean embedded;

    Lookup(String key, String scope, @Nullable ChatRequest semanticRequest, String question, String tenant,
            boolean readable) {
        this.key = key;
        this.scope = scope;
        this.semanticRequest = semanticRequest;
        this.question = question;
        this.tenant = tenant;
        this.readable = readable;
    }

    /** Whether the semantic cache applies: a text-only last user turn and an embedding model. */
    boolean semantic() {
        return semanticRequest != null;
    }

    /**
     * The semantic partition: the scope and the hash of the prompt with the last user turn blanked, so that a hit
     * needs the same system prompt, tools, parameters and earlier turns. Computed once; only for {@link #semantic()}.
     */
    String partition() {
        ChatRequest request = semanticRequest;
        if (request == null) {
            throw new IllegalStateException("no semantic partition for a request the semantic cache does not apply to");
        }
        String p = partition;
        if (p == null) {
            List<Message> prefix = new ArrayList<>(request.messages());
            prefix.set(prefix.size() - 1, UserMessage.of("\u0000"));
            p = scope + request.toBuilder().messages(prefix).build().contentHash();
            partition = p;
        }
        return p;
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
            boolean applies = semantic && last >= 0 && messages.get(last) instanceof UserMessage u && textOnly(u);
            String question = applies ? ((UserMessage) messages.get(last)).text() : "";
            return new Lookup(key, scope, applies ? request : null, question, tenant,
                    !ResponseCache.CONTROL_REFRESH.equals(control));
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
