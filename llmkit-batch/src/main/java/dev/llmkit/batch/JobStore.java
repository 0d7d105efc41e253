package dev.llmkit.batch;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jobs and their items in one SQLite file. Each finished item is written in its own transaction together with its
 * output, so after a killed process every item is either finished (and never sent again) or still pending. The
 * database runs in WAL mode, durable against a killed process. Thread-safe: one connection, used by one thread at a
 * time.
 */
public final class JobStore implements AutoCloseable {
    private final Connection db;
    private final Path file;

    private JobStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (creating if absent) the job store in {@code file}. */
    public static JobStore open(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                schema(s);
            } catch (SQLException e) {
                try {
                    db.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return new JobStore(file, db);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the job store " + file + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("Cannot create the folder of " + file + ": " + e.getMessage(), e);
        }
    }

    private static void schema(Statement s) throws SQLException {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, name TEXT NOT NULL, priority INTEGER NOT NULL, "
                + "state TEXT NOT NULL, budget REAL, spent REAL NOT NULL DEFAULT 0, created INTEGER NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS items (job TEXT NOT NULL, idx INTEGER NOT NULL, input TEXT NOT NULL, "
                + "status TEXT NOT NULL, output TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0, "
                + "input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0, "
                + "cost REAL NOT NULL DEFAULT 0, PRIMARY KEY (job, idx))");
        // finding a job's pending items stays cheap however many are done
        s.execute("CREATE INDEX IF NOT EXISTS items_by_status ON items (job, status)");
    }

    /** An item of a job. */
    record Item(String job, int index, String input, int attempts) {}

    /** A finished or failed item. */
    public record Result(int index, String input, Optional<String> output, Optional<String> error) {}

    /** Records a new job and its items, all pending. */
    synchronized void create(String id, String name, int priority, @org.jspecify.annotations.Nullable Double budget,
            List<String> inputs) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement job = db.prepareStatement(
                    "INSERT INTO jobs (id, name, priority, state, budget, created) VALUES (?, ?, ?, 'RUNNING', ?, ?)");
                    PreparedStatement item = db.prepareStatement(
                            "INSERT INTO items (job, idx, input, status) VALUES (?, ?, ?, 'PENDING')")) {
                job.setString(1, id);
                job.setString(2, name);
                job.setInt(3, priority);
                if (budget == null) {
                    job.setNull(4, java.sql.Types.REAL);
                } else {
                    job.setDouble(4, budget);
                }
                job.setLong(5, System.currentTimeMillis());
                job.executeUpdate();
                for (int i = 0; i < inputs.size(); i++) {
                    item.setString(1, id);
                    item.setInt(2, i);
                    item.setString(3, inputs.get(i));
                    item.addBatch();
                }
                item.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly(e);
            throw failure("create job " + id, e);
        } finally {
            autoCommit();
        }
    }

    /** Whether a job with this id exists. */
    synchronized boolean exists(String id) {
        return queryInt("SELECT COUNT(*) FROM jobs WHERE id = ?", id) > 0;
    }

    /** The pending items of running jobs, by job priority (highest first), then job age, then index. */
    synchronized List<Item> pendingItems() {
        List<Item> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT i.job, i.idx, i.input, i.attempts FROM items i JOIN "
                + "jobs j ON j.id = i.job WHERE i.status = 'PENDING' AND j.state = 'RUNNING' "
                + "ORDER BY j.priority DESC, j.created, i.idx")) {
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Item(r.getString(1), r.getInt(2), r.getString(3), r.getInt(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("list pending items", e);
        }
    }

    /** The job's priority. */
    synchronized int priority(String id) {
        return queryInt("SELECT priority FROM jobs WHERE id = ?", id);
    }

    /**
     * Records an item's answer, unless it is already finished; returns whether it was recorded (false for a
     * duplicate). The job's spend is checked against its budget in the same transaction.
     */
    synchronized boolean complete(String job, int index, String output, long inputTokens, long outputTokens,
            double cost) {
        try {
            db.setAutoCommit(false);
            int n;
            try (PreparedStatement s = db.prepareStatement("UPDATE items SET status = 'DONE', output = ?, "
                    + "input_tokens = ?, output_tokens = ?, cost = ?, attempts = attempts + 1 "
                    + "WHERE job = ? AND idx = ? AND status = 'PENDING'")) {
                s.setString(1, output);
                s.setLong(2, inputTokens);
                s.setLong(3, outputTokens);
                s.setDouble(4, cost);
                s.setString(5, job);
                s.setInt(6, index);
                n = s.executeUpdate();
            }
            if (n == 1 && cost > 0) {
                try (PreparedStatement s = db.prepareStatement("UPDATE jobs SET spent = spent + ?, state = CASE WHEN "
                        + "state = 'RUNNING' AND budget IS NOT NULL AND spent + ? >= budget THEN 'BUDGET_EXCEEDED' "
                        + "ELSE state END WHERE id = ?")) {
                    s.setDouble(1, cost);
                    s.setDouble(2, cost);
                    s.setString(3, job);
                    s.executeUpdate();
                }
            }
            finishIfDone(job);
            db.commit();
            return n == 1;
        } catch (SQLException e) {
            rollbackQuietly(e);
            throw failure("record item " + index + " of job " + job, e);
        } finally {
            autoCommit();
        }
    }

    /** Records that an item failed for good. */
    synchronized void fail(String job, int index, String error) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement s = db.prepareStatement("UPDATE items SET status = 'FAILED', error = ?, "
                    + "attempts = attempts + 1 WHERE job = ? AND idx = ? AND status = 'PENDING'")) {
                s.setString(1, error);
                s.setString(2, job);
                s.setInt(3, index);
                s.executeUpdate();
            }
            finishIfDone(job);
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly(e);
            throw failure("record the failure of item " + index + " of job " + job, e);
        } finally {
            autoCommit();
        }
    }

    private void finishIfDone(String job) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("UPDATE jobs SET state = 'FINISHED' WHERE id = ? AND state = "
                + "'RUNNING' AND NOT EXISTS (SELECT 1 FROM items WHERE job = ? AND status = 'PENDING')")) {
            s.setString(1, job);
            s.setString(2, job);
            s.executeUpdate();
        }
    }

    /** Marks a running job cancelled; returns whether it was running. */
    synchronized boolean cancel(String job) {
        try (PreparedStatement s = db.prepareStatement(
                "UPDATE jobs SET state = 'CANCELLED' WHERE id = ? AND state = 'RUNNING'")) {
            s.setString(1, job);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("cancel job " + job, e);
        }
    }

    /** Whether the item is still pending in a running job (so it may be sent to the model). */
    synchronized boolean runnable(String job, int index) {
        try (PreparedStatement s = db.prepareStatement("SELECT 1 FROM items i JOIN jobs j ON j.id = i.job WHERE "
                + "i.job = ? AND i.idx = ? AND i.status = 'PENDING' AND j.state = 'RUNNING'")) {
            s.setString(1, job);
            s.setInt(2, index);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw failure("check item " + index + " of job " + job, e);
        }
    }

    /** Whether the job still runs items. */
    synchronized boolean running(String job) {
        return "RUNNING".equals(queryString("SELECT state FROM jobs WHERE id = ?", job));
    }

    /** The job's status, if it exists. */
    public synchronized Optional<JobStatus> status(String job) {
        String state = queryString("SELECT state FROM jobs WHERE id = ?", job);
        if (state == null) {
            return Optional.empty();
        }
        try (PreparedStatement s = db.prepareStatement("SELECT COUNT(*), SUM(status = 'DONE'), SUM(status = 'FAILED'),"
                + " SUM(input_tokens), SUM(output_tokens), SUM(cost) FROM items WHERE job = ?")) {
            s.setString(1, job);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return Optional.of(new JobStatus(job, JobStatus.State.valueOf(state), r.getInt(1), r.getInt(2),
                        r.getInt(3), r.getLong(4), r.getLong(5), r.getDouble(6)));
            }
        } catch (SQLException e) {
            throw failure("read the status of job " + job, e);
        }
    }

    /** The job's finished and failed items, by index. */
    public synchronized List<Result> results(String job) {
        List<Result> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT idx, input, output, error FROM items WHERE job = ? AND "
                + "status != 'PENDING' ORDER BY idx")) {
            s.setString(1, job);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Result(r.getInt(1), r.getString(2), Optional.ofNullable(r.getString(3)),
                            Optional.ofNullable(r.getString(4))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the results of job " + job, e);
        }
    }

    private int queryInt(String sql, String arg) {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private @org.jspecify.annotations.Nullable String queryString(String sql, String arg) {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private void rollbackQuietly(SQLException cause) {
        try {
            db.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            throw failure("reset auto-commit", e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("The job store " + file + " could not " + what + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }
}
