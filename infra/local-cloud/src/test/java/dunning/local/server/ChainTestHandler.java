package dunning.local.server;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunning.local.cloud.LocalClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Two steps of a chain. With NEXT_QUEUE_URL (Intake): an EventBridge envelope in, item INTAKE#&lt;detail.id&gt;
 * written and the id sent on; a schedule input: item NIGHTLY#&lt;the clock's now&gt;. Without (Next): item
 * DONE#&lt;id&gt;. An id "poison" fails its record.
 */
public final class ChainTestHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalClients clients;
    private final String table;
    private final String next;
    private final Clock clock;

    public ChainTestHandler(Map<String, String> env, Clock clock) {
        this.clients = new LocalClients(env, env.get("AWS_REGION"));
        this.table = env.get("TABLE");
        this.next = env.get("NEXT_QUEUE_URL");
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        if (!event.has("Records")) {
            put("NIGHTLY#" + clock.instant());
            output.write("{}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        StringBuilder failures = new StringBuilder();
        for (JsonNode r : event.path("Records")) {
            String body = r.path("body").asText();
            String id = next != null ? JSON.readTree(body).path("detail").path("id").asText() : body;
            if (id.equals("poison")) {
                failures.append(failures.length() == 0 ? "" : ",").append("{\"itemIdentifier\":\"")
                        .append(r.path("messageId").asText()).append("\"}");
                continue;
            }
            if (next != null) {
                put("INTAKE#" + id);
                clients.sqs().sendMessage(b -> b.queueUrl(next).messageBody(id));
            } else {
                put("DONE#" + id);
            }
        }
        output.write(("{\"batchItemFailures\":[" + failures + "]}").getBytes(StandardCharsets.UTF_8));
    }

    private void put(String pk) {
        clients.dynamoDb().putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk))));
    }
}
