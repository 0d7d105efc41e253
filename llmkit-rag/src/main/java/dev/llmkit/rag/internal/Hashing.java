package dev.llmkit.rag.internal;

import dev.llmkit.api.rag.Document;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 helpers for content hashes and stable ids. */
public final class Hashing {
    private Hashing() {}

    /** The SHA-256 of the UTF-8 text, as hex. */
    public static String sha256(String text) {
        MessageDigest md = digest();
        return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The content hash of a document: SHA-256 over a canonical encoding of its text, source and metadata (keys
     * sorted, every string length-prefixed), so the same document hashes the same in every JVM, whatever the
     * iteration order of its metadata map.
     */
    public static String contentHash(Document doc) {
        MessageDigest md = digest();
        update(md, "llmkit-document-v1");
        update(md, doc.text());
        update(md, doc.source());
        Map<String, String> sorted = new TreeMap<>(doc.metadata());
        md.update(ByteBuffer.allocate(4).putInt(sorted.size()).array());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            update(md, e.getKey());
            update(md, e.getValue());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        md.update(bytes);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
