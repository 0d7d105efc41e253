package dev.llmkit.examples.cli;

/** A failure the CLI reports in one line with an exit code: 1 for a failed run, 2 for bad usage. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** A failure with its exit code and a message that says what to do. */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** 1 or 2. */
    public int exitCode() {
        return exitCode;
    }
}
