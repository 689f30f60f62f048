package dunning.local.dynamodb;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.Map;

import static dunning.local.dynamodb.Clients.item;
import static dunning.local.dynamodb.Clients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Throttling switched on from a test, answered as DynamoDB answers, and what the SDK's retry strategy makes of it. */
class ThrottlingTest extends EngineTest {
    static DynamoDbClient noRetries;

    @BeforeAll
    static void startNoRetries() {
        noRetries = DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local"))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterEach
    void clear() {
        ddb.clearThrottling();
    }

    @AfterAll
    static void stopNoRetries() {
        noRetries.close();
    }

    @Test
    void a_throttled_put_on_an_on_demand_table_is_retried_by_the_sdk_until_it_goes_through() {
        String table = Clients.createDunningLikeTable(client);
        long received = ddb.stats().count("PutItem");
        long before = ddb.throttled("PutItem");
        ddb.throttleNext("PutItem", 2);

        client.putItem(r -> r.tableName(table).item(item("pk", s("A"), "sk", s("1"))));

        assertEquals(before + 2, ddb.throttled("PutItem"));
        assertEquals(received + 3, ddb.stats().count("PutItem"), "two throttled attempts, then the one that went through");
        assertTrue(client.getItem(r -> r.tableName(table).key(item("pk", s("A"), "sk", s("1")))).hasItem());
    }

    @Test
    void on_demand_answers_throttling_exception_and_provisioned_answers_provisioned_throughput_exceeded() {
        String onDemand = Clients.createDunningLikeTable(client);
        ddb.throttleNext("GetItem", 1);
        ThrottlingException t = assertThrows(ThrottlingException.class, () ->
                noRetries.getItem(r -> r.tableName(onDemand).key(item("pk", s("A"), "sk", s("1")))));
        assertEquals(400, t.statusCode());
        assertTrue(t.awsErrorDetails().errorMessage().startsWith("Throughput exceeds the current capacity of your table or index."));
        assertEquals("TableReadKeyRangeThroughputExceeded", t.throttlingReasons().get(0).reason());
        assertTrue(t.throttlingReasons().get(0).resource().endsWith(":table/" + onDemand));

        String provisioned = Clients.uniqueName("Provisioned");
        client.createTable(r -> r.tableName(provisioned).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(Clients.key("pk", KeyType.HASH)));
        ddb.throttleNext("*", 1);
        ProvisionedThroughputExceededException p = assertThrows(ProvisionedThroughputExceededException.class, () ->
                noRetries.putItem(r -> r.tableName(provisioned).item(Map.of("pk", s("A")))));
        assertTrue(p.awsErrorDetails().errorMessage().startsWith("The level of configured provisioned throughput for the table was exceeded"));
        assertEquals("TableWriteProvisionedThroughputExceeded", p.throttlingReasons().get(0).reason());
    }

    @Test
    void a_throttled_transaction_is_cancelled_with_a_throttling_error_which_the_sdk_does_not_retry() {
        String table = Clients.createDunningLikeTable(client);
        long received = ddb.stats().count("TransactWriteItems");
        ddb.throttleNext("TransactWriteItems", 1);
        TransactWriteItem a = TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("T"), "sk", s("a")))).build();
        TransactWriteItem b = TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", s("T"), "sk", s("b")))).build();

        TransactionCanceledException e = assertThrows(TransactionCanceledException.class, () -> client.transactWriteItems(r -> r.transactItems(a, b)));

        assertEquals("ThrottlingError", e.cancellationReasons().get(0).code());
        assertEquals("None", e.cancellationReasons().get(1).code());
        assertTrue(e.awsErrorDetails().errorMessage().endsWith("[ThrottlingError, None]"), e.getMessage());
        assertEquals(received + 1, ddb.stats().count("TransactWriteItems"), "no retry");
        assertEquals(1, ddb.throttled("TransactWriteItems"));

        // a test may choose the top-level answer the API reference also lists; that one the SDK retries
        ddb.throttleNext("TransactWriteItems", 1, "ProvisionedThroughputExceededException");
        client.transactWriteItems(r -> r.transactItems(a, b));
        assertEquals(2, ddb.throttled("TransactWriteItems"));
        assertTrue(client.getItem(r -> r.tableName(table).key(item("pk", s("T"), "sk", s("b")))).hasItem());
    }

    @Test
    void throttling_only_takes_the_requests_it_names_and_refuses_what_dynamodb_never_answers() {
        String table = Clients.createDunningLikeTable(client);
        ddb.throttleNext("Query", 1);
        long total = ddb.throttled();
        noRetries.putItem(r -> r.tableName(table).item(item("pk", s("A"), "sk", s("1"))));
        assertEquals(total, ddb.throttled(), "a PutItem is not a Query");
        assertThrows(ThrottlingException.class, () -> noRetries.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("A")))));
        assertEquals(1, noRetries.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("A")))).count(), "used up");

        assertThrows(IllegalArgumentException.class, () -> ddb.throttleNext("PutItem", 1, "SlowDown"));
        assertThrows(IllegalArgumentException.class, () -> ddb.throttleNext("PutItem", 1, "TransactionCanceledException"));
    }
}
