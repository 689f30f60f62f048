package dunning.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "local", description = "The local cloud: template.yaml on AWS-API engines in this JVM.", mixinStandardHelpOptions = true,
        subcommands = LocalUpCommand.class)
final class LocalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: up");
    }
}
