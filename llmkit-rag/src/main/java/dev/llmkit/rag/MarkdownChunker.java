package dev.llmkit.rag;

import dev.llmkit.api.TokenCounter;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.Document;
import dev.llmkit.rag.internal.Hashing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A structure-aware splitter: it cuts Markdown at headings, then packs whole paragraphs (and whole fenced code blocks)
 * into chunks of at most {@link Builder#maxTokens(int)} tokens. A paragraph longer than the budget is split by a
 * {@link TokenWindowChunker}. Each chunk starts with its heading path (e.g. {@code Retry > Rate limits}) so it reads
 * on its own, and carries it as {@code heading} metadata. Plain text is simply paragraphs without headings.
 *
 * <p>Chunk ids are {@code documentId#position-hash} with a content hash, stable across re-ingestion.
 */
public final class MarkdownChunker implements Chunker {
    /** Default budget per chunk. */
    public static final int DEFAULT_MAX_TOKENS = 256;

    private final int maxTokens;
    private final TokenCounter counter;
    private final TokenWindowChunker fallback;

    private MarkdownChunker(Builder b) {
        this.maxTokens = b.maxTokens;
        this.counter = b.counter;
        this.fallback = TokenWindowChunker.builder().windowTokens(maxTokens).overlapTokens(maxTokens / 8).build();
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Chunk> chunk(Document document) {
        List<Section> sections = sections(document.text());
        List<String> texts = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        for (Section s : sections) {
            String prefix = s.heading.isEmpty() ? "" : s.heading + "\n\n";
            StringBuilder current = new StringBuilder();
            for (String block : s.blocks) {
                String candidate = current.length() == 0 ? block : current + "\n\n" + block;
                if (counter.count(prefix + candidate) <= maxTokens) {
                    current.setLength(0);
                    current.append(candidate);
                    continue;
                }
                if (current.length() > 0) {
                    texts.add(prefix + current);
                    headings.add(s.heading);
                    current.setLength(0);
                }
                if (counter.count(prefix + block) <= maxTokens) {
                    current.append(block);
                } else {
                    for (String piece : fallback.windows(block)) {
                        texts.add(prefix + piece);
                        headings.add(s.heading);
                    }
                }
            }
            if (current.length() > 0) {
                texts.add(prefix + current);
                headings.add(s.heading);
            }
        }
        List<Chunk> chunks = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Map<String, String> meta = new LinkedHashMap<>(document.metadata());
            if (!headings.get(i).isEmpty()) {
                meta.put("heading", headings.get(i));
            }
            chunks.add(new Chunk(chunkId(document.id(), i, texts.get(i)), document.id(), texts.get(i),
                    document.source(), i, meta));
        }
        return chunks;
    }

    /** A stable chunk id: document id, position and a content hash. */
    static String chunkId(String documentId, int position, String text) {
        return documentId + "#" + position + "-" + Hashing.sha256(text).substring(0, 12);
    }

    private record Section(String heading, List<String> blocks) {
    }

    private static List<Section> sections(String text) {
        List<Section> out = new ArrayList<>();
        String[] path = new String[7];
        List<String> blocks = new ArrayList<>();
        String heading = "";
        StringBuilder para = new StringBuilder();
        boolean inFence = false;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
                inFence = !inFence;
                para.append(line).append('\n');
                if (!inFence) {
                    flush(para, blocks);
                }
                continue;
            }
            if (inFence) {
                para.append(line).append('\n');
                continue;
            }
            int level = headingLevel(trimmed);
            if (level > 0) {
                flush(para, blocks);
                if (!blocks.isEmpty()) {
                    out.add(new Section(heading, blocks));
                    blocks = new ArrayList<>();
                }
                path[level] = trimmed.substring(level).strip();
                for (int i = level + 1; i < path.length; i++) {
                    path[i] = null;
                }
                List<String> parts = new ArrayList<>();
                for (int i = 1; i < path.length; i++) {
                    if (path[i] != null && !path[i].isEmpty()) {
                        parts.add(path[i]);
                    }
                }
                heading = String.join(" > ", parts);
                continue;
            }
            if (trimmed.isEmpty()) {
                flush(para, blocks);
            } else {
                para.append(line).append('\n');
            }
        }
        flush(para, blocks);
        if (!blocks.isEmpty()) {
            out.add(new Section(heading, blocks));
        }
        return out;
    }

    private static int headingLevel(String line) {
        int n = 0;
        while (n < line.length() && n < 7 && line.charAt(n) == '#') {
            n++;
        }
        return n >= 1 && n <= 6 && line.length() > n && line.charAt(n) == ' ' ? n : 0;
    }

    private static void flush(StringBuilder para, List<String> blocks) {
        String s = para.toString().strip();
        if (!s.isEmpty()) {
            blocks.add(s);
        }
        para.setLength(0);
    }

    /** Builds a {@link MarkdownChunker}. */
    public static final class Builder {
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private TokenCounter counter = TokenCounter.estimator();

        private Builder() {}

        /** The most tokens per chunk, at least 16; default {@value #DEFAULT_MAX_TOKENS}. */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 16) {
                throw new IllegalArgumentException("maxTokens must be at least 16, got " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /** How tokens are counted; default {@link TokenCounter#estimator()}. */
        public Builder tokenCounter(TokenCounter counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /** Builds the chunker. */
        public MarkdownChunker build() {
            return new MarkdownChunker(this);
        }
    }
}
