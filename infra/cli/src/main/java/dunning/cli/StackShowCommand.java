package dunning.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code dunning stack show}: what the stack options resolve to (endpoint, region, table, and where
 * each came from), the stack's outputs, and that the table answers (DescribeTable).
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show which endpoint, region and table the operator commands would use, and that the table answers.")
final class StackShowCommand extends StackTargetCommand {
    @CommandLine.Option(names = "--output-value", paramLabel = "OUTPUT",
            description = "print only the value of this stack output (e.g. PaymentEventsDeadLetterQueueUrl), for scripts")
    String outputValue;

    @Override
    Integer run(PrintWriter out, PrintWriter err, StackOptions.Target target) {
        if (outputValue != null) {
            String value = target.outputs().get(outputValue);
            if (value == null) {
                err.println("dunning: the stack has no output " + outputValue + " (it has " + target.outputs().keySet() + ")");
                return DunningCli.EXIT_FAILED;
            }
            out.println(value);
            out.flush();
            return 0;
        }
        out.printf("endpoint  %s%n", target.endpoint().map(e -> e + " (from " + target.endpointFrom() + ")")
                .orElse("AWS's own (no --endpoint, no AWS_ENDPOINT_URL)"));
        out.printf("region    %s (from %s)%n", target.region(), target.regionFrom());
        out.printf("table     %s (from %s)%n", target.table(), target.tableFrom());
        if (!target.outputs().isEmpty()) {
            out.println("outputs");
            target.outputs().forEach((k, v) -> out.printf("  %-26s %s%n", k, v));
        }
        try (DynamoDbClient ddb = target.dynamoDb()) {
            TableDescription t = ddb.describeTable(b -> b.tableName(target.table())).table();
            out.printf("table %s is %s, keys %s%n", t.tableName(), t.tableStatusAsString(),
                    t.keySchema().stream().map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList());
        } catch (SdkException e) {
            err.println("dunning: table " + target.table() + " does not answer: " + e.getMessage());
            out.flush();
            return DunningCli.EXIT_FAILED;
        }
        out.flush();
        return 0;
    }
}
