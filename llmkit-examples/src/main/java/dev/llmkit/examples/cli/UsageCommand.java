package dev.llmkit.examples.cli;

import dev.llmkit.observability.UsageReport;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmkit usage}: tokens and cost of the model calls recorded in the audit log, grouped as asked. */
@Command(name = "usage", description = "Print tokens and cost of recorded model calls per model, tenant, user or tag")
final class UsageCommand extends BaseCommand {

    @Option(names = "--by", paramLabel = "GROUP", defaultValue = "model",
            description = "Group by model (default), tenant, user or tag")
    String by;

    @Override
    public Integer call() {
        UsageReport.By group;
        try {
            group = UsageReport.By.valueOf(by.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliException(2, "--by must be model, tenant, user or tag, not '" + by + "'");
        }
        Path folder = CliTrace.auditFolder(ctx.defaultIndex().getParent());
        UsageReport report = UsageReport.fromAudit(folder);
        if (report.total().calls() == 0) {
            ctx.out().println("No model calls recorded yet in " + folder
                    + ". Calls are recorded when ask, chat or agent run with a model.");
            return 0;
        }
        ctx.out().print(report.table(group));
        ctx.out().flush();
        return 0;
    }
}
