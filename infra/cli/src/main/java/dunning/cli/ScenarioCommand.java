package dunning.cli;

import picocli.CommandLine.Command;

@Command(name = "scenario", description = "Scenario files (see FORMAT.md).", mixinStandardHelpOptions = true,
        subcommands = ScenarioRunCommand.class)
final class ScenarioCommand extends GroupCommand {
}
