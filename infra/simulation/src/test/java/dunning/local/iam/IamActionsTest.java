package dunning.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dunning.local.iam.IamActions.Need;
import dunning.local.iam.IamActions.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The documented mapping from an SDK call to the IAM actions it needs, one case each. */
class IamActionsTest {
    static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("A"), "sk", AttributeValue.fromS("B"));

    @Test
    void a_transaction_needs_the_item_action_of_each_part_and_no_action_of_its_own() {
        var request = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("T").item(KEY)).build(),
                TransactWriteItem.builder().update(u -> u.tableName("T").key(KEY).updateExpression("SET x = :x")).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("T").key(KEY)).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("U").key(KEY).conditionExpression("attribute_exists(pk)")).build())
                .build();
        assertEquals(List.of(new Need("dynamodb:PutItem", new Target.Table("T")), new Need("dynamodb:UpdateItem", new Target.Table("T")),
                new Need("dynamodb:DeleteItem", new Target.Table("T")), new Need("dynamodb:ConditionCheckItem", new Target.Table("U"))),
                IamActions.of("DynamoDb", "TransactWriteItems", request));
    }

    @Test
    void a_query_needs_dynamodb_query_on_the_index_it_names_else_on_the_table() {
        assertEquals(List.of(new Need("dynamodb:Query", new Target.Index("T", "WakeUps"))),
                IamActions.of("DynamoDb", "Query", QueryRequest.builder().tableName("T").indexName("WakeUps").build()));
        assertEquals(List.of(new Need("dynamodb:Query", new Target.Table("T"))),
                IamActions.of("DynamoDb", "Query", QueryRequest.builder().tableName("T").build()));
    }

    @Test
    void a_batch_write_is_an_action_of_its_own_on_each_table() {
        var write = WriteRequest.builder().deleteRequest(d -> d.key(KEY)).build();
        assertEquals(List.of(new Need("dynamodb:BatchWriteItem", new Target.Table("T"))), IamActions.of("DynamoDb", "BatchWriteItem",
                BatchWriteItemRequest.builder().requestItems(Map.of("T", List.of(write))).build()));
    }

    @Test
    void send_message_batch_needs_sqs_send_message_on_its_queue() {
        var request = SendMessageBatchRequest.builder().queueUrl("http://q/1/Q")
                .entries(SendMessageBatchRequestEntry.builder().id("1").messageBody("x").build()).build();
        assertEquals(List.of(new Need("sqs:SendMessage", new Target.Queue("http://q/1/Q"))), IamActions.of("Sqs", "SendMessageBatch", request));
    }

    @Test
    void put_events_needs_events_put_events_on_each_bus_an_entry_names_the_default_bus_when_none() {
        var request = PutEventsRequest.builder().entries(PutEventsRequestEntry.builder().eventBusName("dunning").build(),
                PutEventsRequestEntry.builder().build()).build();
        assertEquals(List.of(new Need("events:PutEvents", new Target.Bus("dunning")), new Need("events:PutEvents", new Target.Bus("default"))),
                IamActions.of("EventBridge", "PutEvents", request));
    }

    @Test
    void send_email_needs_ses_send_email_on_the_identity_and_on_a_configuration_set_it_names() {
        assertEquals(List.of(new Need("ses:SendEmail", new Target.SesIdentity("billing@example.com", null))),
                IamActions.of("SesV2", "SendEmail", SendEmailRequest.builder().fromEmailAddress("billing@example.com").build()));
        assertEquals(List.of(new Need("ses:SendEmail", new Target.SesIdentity("billing@example.com", null)),
                        new Need("ses:SendEmail", new Target.SesConfigurationSet("tracking"))),
                IamActions.of("SesV2", "SendEmail", SendEmailRequest.builder().fromEmailAddress("billing@example.com")
                        .configurationSetName("tracking").build()));
    }

    @Test
    void an_operation_without_a_documented_mapping_here_is_unmapped_never_passed() {
        assertEquals(List.of(Need.unmapped("DynamoDb", "DescribeTable")),
                IamActions.of("DynamoDb", "DescribeTable", DescribeTableRequest.builder().tableName("T").build()));
        assertEquals(List.of(Need.unmapped("Kms", "Decrypt")), IamActions.of("Kms", "Decrypt", DescribeTableRequest.builder().build()));
    }
}
