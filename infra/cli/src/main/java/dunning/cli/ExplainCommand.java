package dunning.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dunning explain --scenario FILE --account ID --day DATE}: runs the scenario and prints
 * the decision records of that account on that day (inputs and result: why it got that letter).
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print the decision records of an account on a day of a scenario.")
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--scenario", required = true, paramLabel = "FILE")
    Path scenario;

    @Option(names = "--account", required = true, paramLabel = "ID")
    String account;

    @Option(names = "--day", required = true, paramLabel = "DATE", description = "YYYY-MM-DD")
    LocalDate day;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(scenario)) {
            err.println("dunning: " + scenario + ": no such file");
            return DunningCli.EXIT_USAGE;
        }
        try {
            DomainBridge.Explanation explanation = DomainBridge.explain(scenario, account, day);
            if (!explanation.problems().isEmpty()) {
                explanation.problems().forEach(out::println);
                return DunningCli.EXIT_FAILED;
            }
            if (!explanation.accountKnown()) {
                err.println("dunning: " + scenario + ": no account '" + account + "'");
                return DunningCli.EXIT_USAGE;
            }
            List<String> records = explanation.records();
            out.println("Account " + account + " on " + day + ":");
            if (records.isEmpty()) {
                out.println("  no decision record: the evaluation changed nothing that day");
            } else {
                records.forEach(r -> out.println("  " + r.replace("\n", "\n  ")));
            }
            out.flush();
            return 0;
        } catch (NotAvailableException e) {
            err.println("dunning: " + e.getMessage());
            return DunningCli.EXIT_USAGE;
        }
    }
}
