package dev.llmkit.batch;

/** The killed-process test on the SQLite store. */
class KilledJobTest extends KilledJobContract {
    @Override
    protected String workerMain() {
        return BatchWorkerMain.class.getName();
    }

    @Override
    protected String storeArgument() {
        return dir.resolve("jobs.db").toString();
    }

    @Override
    protected JobStore openStore() {
        return JobStore.open(dir.resolve("jobs.db"));
    }
}
