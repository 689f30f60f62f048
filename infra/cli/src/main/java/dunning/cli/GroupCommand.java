package dunning.cli;

import java.util.List;
import picocli.CommandLine;

/** A command that only groups subcommands ({@code dunning plan}, {@code dunning local} …): alone, it names them. */
abstract class GroupCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<String> names = List.copyOf(spec.subcommands().keySet());
        String listed = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: " + listed);
    }
}
