package dunning.cli;

import picocli.CommandLine.Command;

@Command(name = "local", description = "The local cloud: template.yaml on AWS-API engines in this JVM.", mixinStandardHelpOptions = true,
        subcommands = LocalUpCommand.class)
final class LocalCommand extends GroupCommand {
}
