package dunning.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dunning scenario run [--engine memory|local] FILE…}: PASS or FAIL per file, with the
 * difference day by day on failure; exit 0 only when every file passes.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run scenario files (FORMAT.md); print PASS/FAIL per file and, on failure, the difference day by day.")
final class ScenarioRunCommand extends CliCommand {

    enum Engine { memory, local }

    @Option(names = "--engine", defaultValue = "memory", paramLabel = "ENGINE",
            description = "memory (the domain engine in this JVM, default) or local (the handlers on the local cloud)")
    Engine engine;

    @Option(names = "--function-log", paramLabel = "FILE", defaultValue = "target/dunning-local/functions.log",
            description = "with --engine local: where the handlers' JSON log lines go (default: ${DEFAULT-VALUE})")
    Path functionLog;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "scenario YAML files (a directory: its *.yaml)")
    List<Path> files;

    @Override
    Integer run(PrintWriter out, PrintWriter err) {
        int passed = 0;
        int failed = 0;
        if (engine == Engine.local) {
            LocalBridge.logTo(functionLog);
            out.println("local cloud: the handlers' log lines go to " + functionLog);
        }
        try {
            for (Path file : ScenarioFiles.expand(files)) {
                if (!Files.isRegularFile(file)) {
                    out.println("FAIL " + file);
                    out.println("  cannot read: no such file");
                    failed++;
                    continue;
                }
                ScenarioOutcome outcome = engine == Engine.local ? LocalBridge.runScenario(file) : DomainBridge.runScenario(file);
                if (outcome.passed()) {
                    out.println("PASS " + file);
                    passed++;
                    continue;
                }
                failed++;
                out.println("FAIL " + file);
                outcome.problems().forEach(p -> out.println("  " + p));
                DayByDayDiff.print(outcome.diff(), out, "  ");
                if (!outcome.finalMismatch().isEmpty()) {
                    out.println("  final");
                    outcome.finalMismatch().forEach(m -> out.println("    " + m));
                }
            }
        } catch (NotAvailableException e) {
            out.flush();
            err.println("dunning: " + e.getMessage());
            return DunningCli.EXIT_USAGE;
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : DunningCli.EXIT_FAILED;
    }
}
