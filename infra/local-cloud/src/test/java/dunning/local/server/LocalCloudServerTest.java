package dunning.local.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunning.local.LocalCloud;
import dunning.local.runtime.LocalRuntime;
import dunning.local.runtime.SimulatedClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local cloud as a server: clients that know only the edge's endpoint put events, the chain
 * runs in the background without anyone draining, and the control endpoint tells and moves time.
 */
class LocalCloudServerTest {
    static final Path TEMPLATE = Path.of("src/test/resources/server-template.yaml");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body) {}

    static Answer call(URI endpoint, String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCLIENT", "secret"))).build();
    }

    static boolean has(DynamoDbClient ddb, String table, String pk) {
        return ddb.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk))).consistentRead(true)).hasItem();
    }

    static void within(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void an_event_put_through_the_edge_flows_through_the_chain_in_the_background_and_the_control_endpoint_moves_time()
            throws Exception {
        List<Integer> ports = new ArrayList<>();
        try (LocalCloudServer server = LocalCloudServer.start(LocalCloud.Options.defaults().withTemplate(TEMPLATE)
                .startingAt(Instant.parse("2026-03-01T00:00:00Z")).withEdgePort(0))) {
            URI endpoint = server.endpoint();
            ports.add(endpoint.getPort());
            ports.add(server.cloud().sqsEndpoint().getPort());
            JsonNode outputs = call(endpoint, "GET", "/_dunning/outputs").body();
            String table = outputs.path("outputs").path("TableName").asText();
            assertEquals(server.cloud().tableName(), table);
            assertEquals(endpoint + "/000000000000/dunning-local-IntakeQueue", outputs.path("outputs").path("IntakeQueueUrl").asText(),
                    "a queue URL names the edge");
            assertEquals("test-out", outputs.path("outputs").path("OutBusName").asText());
            assertEquals(List.of("default", "test-out"), JSON.convertValue(outputs.path("eventBuses"), List.class));
            assertEquals("us-east-1", outputs.path("region").asText());
            assertEquals("dunning-local", outputs.path("stackName").asText());
            assertEquals(endpoint.toString(), outputs.path("endpoint").asText());

            try (EventBridgeClient events = client(EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()), endpoint);
                 DynamoDbClient ddb = client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()), endpoint);
                 SqsClient sqs = client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()), endpoint)) {
                assertEquals(0, events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("test.server")
                        .detailType("Thing Happened").detail("{\"id\":\"e1\"}").build())).failedEntryCount());
                within(Duration.ofSeconds(20), "e1 through Intake and Next without a drain", () -> has(ddb, table, "DONE#e1"));
                assertTrue(has(ddb, table, "INTAKE#e1"));

                // a message sent straight to the queue by an outside client is picked up too
                sqs.sendMessage(b -> b.queueUrl(outputs.path("queues").path("NextQueue").asText()).messageBody("m2"));
                within(Duration.ofSeconds(20), "m2 through Next", () -> has(ddb, table, "DONE#m2"));

                events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("test.server")
                        .detailType("Thing Happened").detail("{\"id\":\"poison\"}").build()));
                Answer drained = call(endpoint, "POST", "/_dunning/drain");
                assertEquals(200, drained.status());
                assertEquals(1, drained.body().path("deadLetterQueues").path("IntakeQueueDLQ").asInt(),
                        "after the drain the poison message lies in its DLQ: " + drained.body());
                assertEquals(0, drained.body().path("deadLetterQueues").path("NextQueueDLQ").asInt());

                assertEquals("simulated", call(endpoint, "GET", "/_dunning/clock").body().path("mode").asText());
                Answer advanced = call(endpoint, "POST", "/_dunning/clock/advance?to=2026-03-02T07:00:00Z");
                assertEquals(200, advanced.status(), advanced.body().toString());
                assertEquals(List.of("2026-03-01T06:00:00Z", "2026-03-02T06:00:00Z"),
                        advanced.body().path("fired").findValuesAsText("at"));
                assertEquals("Nightly", advanced.body().path("fired").get(0).path("schedule").asText());
                assertTrue(has(ddb, table, "NIGHTLY#2026-03-01T06:00:00Z"), "the schedule ran on the simulated clock at its time");
                assertEquals("2026-03-02T07:00:00Z", call(endpoint, "GET", "/_dunning/clock").body().path("now").asText());
                Answer by = call(endpoint, "POST", "/_dunning/clock/advance?by=PT1H");
                assertEquals("2026-03-02T08:00:00Z", by.body().path("now").asText());
            }

            assertEquals(400, call(endpoint, "POST", "/_dunning/clock/advance").status());
            assertEquals(400, call(endpoint, "POST", "/_dunning/clock/advance?to=2026-01-01T00:00:00Z").status(), "not backwards");
            assertEquals(400, call(endpoint, "POST", "/_dunning/clock/advance?to=tomorrow").status());
            assertEquals(405, call(endpoint, "GET", "/_dunning/drain").status());
            Answer unknown = call(endpoint, "GET", "/_dunning/nothing");
            assertEquals(404, unknown.status());
            assertTrue(unknown.body().path("message").asText().contains("POST /_dunning/drain"), unknown.body().toString());
            JsonNode invocations = call(endpoint, "GET", "/_dunning/invocations?last=3").body();
            assertEquals(3, invocations.path("invocations").size());
            assertTrue(invocations.path("total").asInt() >= 6, invocations.toString());
            assertTrue(server.background().drains() > 0, "the background drained");
        }
        for (int port : ports) {
            try (ServerSocket again = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
                assertEquals(port, again.getLocalPort());
            } catch (IOException e) {
                throw new AssertionError("port " + port + " is still bound after close: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void on_a_clock_that_follows_the_wall_the_background_fires_schedules_when_they_are_due_and_advance_is_refused()
            throws Exception {
        try (LocalCloudServer server = LocalCloudServer.start(LocalCloud.Options.defaults().withTemplate(TEMPLATE)
                .followingWallClock().withEdgePort(0))) {
            JsonNode clock = call(server.endpoint(), "GET", "/_dunning/clock").body();
            assertEquals("wall", clock.path("mode").asText());
            Instant now = Instant.parse(clock.path("now").asText());
            assertTrue(Duration.between(now, Instant.now()).abs().toSeconds() < 5, "the wall's time: " + now);
            Answer refused = call(server.endpoint(), "POST", "/_dunning/clock/advance?by=PT1H");
            assertEquals(409, refused.status());
        }

        // the same background on a wall clock a test can move: what is due fires once, at its time, when the wall passes it
        SimulatedClock wall = new SimulatedClock(Instant.parse("2026-03-01T05:59:59Z"));
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().withTemplate(TEMPLATE))) {
            DynamoDbClient ddb = cloud.clients().dynamoDb();
            SimulatedClock following = SimulatedClock.followingWallClock(wall);
            assertThrows(IllegalStateException.class, () -> following.set(Instant.parse("2026-03-02T00:00:00Z")));
            try (LocalRuntime runtime = new LocalRuntime(cloud.stack(), cloud.clients().sqs(), following);
                 LocalRuntime.Background background = runtime.startBackground(Duration.ofMillis(200), true)) {
                Thread.sleep(300);
                assertTrue(runtime.invocations().isEmpty(), "nothing is due before 06:00");
                wall.set(Instant.parse("2026-03-01T06:00:00.5Z"));
                within(Duration.ofSeconds(10), "the 06:00 firing", () -> has(ddb, cloud.tableName(), "NIGHTLY#2026-03-01T06:00:00.500Z"));
                Thread.sleep(300);
                assertEquals(1, runtime.invocations().stream().filter(i -> i.trigger().equals("schedule Nightly")).count(),
                        "fired once");
                assertThrows(IllegalStateException.class, () -> runtime.startBackground(Duration.ofSeconds(1), true),
                        "one background at a time");
                assertTrue(background.lastError().isEmpty(), background.lastError().toString());
            }
        }
    }
}
