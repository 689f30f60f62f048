package dunning.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * A command that works on a stack's table, found by the stack options: exit 2 when they name none,
 * 1 when the answer failed, else 0.
 */
abstract class StackCommand implements Callable<Integer> {
    @Mixin
    PlanStackOptions stack;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the command prints, from the stack's table. */
    abstract StackBridge.Answer answer(StackBridge bridge);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PlanStackOptions.Stack target;
        try {
            target = stack.resolve();
        } catch (PlanStackOptions.Unresolved e) {
            spec.commandLine().getErr().println("dunning: " + e.getMessage());
            return DunningCli.EXIT_USAGE;
        }
        try (target) {
            StackBridge.Answer answer = answer(new StackBridge(target.table()));
            answer.lines().forEach(out::println);
            out.flush();
            return answer.failed() ? DunningCli.EXIT_FAILED : 0;
        }
    }
}
