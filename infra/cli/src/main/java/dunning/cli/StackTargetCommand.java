package dunning.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to a stack, found by the shared {@link StackOptions}: it runs only once they
 * name one, and exits 2 after saying why when they do not.
 */
abstract class StackTargetCommand extends CliCommand {
    @Mixin
    StackOptions stack;

    /** What the command does with the stack its options name. */
    abstract Integer run(PrintWriter out, PrintWriter err, StackOptions.Target target);

    @Override
    Integer run(PrintWriter out, PrintWriter err) {
        Optional<StackOptions.Target> target = stack.resolveOrTell(err);
        return target.isEmpty() ? DunningCli.EXIT_USAGE : run(out, err, target.get());
    }
}
