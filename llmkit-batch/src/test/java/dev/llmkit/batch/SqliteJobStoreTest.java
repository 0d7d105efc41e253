package dev.llmkit.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobStoreTest extends JobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected JobStore open() {
        return JobStore.open(dir.resolve("jobs.db"));
    }

    @Override
    protected JobStore reopen() {
        store.close();
        return JobStore.open(dir.resolve("jobs.db"));
    }

    @Test
    void aStoreFileFromBeforeRemoteJobsGainsTheirColumnsAndKeepsItsJobs() throws Exception {
        Path old = dir.resolve("old.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = db.createStatement()) {
            s.execute("CREATE TABLE jobs (id TEXT PRIMARY KEY, name TEXT NOT NULL, priority INTEGER NOT NULL, "
                    + "state TEXT NOT NULL, budget REAL, spent REAL NOT NULL DEFAULT 0, created INTEGER NOT NULL)");
            s.execute("CREATE TABLE items (job TEXT NOT NULL, idx INTEGER NOT NULL, input TEXT NOT NULL, "
                    + "status TEXT NOT NULL, output TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0, "
                    + "input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0, "
                    + "cost REAL NOT NULL DEFAULT 0, PRIMARY KEY (job, idx))");
            s.execute("INSERT INTO jobs VALUES ('j', 'n', 0, 'RUNNING', NULL, 0, 1)");
            s.execute("INSERT INTO items (job, idx, input, status) VALUES ('j', 0, '{\"prompt\":\"q\"}', 'PENDING')");
        }

        try (JobStore s = JobStore.open(old)) {
            assertThat(s.pendingItems()).singleElement().satisfies(i -> assertThat(i.job()).isEqualTo("j"));
            assertThat(s.remoteJobs()).isEmpty();
        }
    }
}
