package dunning.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dunning} command.
 * <pre>
 *   dunning plan validate FILE…
 *   dunning scenario run [--engine memory|local] FILE…
 *   dunning explain --scenario FILE --account ID --day DATE
 *   dunning simulate [options]
 *   dunning local up [--port 4566] [--clock wall|simulated] …
 *   dunning stack show [--endpoint URL] [--region R] [--stack NAME | --table NAME]
 *   dunning import accounts|invoices FILE [--concurrency N] [--restart] [--updated-at INSTANT] [stack options]
 * </pre>
 * Exit codes: 0 success, 1 a plan is invalid or a scenario failed, 2 wrong usage or an engine
 * that is not available.
 */
@Command(name = "dunning",
        mixinStandardHelpOptions = true,
        version = "dunning 0.1.0-SNAPSHOT",
        description = "Serverless dunning and collections: validate plans, run scenarios, explain decisions.",
        subcommands = {PlanCommand.class, ScenarioCommand.class, ExplainCommand.class, SimulateCommand.class, LocalCommand.class,
                StackCommand.class, ImportCommand.class})
public final class DunningCli implements Runnable {

    /** Wrong usage, or an engine that is not available. */
    public static final int EXIT_USAGE = 2;
    /** An invalid plan or a failed scenario. */
    public static final int EXIT_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to execute; tests redirect its output with setOut/setErr. */
    public static CommandLine commandLine() {
        return new CommandLine(new DunningCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Runs {@code args} in-process with both streams written to {@code out}; returns the exit code. */
    public static int run(PrintWriter out, String... args) {
        return commandLine().setOut(out).setErr(out).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: plan, scenario, explain, simulate, local, stack or import");
    }
}
