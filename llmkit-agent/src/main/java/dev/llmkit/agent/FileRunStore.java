package dev.llmkit.agent;

import dev.llmkit.agent.internal.RunCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link RunStore} in a folder on local disk, one JSON file per run: a killed process loses nothing that was saved.
 * Each save writes a temporary file, forces it to disk, renames it over the run's file and forces the folder, so a
 * reader sees the previous checkpoint or the new one, never half of one, also after a power loss. Thread-safe for
 * distinct runs; one run is saved by one agent at a time.
 */
public final class FileRunStore implements RunStore {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final Path folder;

    private FileRunStore(Path folder) {
        this.folder = folder;
    }

    /**
     * A store in {@code folder}, created when absent.
     *
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static FileRunStore in(Path folder) {
        Objects.requireNonNull(folder, "folder");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the run store folder " + folder, e);
        }
        return new FileRunStore(folder);
    }

    private Path file(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("Run id '" + runId + "' is not usable as a file name: use 1 to 128"
                    + " letters, digits, '.', '_' or '-'");
        }
        return folder.resolve(runId + ".json");
    }

    @Override
    public void save(RunState state) {
        Path target = file(state.runId());
        Path tmp = folder.resolve(state.runId() + ".json.tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(RunCodec.write(state));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save run " + state.runId() + " to " + target, e);
        }
    }

    /** Makes the rename itself durable (it lives in the folder), where the platform allows opening a folder. */
    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open a folder as a channel; the file itself was forced before the rename
            org.slf4j.LoggerFactory.getLogger(FileRunStore.class).debug("cannot force the folder {}: {}", folder,
                    e.toString());
        }
    }

    @Override
    public Optional<RunState> load(String runId) {
        Path f = file(runId);
        try {
            return Optional.of(RunCodec.read(Files.readAllBytes(f)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read run " + runId + " from " + f + " (" + e.getMessage()
                    + "); delete the file to start the run afresh", e);
        }
    }

    @Override
    public void delete(String runId) {
        try {
            Files.deleteIfExists(file(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete run " + runId, e);
        }
    }

    @Override
    public String toString() {
        return "FileRunStore[" + folder + "]";
    }
}
