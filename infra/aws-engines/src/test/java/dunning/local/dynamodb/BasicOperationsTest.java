package dunning.local.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.util.List;
import java.util.Map;

import static dunning.local.dynamodb.Clients.item;
import static dunning.local.dynamodb.Clients.n;
import static dunning.local.dynamodb.Clients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasicOperationsTest extends EngineTest {

    @Test
    void createDescribeListAndDeleteTables() {
        String name = Clients.createDunningLikeTable(client);
        DescribeTableResponse d = client.describeTable(r -> r.tableName(name));
        assertEquals(TableStatus.ACTIVE, d.table().tableStatus());
        assertEquals(0L, d.table().itemCount());
        assertEquals(2, d.table().globalSecondaryIndexes().size());
        assertEquals("OpenInvoicesByDueDate", d.table().globalSecondaryIndexes().get(1).indexName());
        assertEquals(List.of("gsi2pk", "gsi2sk"), d.table().globalSecondaryIndexes().get(1).keySchema().stream()
                .map(k -> k.attributeName()).toList());

        client.putItem(r -> r.tableName(name).item(item("pk", s("A#1"), "sk", s("ACCOUNT"))));
        assertEquals(1L, client.describeTable(r -> r.tableName(name)).table().itemCount());

        ListTablesResponse list = client.listTables();
        assertTrue(list.tableNames().contains(name));
        assertThrows(ResourceInUseException.class, () -> client.createTable(CreateTableRequest.builder()
                .tableName(name).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(Clients.def("pk")).keySchema(Clients.key("pk", KeyType.HASH)).build()));

        client.deleteTable(r -> r.tableName(name));
        assertThrows(ResourceNotFoundException.class, () -> client.describeTable(r -> r.tableName(name)));
        assertThrows(ResourceNotFoundException.class, () -> client.getItem(r -> r.tableName(name)
                .key(item("pk", s("A#1"), "sk", s("ACCOUNT")))));
    }

    @Test
    void putGetAndDeleteKeepEveryType() {
        String name = Clients.createDunningLikeTable(client);
        Map<String, AttributeValue> stored = item(
                "pk", s("A#1"), "sk", s("ACCOUNT"),
                "name", s("Ünïcode ✓"),
                "balance", n("0012.50"),
                "blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[]{1, 2, (byte) 255})),
                "active", AttributeValue.fromBool(true),
                "nothing", AttributeValue.fromNul(true),
                "address", AttributeValue.fromM(Map.of("city", s("Lyon"), "zip", n("69001"))),
                "tags", AttributeValue.fromL(List.of(s("x"), n("2"))),
                "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2.5")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("q"))));
        PutItemResponse put = client.putItem(r -> r.tableName(name).item(stored).returnValues(ReturnValue.ALL_OLD));
        assertFalse(put.hasAttributes() && !put.attributes().isEmpty());

        GetItemResponse got = client.getItem(r -> r.tableName(name).key(item("pk", s("A#1"), "sk", s("ACCOUNT")))
                .consistentRead(true));
        assertEquals("12.5", got.item().get("balance").n(), "numbers come back canonical");
        assertEquals(s("Ünïcode ✓"), got.item().get("name"));
        assertEquals(stored.get("blob"), got.item().get("blob"));
        assertEquals(stored.get("address"), got.item().get("address"));
        assertEquals(stored.get("tags"), got.item().get("tags"));
        assertEquals(stored.get("ss"), got.item().get("ss"));
        assertEquals(true, got.item().get("nothing").nul());

        GetItemResponse projected = client.getItem(r -> r.tableName(name).key(item("pk", s("A#1"), "sk", s("ACCOUNT")))
                .projectionExpression("#n, address.city, tags[1]").expressionAttributeNames(Map.of("#n", "name")));
        assertEquals(Map.of("name", s("Ünïcode ✓"),
                "address", AttributeValue.fromM(Map.of("city", s("Lyon"))),
                "tags", AttributeValue.fromL(List.of(n("2")))), projected.item());

        GetItemResponse missing = client.getItem(r -> r.tableName(name).key(item("pk", s("nope"), "sk", s("x"))));
        assertFalse(missing.hasItem());

        DeleteItemResponse deleted = client.deleteItem(r -> r.tableName(name)
                .key(item("pk", s("A#1"), "sk", s("ACCOUNT"))).returnValues(ReturnValue.ALL_OLD));
        assertEquals("12.5", deleted.attributes().get("balance").n());
        assertFalse(client.getItem(r -> r.tableName(name).key(item("pk", s("A#1"), "sk", s("ACCOUNT")))).hasItem());
    }

    @Test
    void conditionalPutAndDeleteFailWithTheTypedException() {
        String name = Clients.createDunningLikeTable(client);
        Map<String, AttributeValue> key = item("pk", s("A#1"), "sk", s("ACCOUNT"));
        client.putItem(r -> r.tableName(name).item(item("pk", s("A#1"), "sk", s("ACCOUNT"), "version", n("1")))
                .conditionExpression("attribute_not_exists(pk)"));
        ConditionalCheckFailedException e = assertThrows(ConditionalCheckFailedException.class, () ->
                client.putItem(r -> r.tableName(name).item(item("pk", s("A#1"), "sk", s("ACCOUNT"), "version", n("9")))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals(400, e.statusCode());
        assertEquals(n("1"), e.item().get("version"));

        assertThrows(ConditionalCheckFailedException.class, () -> client.deleteItem(r -> r.tableName(name).key(key)
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n("2")))));
        client.deleteItem(r -> r.tableName(name).key(key)
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n("1.0"))));
        assertFalse(client.getItem(r -> r.tableName(name).key(key)).hasItem());
    }

    @Test
    void validationErrorsLookLikeDynamoDbs() {
        String name = Clients.createDunningLikeTable(client);
        DynamoDbException missingKey = assertThrows(DynamoDbException.class, () ->
                client.putItem(r -> r.tableName(name).item(item("pk", s("A")))));
        assertEquals("ValidationException", missingKey.awsErrorDetails().errorCode());

        DynamoDbException reserved = assertThrows(DynamoDbException.class, () ->
                client.putItem(r -> r.tableName(name).item(item("pk", s("A"), "sk", s("B")))
                        .conditionExpression("attribute_not_exists(status)")));
        assertTrue(reserved.getMessage().contains("reserved keyword"), reserved.getMessage());

        DynamoDbException unused = assertThrows(DynamoDbException.class, () ->
                client.putItem(r -> r.tableName(name).item(item("pk", s("A"), "sk", s("B")))
                        .conditionExpression("attribute_not_exists(pk)")
                        .expressionAttributeValues(Map.of(":x", s("unused")))));
        assertTrue(unused.getMessage().contains("unused"), unused.getMessage());

        DynamoDbException wrongIndexType = assertThrows(DynamoDbException.class, () ->
                client.putItem(r -> r.tableName(name).item(item("pk", s("A"), "sk", s("B"), "gsi1pk", n("1")))));
        assertTrue(wrongIndexType.getMessage().contains("ByBillGroup"), wrongIndexType.getMessage());

        DynamoDbException tooBig = assertThrows(DynamoDbException.class, () ->
                client.putItem(r -> r.tableName(name).item(item("pk", s("A"), "sk", s("B"), "big", s("x".repeat(410_000))))));
        assertTrue(tooBig.getMessage().contains("Item size has exceeded"), tooBig.getMessage());

        DynamoDbException wrongKey = assertThrows(DynamoDbException.class, () ->
                client.getItem(r -> r.tableName(name).key(item("pk", s("A")))));
        assertEquals("ValidationException", wrongKey.awsErrorDetails().errorCode());
    }

    @Test
    void statsCountEveryRequestByOperation() {
        String name = Clients.createDunningLikeTable(client);
        long puts = ddb.stats().count("PutItem");
        long gets = ddb.stats().count("GetItem");
        client.putItem(r -> r.tableName(name).item(item("pk", s("S"), "sk", s("1"))));
        client.putItem(r -> r.tableName(name).item(item("pk", s("S"), "sk", s("2"))));
        client.getItem(r -> r.tableName(name).key(item("pk", s("S"), "sk", s("1"))));
        assertEquals(puts + 2, ddb.stats().count("PutItem"));
        assertEquals(gets + 1, ddb.stats().count("GetItem"));
        assertTrue(ddb.stats().snapshot().get("CreateTable") >= 1);
    }
}
