package dunning.cli;

import picocli.CommandLine.Command;

@Command(name = "plan", description = "Dunning plans: validate files, publish them to a stack, list, show and diff its versions.", mixinStandardHelpOptions = true,
        subcommands = {PlanValidateCommand.class, PlanPublishCommand.class, PlanListCommand.class, PlanShowCommand.class,
                PlanDiffCommand.class})
final class PlanCommand extends GroupCommand {
}
