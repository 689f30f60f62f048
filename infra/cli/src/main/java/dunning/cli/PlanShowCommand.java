package dunning.cli;

import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dunning plan show ID [--version N]}: a published version's text (the newest without --version). */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a published version of a plan, as the stack keeps it.")
final class PlanShowCommand extends TableCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String planId;

    @Option(names = "--version", paramLabel = "N", description = "the version (default: the newest)")
    Integer version;

    @Override
    StackBridge.Answer answer(StackBridge bridge) {
        return bridge.show(planId, Optional.ofNullable(version));
    }
}
