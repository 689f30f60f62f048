package dunning.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "stack", description = "The stack the operator commands talk to (deployed, or the local cloud).",
        mixinStandardHelpOptions = true, subcommands = StackShowCommand.class)
final class StackCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: show");
    }
}
