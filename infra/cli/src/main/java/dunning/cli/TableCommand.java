package dunning.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dunning.aws.dynamodb.DynamoTable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A command that works on a stack's table, found by the shared {@link StackOptions}: exit 2 when
 * they name none, 1 when the answer failed, else 0.
 */
abstract class TableCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the command prints, from the stack's table. */
    abstract StackBridge.Answer answer(StackBridge bridge);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StackOptions.Target target;
        try {
            target = stack.resolve();
        } catch (StackOptions.Unresolved e) {
            spec.commandLine().getErr().println("dunning: " + e.getMessage());
            return DunningCli.EXIT_USAGE;
        }
        try (DynamoDbClient client = target.dynamoDb()) {
            StackBridge.Answer answer = answer(new StackBridge(new DynamoTable(client, target.table())));
            answer.lines().forEach(out::println);
            out.flush();
            return answer.failed() ? DunningCli.EXIT_FAILED : 0;
        }
    }
}
