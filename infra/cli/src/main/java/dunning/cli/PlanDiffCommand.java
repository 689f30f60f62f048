package dunning.cli;


import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dunning plan diff ID A B}: what changed from version A to version B, field by field (levels by name). */
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Show what changed between two published versions of a plan.")
final class PlanDiffCommand extends TableCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String planId;

    @Parameters(index = "1", paramLabel = "A")
    int a;

    @Parameters(index = "2", paramLabel = "B")
    int b;

    @Override
    StackBridge.Answer answer(StackBridge bridge) {
        return bridge.diff(planId, a, b);
    }
}
