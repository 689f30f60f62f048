package dunning.cli;

import dunning.aws.dynamodb.DynamoTable;
import java.io.PrintWriter;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A command that works on a stack's table, found by the shared {@link StackOptions}: exit 2 when
 * they name none, 1 when the answer failed, else 0.
 */
abstract class TableCommand extends StackTargetCommand {
    /** What the command prints, from the stack's table. */
    abstract StackBridge.Answer answer(StackBridge bridge);

    @Override
    Integer run(PrintWriter out, PrintWriter err, StackOptions.Target target) {
        try (DynamoDbClient client = target.dynamoDb()) {
            StackBridge.Answer answer = answer(new StackBridge(new DynamoTable(client, target.table())));
            answer.lines().forEach(out::println);
            out.flush();
            return answer.failed() ? DunningCli.EXIT_FAILED : 0;
        }
    }
}
