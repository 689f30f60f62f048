package dunning.cli;

import picocli.CommandLine.Command;

@Command(name = "stack", description = "The stack the operator commands talk to (deployed, or the local cloud).",
        mixinStandardHelpOptions = true, subcommands = StackShowCommand.class)
final class StackCommand extends GroupCommand {
}
