package dunning.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "plan", description = "Dunning plan files.", mixinStandardHelpOptions = true,
        subcommands = PlanValidateCommand.class)
final class PlanCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: validate");
    }
}
