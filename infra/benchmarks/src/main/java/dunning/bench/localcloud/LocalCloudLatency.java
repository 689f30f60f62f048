package dunning.bench.localcloud;

import dunning.local.LocalCloud;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the local cloud costs: start-up with provisioning, and the time per request of the
 * DynamoDB engine (raw HTTP and through the SDK) and of ElasticMQ, after a warm-up. The numbers
 * the README and docs/local-cloud.md quote come from this.
 *
 * <p>{@code java -cp ... dunning.bench.localcloud.LocalCloudLatency [requests]}
 */
public final class LocalCloudLatency {
    private LocalCloudLatency() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long t0 = System.nanoTime();
        try (LocalCloud cloud = LocalCloud.start()) {
            System.out.printf("start and provision: %d ms (in-process %d ms)%n", (System.nanoTime() - t0) / 1_000_000,
                    cloud.startup().toMillis());
            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("x"), "sk", AttributeValue.fromS("y"));
            String body = "{\"TableName\":\"" + cloud.tableName() + "\",\"Key\":{\"pk\":{\"S\":\"x\"},\"sk\":{\"S\":\"y\"}}}";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest raw = HttpRequest.newBuilder(cloud.dynamoDb().endpoint()).header("X-Amz-Target", "DynamoDB_20120810.GetItem")
                    .header("Content-Type", "application/x-amz-json-1.0").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            String queue = cloud.stack().queueUrl("FeeQueue");
            for (int round = 0; round < 2; round++) { // the first round warms the JIT
                String label = round == 0 ? "warm-up" : "measured";
                long t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    http.send(raw, HttpResponse.BodyHandlers.ofString());
                }
                double rawMs = (System.nanoTime() - t) / 1e6 / n;
                t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    cloud.clients().dynamoDb().getItem(b -> b.tableName(cloud.tableName()).key(key));
                }
                double sdkMs = (System.nanoTime() - t) / 1e6 / n;
                t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    cloud.clients().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(0));
                }
                double sqsMs = (System.nanoTime() - t) / 1e6 / n;
                System.out.printf("%-8s DynamoDB GetItem raw HTTP %.2f ms, through the SDK %.2f ms; SQS ReceiveMessage (empty) %.2f ms%n",
                        label, rawMs, sdkMs, sqsMs);
            }
        }
    }
}
