package dunning.local.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dunning.local.cloud.LocalClients;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** For each record: puts an item named by its body into the ledger table, then sends the body on to OutQueue; any failure throws. */
public final class WritingSqsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final List<String> FAILURES = new CopyOnWriteArrayList<>();
    private final LocalClients clients;
    private final String table;
    private final String out;

    public WritingSqsHandler(Map<String, String> env, Clock clock) {
        this.clients = new LocalClients(env, env.get("AWS_REGION"));
        this.table = env.get("LEDGER_TABLE");
        this.out = env.get("OUT_QUEUE_URL");
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        for (SQSEvent.SQSMessage r : event.getRecords()) {
            try {
                clients.dynamoDb().putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(r.getBody()))));
                clients.sqs().sendMessage(b -> b.queueUrl(out).messageBody(r.getBody()));
            } catch (RuntimeException e) {
                FAILURES.add(r.getBody() + ": " + e);
                throw e;
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
