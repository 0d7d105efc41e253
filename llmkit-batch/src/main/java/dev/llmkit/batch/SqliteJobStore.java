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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Jobs and their items in one SQLite file ({@link JobStore#open(Path)}). Each finished item is written in its own
 * transaction together with its output, so after a killed process every item is either finished (and never sent
 * again) or still pending. The database runs in WAL mode, durable against a killed process. Thread-safe: one
 * connection, used by one thread at a time.
 */
final class SqliteJobStore implements JobStore {
    private final Connection db;
    private final Path file;

    private SqliteJobStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    static SqliteJobStore open(Path file) {
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
            return new SqliteJobStore(file, db);
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
        // remote jobs came later: a store file written before them gains the columns
        if (!columns(s, "jobs").contains("remote")) {
            s.execute("ALTER TABLE jobs ADD COLUMN remote INTEGER NOT NULL DEFAULT 0");
            s.execute("ALTER TABLE jobs ADD COLUMN remote_id TEXT");
            s.execute("ALTER TABLE jobs ADD COLUMN collected INTEGER NOT NULL DEFAULT 0");
        }
        s.execute("CREATE TABLE IF NOT EXISTS items (job TEXT NOT NULL, idx INTEGER NOT NULL, input TEXT NOT NULL, "
                + "status TEXT NOT NULL, output TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0, "
                + "input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0, "
                + "cost REAL NOT NULL DEFAULT 0, PRIMARY KEY (job, idx))");
        if (!columns(s, "items").contains("lease_owner")) { // leases came later too
            s.execute("ALTER TABLE items ADD COLUMN lease_owner TEXT");
            s.execute("ALTER TABLE items ADD COLUMN lease_until INTEGER");
        }
        // finding a job's pending items stays cheap however many are done
        s.execute("CREATE INDEX IF NOT EXISTS items_by_status ON items (job, status)");
    }

    private static Set<String> columns(Statement s, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) {
                columns.add(r.getString("name"));
            }
        }
        return columns;
    }

    /** Work done in one transaction. */
    private interface Tx<T> {
        T run() throws SQLException;
    }

    private synchronized <T> T transaction(String what, Tx<T> work) {
        RuntimeException failed = null;
        try {
            db.setAutoCommit(false);
            T result = work.run();
            db.commit();
            return result;
        } catch (SQLException e) {
            failed = failure(what, e);
            throw failed;
        } catch (RuntimeException e) {
            failed = e;
            throw e;
        } finally {
            if (failed != null) {
                try {
                    db.rollback();
                } catch (SQLException rollback) {
                    failed.addSuppressed(rollback);
                }
            }
            try {
                db.setAutoCommit(true);
            } catch (SQLException e) {
                if (failed != null) {
                    failed.addSuppressed(e);
                } else {
                    throw failure("reset auto-commit", e);
                }
            }
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(sql, args)) {
            return s.executeUpdate();
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement s = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }

    /** Runs a query, mapping each row. */
    private interface Row<T> {
        T map(ResultSet r) throws SQLException;
    }

    private synchronized <T> List<T> query(String what, String sql, Row<T> row, Object... args) {
        List<T> out = new ArrayList<>();
        try (PreparedStatement s = prepare(sql, args); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(row.map(r));
            }
            return out;
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @Override
    public void create(NewJob job) {
        transaction("create job " + job.id(), () -> {
            if (exists(job.id())) {
                throw new IllegalStateException("A job with id " + job.id() + " exists already");
            }
            update("INSERT INTO jobs (id, name, priority, state, budget, created, remote) VALUES (?, ?, ?, 'RUNNING', "
                    + "?, ?, ?)", job.id(), job.name(), job.priority(), job.budget(), System.currentTimeMillis(),
                    job.remote() ? 1 : 0);
            try (PreparedStatement item = db.prepareStatement(
                    "INSERT INTO items (job, idx, input, status) VALUES (?, ?, ?, 'PENDING')")) {
                for (int i = 0; i < job.inputs().size(); i++) {
                    item.setString(1, job.id());
                    item.setInt(2, i);
                    item.setString(3, job.inputs().get(i));
                    item.addBatch();
                }
                item.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean exists(String job) {
        return !query("find job " + job, "SELECT 1 FROM jobs WHERE id = ?", r -> 1, job).isEmpty();
    }

    @Override
    public List<String> jobs() {
        return query("list jobs", "SELECT id FROM jobs ORDER BY created DESC, id DESC", r -> r.getString(1));
    }

    @Override
    public List<Item> pendingItems() {
        return query("list pending items", "SELECT i.job, i.idx, i.input, j.priority FROM items i JOIN jobs j ON "
                + "j.id = i.job WHERE i.status = 'PENDING' AND j.state = 'RUNNING' AND j.remote = 0 "
                + "ORDER BY j.priority DESC, j.created, j.id, i.idx",
                r -> new Item(r.getString(1), r.getInt(2), r.getString(3), r.getInt(4)));
    }

    @Override
    public List<Item> pendingItems(String job) {
        return query("list the pending items of job " + job, "SELECT i.job, i.idx, i.input, j.priority FROM items i "
                + "JOIN jobs j ON j.id = i.job WHERE i.job = ? AND i.status = 'PENDING' AND j.state = 'RUNNING' AND "
                + "j.remote = 0 ORDER BY i.idx", r -> new Item(r.getString(1), r.getInt(2), r.getString(3),
                        r.getInt(4)), job);
    }

    @Override
    public List<String> inputs(String job) {
        return query("read the requests of job " + job, "SELECT input FROM items WHERE job = ? ORDER BY idx",
                r -> r.getString(1), job);
    }

    @Override
    public boolean complete(String job, int index, String output, long inputTokens, long outputTokens, double cost) {
        return transaction("record item " + index + " of job " + job, () -> {
            int n = update("UPDATE items SET status = 'DONE', output = ?, input_tokens = ?, output_tokens = ?, "
                    + "cost = ?, attempts = attempts + 1 WHERE job = ? AND idx = ? AND status = 'PENDING'", output,
                    inputTokens, outputTokens, cost, job, index);
            if (n == 1 && cost > 0) {
                update("UPDATE jobs SET spent = spent + ?, state = CASE WHEN state = 'RUNNING' AND budget IS NOT NULL "
                        + "AND spent + ? >= budget THEN 'BUDGET_EXCEEDED' ELSE state END WHERE id = ?", cost, cost,
                        job);
            }
            finishIfDone(job);
            return n == 1;
        });
    }

    @Override
    public boolean fail(String job, int index, String error) {
        return transaction("record the failure of item " + index + " of job " + job, () -> {
            int n = update("UPDATE items SET status = 'FAILED', error = ?, attempts = attempts + 1 WHERE job = ? AND "
                    + "idx = ? AND status = 'PENDING'", error, job, index);
            finishIfDone(job);
            return n == 1;
        });
    }

    private void finishIfDone(String job) throws SQLException {
        update("UPDATE jobs SET state = 'FINISHED' WHERE id = ? AND state = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM "
                + "items WHERE job = ? AND status = 'PENDING')", job, job);
    }

    @Override
    public boolean cancel(String job) {
        return transaction("cancel job " + job,
                () -> update("UPDATE jobs SET state = 'CANCELLED' WHERE id = ? AND state = 'RUNNING'", job) == 1);
    }

    @Override
    public boolean claim(String job, int index, String owner, java.time.Duration lease) {
        long now = System.currentTimeMillis();
        return transaction("claim item " + index + " of job " + job, () -> update("UPDATE items SET lease_owner = ?, "
                + "lease_until = ? WHERE job = ? AND idx = ? AND status = 'PENDING' AND (lease_owner IS NULL OR "
                + "lease_owner = ? OR lease_until <= ?) AND EXISTS (SELECT 1 FROM jobs WHERE id = ? AND state = "
                + "'RUNNING')", owner, now + lease.toMillis(), job, index, owner, now, job) == 1);
    }

    @Override
    public Optional<JobStatus> status(String job) {
        return query("read the status of job " + job, "SELECT j.state, COUNT(i.idx), COALESCE(SUM(i.status = 'DONE'), "
                + "0), COALESCE(SUM(i.status = 'FAILED'), 0), COALESCE(SUM(i.input_tokens), 0), "
                + "COALESCE(SUM(i.output_tokens), 0), COALESCE(SUM(i.cost), 0) FROM jobs j LEFT JOIN items i ON "
                + "i.job = j.id WHERE j.id = ? GROUP BY j.id",
                r -> new JobStatus(job, JobStatus.State.valueOf(r.getString(1)), r.getInt(2), r.getInt(3),
                        r.getInt(4), r.getLong(5), r.getLong(6), r.getDouble(7)), job).stream().findFirst();
    }

    @Override
    public List<Result> results(String job) {
        return query("read the results of job " + job, "SELECT idx, input, output, error FROM items WHERE job = ? AND "
                + "status != 'PENDING' ORDER BY idx", r -> new Result(r.getInt(1), r.getString(2),
                        Optional.ofNullable(r.getString(3)), Optional.ofNullable(r.getString(4))), job);
    }

    @Override
    public List<RemoteJob> remoteJobs() {
        return query("list remote jobs", "SELECT id, remote_id, state, created FROM jobs WHERE remote = 1 AND collected = 0 "
                + "ORDER BY created, id", r -> new RemoteJob(r.getString(1),
                        Optional.ofNullable(r.getString(2)), JobStatus.State.valueOf(r.getString(3)),
                        java.time.Instant.ofEpochMilli(r.getLong(4))));
    }

    @Override
    public boolean remoteId(String job, String remoteId) {
        return transaction("record the remote batch of job " + job,
                () -> update("UPDATE jobs SET remote_id = ? WHERE id = ? AND remote_id IS NULL", remoteId, job) == 1);
    }

    @Override
    public void collected(String job) {
        transaction("record the collected results of job " + job, () -> {
            update("UPDATE jobs SET collected = 1 WHERE id = ?", job);
            finishIfDone(job);
            return null;
        });
    }

    @Override
    public void delete(String job) {
        transaction("delete job " + job, () -> {
            update("DELETE FROM items WHERE job = ?", job);
            return update("DELETE FROM jobs WHERE id = ?", job);
        });
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

    @Override
    public String toString() {
        return "SqliteJobStore[" + file + "]";
    }
}
