package dunning.cli;

import dunning.domain.engine.Decision;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dunning explain --account ID [--day DATE]} against a stack (its table, DESIGN §5.3), or
 * {@code dunning explain --scenario FILE --account ID --day DATE} for a scenario run in memory:
 * the decision records of the account (inputs; each level fired, skipped, held or waiting, and why;
 * the plan id and version), the same lines either way, one block per day.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print the decision records of an account: from a stack, or on a day of a scenario.")
final class ExplainCommand extends TableCommand {

    @Option(names = "--scenario", paramLabel = "FILE", description = "run this scenario in memory instead of reading a stack")
    Path scenario;

    @Option(names = "--account", required = true, paramLabel = "ID")
    String account;

    @Option(names = "--day", paramLabel = "DATE", description = "YYYY-MM-DD (required with --scenario; from a stack: every day without it)")
    LocalDate day;

    @Override
    Integer run(PrintWriter out, PrintWriter err) {
        if (scenario == null) {
            return super.run(out, err);
        }
        if (day == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--day=DATE' (with --scenario)");
        }
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
            print(out, day, explanation.records());
            out.flush();
            return 0;
        } catch (NotAvailableException e) {
            err.println("dunning: " + e.getMessage());
            return DunningCli.EXIT_USAGE;
        }
    }

    @Override
    StackBridge.Answer answer(StackBridge bridge) {
        TreeMap<LocalDate, List<Decision>> byDay = bridge.decisions(account, Optional.ofNullable(day));
        if (byDay.isEmpty() && !bridge.hasAccount(account)) {
            return new StackBridge.Answer(List.of("no account '" + account + "' in the table"), true);
        }
        StringWriter text = new StringWriter();
        PrintWriter lines = new PrintWriter(text);
        if (byDay.isEmpty()) {
            if (day != null) {
                print(lines, day, List.of());
            } else {
                lines.println("Account " + account + ": no decision record yet (no evaluation has changed anything)");
            }
        }
        for (Map.Entry<LocalDate, List<Decision>> e : byDay.entrySet()) {
            print(lines, e.getKey(), DomainBridge.lines(e.getValue(), e.getKey()));
        }
        lines.flush();
        return new StackBridge.Answer(text.toString().lines().toList(), false);
    }

    /** One day's records, as `explain` has always printed them. */
    private void print(PrintWriter out, LocalDate on, List<String> records) {
        out.println("Account " + account + " on " + on + ":");
        if (records.isEmpty()) {
            out.println("  no decision record: the evaluation changed nothing that day");
        } else {
            new ArrayList<>(records).forEach(r -> out.println("  " + r.replace("\n", "\n  ")));
        }
    }
}
