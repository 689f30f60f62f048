package dunning.cli;

import dunning.local.LocalCloud;
import dunning.local.portfolio.HtmlReport;
import dunning.local.portfolio.Simulation;
import dunning.local.portfolio.SimulationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dunning simulate}: the main job. Starts the local cloud from template.yaml, loads a
 * generated portfolio, runs the days through the real handlers (bill runs and sweeps on the
 * template's schedules, payments on EventBridge), prints the summary and writes the HTML report.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a generated portfolio through the whole chain on the local cloud and report what happened.")
final class SimulateCommand extends CliCommand {
    @Option(names = "--accounts", defaultValue = "1000", description = "portfolio size (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--days", defaultValue = "90", description = "days to simulate (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", defaultValue = "42", description = "random seed of the portfolio and its payers (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", defaultValue = "2026-01-01", description = "first simulated day (default: ${DEFAULT-VALUE})")
    LocalDate start;

    @Option(names = "--report", defaultValue = "target/dunning-report.html", description = "HTML report (default: ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--timelines", defaultValue = "60", description = "account timelines in the report (default: ${DEFAULT-VALUE})")
    int timelines;

    @Option(names = "--concurrency", defaultValue = "4",
            description = "execution environments per function, as Lambda's concurrency (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--function-log", defaultValue = "target/dunning-local/functions.log",
            description = "where the handlers' JSON log lines go (default: ${DEFAULT-VALUE})")
    Path functionLog;

    @Override
    Integer run(PrintWriter out, PrintWriter err) throws IOException {
        if (accounts < 1 || days < 1 || timelines < 0 || concurrency < 1) {
            err.println("dunning: --accounts, --days and --concurrency must be at least 1, --timelines at least 0");
            return DunningCli.EXIT_USAGE;
        }
        LocalBridge.logTo(functionLog);
        long t0 = System.nanoTime();
        LocalCloud.Options options = LocalCloud.Options.defaults().startingAt(Simulation.startInstant(start));
        try (LocalCloud cloud = LocalCloud.start(options)) {
            out.printf("local cloud up in %d ms (DynamoDB, SQS, SES v2, EventBridge from %s); handler logs: %s%n",
                    cloud.startup().toMillis(), cloud.template().source().getFileName(), functionLog);
            out.flush();
            cloud.runtime().concurrency(concurrency);
            Simulation simulation = new Simulation(cloud, new Simulation.Options(accounts, days, seed, start));
            Progress progress = new Progress(err, days);
            Simulation.Outcome outcome = simulation.run(progress::day);
            progress.done();
            SimulationReport report = SimulationReport.read(cloud, outcome);
            out.print(report.summary());
            Path parent = report().toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(report(), HtmlReport.render(report, timelines));
            out.printf("report: %s%nwall time: %.1f s%n", report().toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
        }
        out.flush();
        return 0;
    }

    private Path report() {
        return report;
    }

    /** A one-line progress bar on stderr, redrawn in place. */
    private static final class Progress {
        private final PrintWriter err;
        private final int total;
        private final long t0 = System.nanoTime();

        Progress(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
        }

        void day(int done) {
            int width = 40;
            int filled = done * width / total;
            err.printf("\r[%s%s] day %d/%d  %.0f s", "#".repeat(filled), " ".repeat(width - filled), done, total,
                    (System.nanoTime() - t0) / 1e9);
            err.flush();
        }

        void done() {
            err.println();
            err.flush();
        }
    }
}
