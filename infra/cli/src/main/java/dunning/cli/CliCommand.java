package dunning.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A command that answers with its exit code ({@link DunningCli}'s), printing to its command line's own
 * streams, which tests redirect.
 */
abstract class CliCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the command does; {@code out} for its answer, {@code err} for what went wrong. */
    abstract Integer run(PrintWriter out, PrintWriter err) throws Exception;

    @Override
    public final Integer call() throws Exception {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
