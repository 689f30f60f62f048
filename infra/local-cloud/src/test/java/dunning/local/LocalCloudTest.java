package dunning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.local.template.SamTemplate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutPartnerEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The local cloud is what template.yaml declares, and leaves nothing behind. */
class LocalCloudTest {

    @Test
    void everything_the_template_declares_is_provisioned_and_every_port_is_freed_on_close() throws Exception {
        List<Integer> ports = new ArrayList<>();
        try (LocalCloud cloud = LocalCloud.start()) {
            SamTemplate template = cloud.template();

            TableDescription table = cloud.clients().dynamoDb().describeTable(b -> b.tableName(cloud.tableName())).table();
            assertEquals(template.tables().get(0).globalSecondaryIndexes().stream().map(i -> i.indexName()).sorted().toList(),
                    table.globalSecondaryIndexes().stream().map(i -> i.indexName()).sorted().toList());
            assertEquals(3, table.globalSecondaryIndexes().size(), "ByBillGroup, OpenInvoicesByDueDate, WakeUps");

            for (SamTemplate.QueueDef q : template.queues()) {
                Map<QueueAttributeName, String> attributes = cloud.clients().sqs().getQueueAttributes(b -> b
                        .queueUrl(cloud.stack().queueUrl(q.logicalId())).attributeNames(QueueAttributeName.ALL)).attributes();
                assertEquals(String.valueOf(q.visibilityTimeoutSeconds()), attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT), q.logicalId());
                q.redrive().ifPresent(r -> {
                    String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
                    assertTrue(policy.contains(cloud.stack().queueArn(r.deadLetterQueueLogicalId().orElseThrow())), policy);
                    assertTrue(policy.contains("\"maxReceiveCount\":" + r.maxReceiveCount())
                            || policy.contains("\"maxReceiveCount\":\"" + r.maxReceiveCount() + "\""), policy);
                });
            }

            // both payment rules route into PaymentEventsQueue, each from its own bus; Stripe puts on its partner bus
            cloud.clients().eventBridge().putEvents(b -> b.entries(
                    PutEventsRequestEntry.builder().eventBusName("default").source("billing.payments")
                            .detailType("Payment Failed").detail("{\"paymentId\":\"p1\"}").build(),
                    PutEventsRequestEntry.builder().eventBusName("default").source("someone.else")
                            .detailType("Payment Failed").detail("{}").build()));
            cloud.clients().eventBridge().putPartnerEvents(b -> b.entries(PutPartnerEventsRequestEntry.builder()
                    .source("aws.partner/stripe.com/ed_test_dunning_local").detailType("invoice.paid").detail("{\"id\":\"evt_1\"}").build()));
            String payments = cloud.stack().queueUrl("PaymentEventsQueue");
            int delivered = cloud.clients().sqs().receiveMessage(b -> b.queueUrl(payments).maxNumberOfMessages(10)).messages().size();
            assertEquals(2, delivered, "the event from an unknown source matches no rule");

            Map<String, String> env = cloud.environmentFor("NotificationFunction");
            assertEquals(cloud.tableName(), env.get("TABLE_NAME"));
            assertEquals("billing@example.com", env.get("SENDER_EMAIL"));
            assertEquals("dunning", env.get("EVENT_BUS_NAME"));
            assertEquals(cloud.stack().queueUrl("EvaluationQueue"), cloud.environmentFor("BillRunFunction").get("EVALUATION_QUEUE_URL"));

            for (String key : List.of("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_SESV2", "AWS_ENDPOINT_URL_EVENTBRIDGE")) {
                ports.add(URI.create(env.get(key)).getPort());
            }
            assertTrue(cloud.startup().toMillis() > 0);
        }
        for (int port : ports) {
            try (ServerSocket again = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
                assertEquals(port, again.getLocalPort(), "port " + port + " is free again");
            } catch (IOException e) {
                throw new AssertionError("port " + port + " is still bound after close: " + e.getMessage(), e);
            }
        }
    }
}
