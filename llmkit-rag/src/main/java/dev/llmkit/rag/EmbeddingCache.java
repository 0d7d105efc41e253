package dev.llmkit.rag;

import dev.llmkit.rag.internal.Hashing;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Embeddings already computed, keyed by embedding model + SHA-256 of the text, so re-ingestion and interrupted runs
 * never embed the same text twice. In memory, or persisted in an append-only file that survives a crash: a torn last
 * record is dropped on reopen. Thread-safe.
 */
public final class EmbeddingCache implements AutoCloseable {
    private final Map<String, float[]> entries = new ConcurrentHashMap<>();
    private final @Nullable Path file;
    private @Nullable DataOutputStream out;

    private EmbeddingCache(@Nullable Path file) {
        this.file = file;
    }

    /** A cache that lives as long as the object. */
    public static EmbeddingCache inMemory() {
        return new EmbeddingCache(null);
    }

    /** A cache persisted in {@code file}, loading what it already holds. */
    public static EmbeddingCache open(Path file) {
        EmbeddingCache cache = new EmbeddingCache(file);
        try {
            if (Files.exists(file)) {
                long good = cache.load(file);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    if (ch.size() > good) {
                        ch.truncate(good);
                    }
                }
            } else if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            cache.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the embedding cache " + file + ": " + e.getMessage(), e);
        }
        return cache;
    }

    private long load(Path path) throws IOException {
        long good = 0;
        try (InputStream raw = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            while (true) {
                try {
                    int keyLen = in.readInt();
                    if (keyLen <= 0 || keyLen > 4096) {
                        return good;
                    }
                    byte[] key = in.readNBytes(keyLen);
                    int dim = in.readInt();
                    if (key.length != keyLen || dim <= 0 || dim > 65536) {
                        return good;
                    }
                    float[] v = new float[dim];
                    for (int i = 0; i < dim; i++) {
                        v[i] = in.readFloat();
                    }
                    entries.put(new String(key, StandardCharsets.UTF_8), v);
                    good += 4 + keyLen + 4 + 4L * dim;
                } catch (EOFException e) {
                    return good;
                }
            }
        }
    }

    /** The key for a text under a model. */
    public static String key(String model, String text) {
        return model + ":" + Hashing.sha256(text);
    }

    /** The cached vector, or null. */
    public float @Nullable [] get(String key) {
        return entries.get(key);
    }

    /** Stores a vector (and appends it to the file, if persisted). */
    public void put(String key, float[] vector) {
        if (entries.putIfAbsent(key, vector) == null && file != null) {
            synchronized (this) {
                try {
                    byte[] k = key.getBytes(StandardCharsets.UTF_8);
                    DataOutputStream o = out;
                    if (o == null) {
                        return;
                    }
                    o.writeInt(k.length);
                    o.write(k);
                    o.writeInt(vector.length);
                    for (float f : vector) {
                        o.writeFloat(f);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write the embedding cache " + file, e);
                }
            }
        }
    }

    /** How many vectors are cached. */
    public int size() {
        return entries.size();
    }

    /** Writes buffered entries to the file. */
    public synchronized void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                out = null;
            }
        }
    }
}
