package dev.llmkit.rag;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmkit.api.EmbeddingModel;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.rag.internal.Hashing;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Embeddings already computed, keyed by the embedding model's full identity and the SHA-256 of the text (see
 * {@link #key(EmbeddingModel, String)}), so re-ingestion and interrupted runs never embed the same text twice.
 *
 * <p>Two tiers. In memory, a bounded Caffeine cache holds at most {@link #DEFAULT_MAX_BYTES} of vectors by default
 * (least recently used entries are evicted). Persisted ({@link #open(Path)}), every vector is also appended to a file
 * that survives a crash (a torn last record is dropped on reopen); only each entry's file offset is kept in memory, so
 * an evicted vector is read back from the file, never re-embedded; a record read back is checked against its key
 * (a mismatch is a miss). One instance at a time may open a file: it holds the file's lock until {@link #close()}, and
 * another {@link #open(Path)} of it, in this or another process, fails with {@link EmbeddingCacheInUseException}.
 * Thread-safe.
 */
public final class EmbeddingCache implements AutoCloseable {
    /** The default bound of the in-memory tier: 128 MiB of vectors (about 85,000 of 384 dimensions). */
    public static final long DEFAULT_MAX_BYTES = 128L * 1024 * 1024;

    private final Cache<String, float[]> memory;
    private final Map<String, Long> offsets = new ConcurrentHashMap<>();
    private final @Nullable Path file;
    private @Nullable FileChannel channel;
    private long end;

    private EmbeddingCache(@Nullable Path file, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.file = file;
        this.memory = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .<String, float[]>weigher((k, v) -> 64 + 2 * k.length() + 4 * v.length)
                .build();
    }

    /** A cache in memory only, bounded to {@link #DEFAULT_MAX_BYTES}; it lives as long as the object. */
    public static EmbeddingCache inMemory() {
        return inMemory(DEFAULT_MAX_BYTES);
    }

    /** A cache in memory only, holding at most about {@code maxBytes} of vectors. */
    public static EmbeddingCache inMemory(long maxBytes) {
        return new EmbeddingCache(null, maxBytes);
    }

    /** A cache persisted in {@code file}, with an in-memory tier of {@link #DEFAULT_MAX_BYTES}. */
    public static EmbeddingCache open(Path file) {
        return open(file, DEFAULT_MAX_BYTES);
    }

    /**
     * A cache persisted in {@code file} (created if absent), indexing what it already holds, with an in-memory tier of
     * at most about {@code maxBytes}.
     *
     * @throws EmbeddingCacheInUseException when another open cache, in this or another process, holds the file
     */
    public static EmbeddingCache open(Path file, long maxBytes) {
        EmbeddingCache cache = new EmbeddingCache(file, maxBytes);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                lock(ch, file);
                long good = cache.load(file);
                if (ch.size() > good) {
                    ch.truncate(good);
                }
                cache.channel = ch;
                cache.end = good;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the embedding cache " + file + ": " + e.getMessage(), e);
        }
        return cache;
    }

    /** Takes the file's lock (released when the channel closes), so one cache at a time appends to the file. */
    private static void lock(FileChannel ch, Path file) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new EmbeddingCacheInUseException(file, e);
        }
        if (lock == null) {
            throw new EmbeddingCacheInUseException(file, null);
        }
    }

    private long load(Path path) throws IOException {
        long good = 0;
        try (InputStream raw = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
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
                    long vectorBytes = 4L * dim;
                    in.skipNBytes(vectorBytes);
                    offsets.put(new String(key, StandardCharsets.UTF_8), good);
                    good += 4 + keyLen + 4 + vectorBytes;
                } catch (EOFException e) {
                    return good;
                }
            }
        }
    }

    /**
     * The identity of an embedding model for cache keys: provider, model name, dimension and the implementing class's
     * full name. A model whose revision or options change its vectors must say so in its {@link ModelInfo#model()}
     * (e.g. {@code bge-small-en-v1.5@rev2-q8}), or the caller passes its own identity to {@link #key(String, String)}.
     */
    public static String identity(EmbeddingModel model) {
        ModelInfo info = model.info();
        return info.provider() + "/" + info.model() + "/" + model.dimension() + "/" + model.getClass().getName();
    }

    /** The key for a text under a model, from the model's {@link #identity(EmbeddingModel) identity}. */
    public static String key(EmbeddingModel model, String text) {
        return key(identity(model), text);
    }

    /**
     * The key for a text under a model identity chosen by the caller; it must change whenever the vectors would
     * (model name, revision, dimension, options).
     */
    public static String key(String modelIdentity, String text) {
        return modelIdentity + ":" + Hashing.sha256(text);
    }

    /** The cached vector, or null. */
    public float @Nullable [] get(String key) {
        float[] v = memory.getIfPresent(key);
        if (v != null) {
            return v;
        }
        Long offset = offsets.get(key);
        if (offset == null) {
            return null;
        }
        v = read(offset, key);
        if (v == null) {
            offsets.remove(key, offset);
            return null;
        }
        memory.put(key, v);
        return v;
    }

    /** The vector stored at {@code offset}, or null when the record there is not {@code key}'s. */
    private float @Nullable [] read(long offset, String key) {
        FileChannel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("The embedding cache " + file + " is closed");
        }
        try {
            ByteBuffer head = ByteBuffer.allocate(4);
            readFully(ch, head, offset);
            int keyLen = head.flip().getInt();
            byte[] expected = key.getBytes(StandardCharsets.UTF_8);
            if (keyLen != expected.length || offset + 8 + keyLen > ch.size()) {
                return null;
            }
            ByteBuffer stored = ByteBuffer.allocate(keyLen + 4);
            readFully(ch, stored, offset + 4);
            stored.flip();
            if (!stored.slice(0, keyLen).equals(ByteBuffer.wrap(expected))) {
                return null;
            }
            int dim = stored.getInt(keyLen);
            if (dim <= 0 || dim > 65536) {
                return null;
            }
            ByteBuffer body = ByteBuffer.allocate(4 * dim);
            readFully(ch, body, offset + 8 + keyLen);
            float[] v = new float[dim];
            body.flip().asFloatBuffer().get(v);
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedding cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new EOFException("unexpected end of the embedding cache at " + p);
            }
            p += n;
        }
    }

    /** Stores a vector (and appends it to the file, if persisted, unless the file already holds the key). */
    public void put(String key, float[] vector) {
        memory.put(key, vector);
        if (file == null || offsets.containsKey(key)) {
            return;
        }
        synchronized (this) {
            FileChannel ch = channel;
            if (ch == null || offsets.containsKey(key)) {
                return;
            }
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            ByteBuffer record = ByteBuffer.allocate(8 + k.length + 4 * vector.length);
            record.putInt(k.length).put(k).putInt(vector.length);
            record.asFloatBuffer().put(vector);
            record.position(record.limit());
            record.flip();
            try {
                long p = end;
                while (record.hasRemaining()) {
                    p += ch.write(record, p);
                }
                offsets.put(key, end);
                end = p;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the embedding cache " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** How many vectors are cached: on file when persisted, else in memory. */
    public int size() {
        return file != null ? offsets.size() : (int) memory.estimatedSize();
    }

    /** Forces written entries to the storage device (they are written to the file as they are put). */
    public synchronized void flush() {
        FileChannel ch = channel;
        if (ch != null) {
            try {
                ch.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot flush the embedding cache " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Flushes and closes the file; the in-memory tier is dropped. */
    @Override
    public synchronized void close() {
        FileChannel ch = channel;
        channel = null;
        memory.invalidateAll();
        if (ch != null) {
            try (ch) {
                ch.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the embedding cache " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** A view of this cache for tests: whether a key's vector is held in memory right now. */
    boolean inMemoryTier(String key) {
        return memory.getIfPresent(key) != null;
    }
}
