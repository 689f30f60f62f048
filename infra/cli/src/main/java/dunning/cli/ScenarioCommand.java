package dunning.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "scenario", description = "Scenario files (see FORMAT.md).", mixinStandardHelpOptions = true,
        subcommands = ScenarioRunCommand.class)
final class ScenarioCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: run");
    }
}
