package dev.llmkit.documents;

import dev.llmkit.api.rag.DocumentParser.Unreadable;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Optical character recognition through the Tesseract command line, for scanned pages that have no text layer. It runs
 * {@code tesseract} as a separate process per page, bounded by a time limit and stopped when the parsing thread is
 * interrupted, so a stuck page never outlives the ingest's per-file timeout. Tesseract runs with one thread
 * ({@code OMP_THREAD_LIMIT=1}): a dense 300-dpi page takes a few seconds, so a long scan needs a per-file time limit to
 * match ({@code FolderLoader.Builder.limits}).
 *
 * <p>{@link #fromEnvironment()} uses {@code tesseract} from the {@code PATH} (or {@code LLMKIT_TESSERACT}) and the
 * language from {@code LLMKIT_OCR_LANG} (default {@code eng}; several as {@code eng+deu}). On Debian:
 * {@code apt-get install tesseract-ocr} and, for other languages, {@code tesseract-ocr-deu} and so on. Immutable and
 * thread-safe.
 */
public final class Ocr {
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z_][A-Za-z_/-]*(\\+[A-Za-z_][A-Za-z_/-]*)*");
    /** The longest one page may take by default. */
    public static final Duration DEFAULT_PAGE_TIMEOUT = Duration.ofSeconds(60);

    private final String command;
    private final String language;
    private final Duration pageTimeout;
    private volatile Boolean available;
    private final String problem;

    private Ocr(String command, String language, Duration pageTimeout, String problem) {
        this.command = command;
        this.language = language;
        this.pageTimeout = pageTimeout;
        this.problem = problem;
        this.available = Boolean.FALSE;
    }

    private Ocr(String command, String language, Duration pageTimeout) {
        this.problem = null;
        this.command = Objects.requireNonNull(command, "command");
        if (!LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("OCR language '" + language + "' is not a Tesseract language code such"
                    + " as 'eng' or 'eng+deu'");
        }
        if (pageTimeout.isNegative() || pageTimeout.isZero()) {
            throw new IllegalArgumentException("pageTimeout must be positive, was " + pageTimeout);
        }
        this.language = language;
        this.pageTimeout = pageTimeout;
    }

    /** Tesseract as {@code command} (a name on the {@code PATH} or a path), reading {@code language}. */
    public static Ocr tesseract(String command, String language, Duration pageTimeout) {
        return new Ocr(command, language, pageTimeout);
    }

    /** Tesseract as the environment says ({@code LLMKIT_TESSERACT}, {@code LLMKIT_OCR_LANG}), else the defaults. */
    public static Ocr fromEnvironment() {
        String cmd = System.getenv().getOrDefault("LLMKIT_TESSERACT", "tesseract");
        String lang = System.getenv().getOrDefault("LLMKIT_OCR_LANG", "eng");
        String command = cmd.isBlank() ? "tesseract" : cmd;
        if (!lang.isBlank() && !LANGUAGE.matcher(lang).matches()) {
            // a bad setting turns OCR off with the reason, rather than failing every folder load
            return new Ocr(command, "eng", DEFAULT_PAGE_TIMEOUT, "LLMKIT_OCR_LANG='" + lang + "' is not a Tesseract"
                    + " language code such as 'eng' or 'eng+deu'; fix it to enable OCR");
        }
        return new Ocr(command, lang.isBlank() ? "eng" : lang, DEFAULT_PAGE_TIMEOUT);
    }

    /** The language it reads. */
    public String language() {
        return language;
    }

    /** Whether the Tesseract command runs here; checked once. */
    public boolean available() {
        Boolean a = available;
        if (a == null) {
            a = probe();
            if (a != null) {
                available = a;
            }
        }
        return Boolean.TRUE.equals(a);
    }

    /** Why OCR cannot run and how to enable it, for skipped-file reports. */
    public String howToEnable() {
        if (problem != null) {
            return problem;
        }
        return "OCR needs Tesseract, which was not found as '" + command + "': install it (Debian: apt-get install"
                + " tesseract-ocr) or set LLMKIT_TESSERACT to its path";
    }

    /** Whether Tesseract runs; null when that could not be told this time (timed out, interrupted). */
    private Boolean probe() {
        Process p;
        try {
            p = new ProcessBuilder(command, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return false;
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                return null;
            }
            return p.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * The text Tesseract reads in {@code image}.
     *
     * @throws Unreadable when Tesseract fails, times out or is interrupted, saying which
     */
    public String read(BufferedImage image) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("llmkit-ocr");
            Path png = dir.resolve("page.png");
            ImageIO.write(image, "png", png.toFile());
            Path out = dir.resolve("page");
            Path log = dir.resolve("tesseract.log");
            ProcessBuilder pb = new ProcessBuilder(List.of(command, png.toString(), out.toString(), "-l", language))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // Tesseract's OpenMP threads contend badly on few cores: one thread was 6x faster on a 2-core machine
            pb.environment().put("OMP_THREAD_LIMIT", "1");
            Process p = pb.start();
            try {
                if (!p.waitFor(pageTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new Unreadable("has a scanned page that OCR did not finish within " + pageTimeout.toSeconds()
                            + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unreadable("parsing was stopped during OCR", e);
            } finally {
                p.destroyForcibly();
            }
            if (p.exitValue() != 0) {
                String said = Files.readString(log, StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.isBlank()).reduce((x, y) -> y).orElse("no message");
                throw new Unreadable("has a scanned page Tesseract could not read (exit " + p.exitValue() + ": "
                        + said.strip() + ")");
            }
            return Files.readString(dir.resolve("page.txt"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new Unreadable("has a scanned page that could not be passed to OCR (" + e.getMessage() + ")", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind is cleaned by the system; the page's result stands
        }
    }

    @Override
    public String toString() {
        return "Ocr[tesseract=" + command + ", language=" + language + "]";
    }
}
