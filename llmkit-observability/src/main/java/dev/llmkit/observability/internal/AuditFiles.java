package dev.llmkit.observability.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The audit log's files: their names ({@code audit-YYYY-MM-DD[.N].jsonl}), listing and opening for append. */
public final class AuditFiles {
    private static final Pattern NAME = Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d+))?\\.jsonl");

    private AuditFiles() {}

    /** The audit files in {@code folder}, oldest first. */
    public static List<Path> files(Path folder) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "audit-*.jsonl")) {
            for (Path p : ds) {
                if (wellNamed(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the audit folder " + folder, e);
        }
        out.sort(Comparator.comparing((Path p) -> date(p)).thenComparingInt(AuditFiles::part));
        return out;
    }

    public static String date(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? m.group(1) : "";
    }

    public static int part(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
    }

    /** Whether {@code p}'s name is an audit file's with a real date and a part number that fits an int. */
    private static boolean wellNamed(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return false;
        }
        try {
            LocalDate.parse(m.group(1));
            if (m.group(2) != null) {
                Integer.parseInt(m.group(2));
            }
            return true;
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean endsMidLine(Path f) throws IOException {
        long size = Files.size(f);
        if (size == 0) {
            return false;
        }
        try (FileChannel r = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            r.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }

    /** Opens a file for appending, readable by its owner only where the file system knows POSIX permissions. */
    public static FileChannel open(Path folder, LocalDate date, int part) throws IOException {
        Path f = folder.resolve("audit-" + date + (part == 0 ? "" : "." + part) + ".jsonl");
        FileChannel ch;
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            ch = FileChannel.open(f, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } else {
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        try {
            if (endsMidLine(f)) {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'})); // end a line a failed write left half-written
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }
}
