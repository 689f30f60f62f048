package dunning.local.eventbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunning.local.cloud.LocalClients;
import dunning.local.template.SamTemplate;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** PutEvents through the real SDK client, routed by the template's own rule pattern to an ElasticMQ queue. */
class LocalEventBridgeTest {
    static SQSRestServer sqsServer;
    static LocalClients clients;
    static LocalEventBridge bridge;
    static String queueUrl;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        sqsServer.waitUntilStarted();
        LocalClients sqsOnly = new LocalClients(Map.of(LocalClients.ENDPOINT_SQS, "http://127.0.0.1:" + port), "us-east-1");
        bridge = LocalEventBridge.start(sqsOnly.sqs(), "us-east-1");
        clients = new LocalClients(Map.of(LocalClients.ENDPOINT_SQS, "http://127.0.0.1:" + port,
                LocalClients.ENDPOINT_EVENTBRIDGE, bridge.endpoint().toString()), "us-east-1");
        queueUrl = clients.sqs().createQueue(b -> b.queueName("PaymentEventsQueue")).queueUrl();

        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        SamTemplate.RuleDef rule = SamTemplate.read(dir.resolve("template.yaml")).rule("PaymentEventsRule").orElseThrow();
        String pattern = new ObjectMapper().writeValueAsString(rule.eventPattern().toPlain());
        bridge.route(new LocalEventBridge.Route("default", "PaymentEventsRule", pattern, queueUrl));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        clients.close();
        sqsServer.stopAndWait();
    }

    static PutEventsRequestEntry entry(String source, String detailType, String detail) {
        return PutEventsRequestEntry.builder().eventBusName("default").source(source).detailType(detailType).detail(detail).build();
    }

    @Test
    void a_matching_event_reaches_the_rule_target_in_eventbridges_envelope_and_others_do_not() throws Exception {
        PutEventsResponse response = clients.eventBridge().putEvents(b -> b.entries(
                entry("billing.payments", "Payment Failed", "{\"paymentId\":\"p1\",\"accountId\":\"A1\"}"),
                entry("someone.else", "Payment Failed", "{\"paymentId\":\"p2\"}"),
                entry("billing.payments", "Invoice Created", "{}"),
                entry("billing.payments", "Payment Failed", "not json")));

        assertEquals(1, response.failedEntryCount());
        assertEquals("InvalidArgument", response.entries().get(3).errorCode());
        var messages = clients.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertEquals(1, messages.size());
        JsonNode envelope = new ObjectMapper().readTree(messages.get(0).body());
        assertEquals("Payment Failed", envelope.get("detail-type").asText());
        assertEquals("billing.payments", envelope.get("source").asText());
        assertEquals("p1", envelope.get("detail").get("paymentId").asText());
        assertEquals(response.entries().get(0).eventId(), envelope.get("id").asText());
        assertEquals(3, bridge.archive().size());
        assertEquals(List.of("PaymentEventsRule"), bridge.archive().get(0).routedTo());
    }

    @Test
    void more_than_ten_entries_is_refused_as_eventbridge_does() {
        List<PutEventsRequestEntry> eleven = java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> entry("billing.payments", "Payment Failed", "{}")).toList();
        assertThrows(EventBridgeException.class, () -> clients.eventBridge().putEvents(b -> b.entries(eleven)));
    }
}
