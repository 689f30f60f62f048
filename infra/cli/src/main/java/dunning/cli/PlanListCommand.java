package dunning.cli;


import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dunning plan list}: the stack's plans with their version in force, its AR terms and its templates' version. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the plans, AR terms and templates published to a stack.")
final class PlanListCommand extends TableCommand {
    @Override
    StackBridge.Answer answer(StackBridge bridge) {
        return bridge.list();
    }
}
