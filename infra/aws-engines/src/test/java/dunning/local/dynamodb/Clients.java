package dunning.local.dynamodb;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Real SDK clients for the tests, and the project's table shape (pk/sk, two GSIs, one sparse). */
public final class Clients {
    private static final AtomicInteger TABLES = new AtomicInteger();

    private Clients() {
    }

    public static DynamoDbClient client(LocalDynamoDb ddb) {
        return DynamoDbClient.builder()
                .endpointOverride(ddb.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + TABLES.incrementAndGet();
    }

    /** A table shaped like DunningTable: pk/sk, GSI ByBillGroup (ALL), sparse GSI OpenInvoicesByDueDate (KEYS_ONLY). */
    public static String createDunningLikeTable(DynamoDbClient client) {
        String name = uniqueName("Dunning");
        client.createTable(CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(def("pk"), def("sk"), def("gsi1pk"), def("gsi1sk"), def("gsi2pk"), def("gsi2sk"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("ByBillGroup")
                                .keySchema(key("gsi1pk", KeyType.HASH), key("gsi1sk", KeyType.RANGE))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build(),
                        GlobalSecondaryIndex.builder().indexName("OpenInvoicesByDueDate")
                                .keySchema(key("gsi2pk", KeyType.HASH), key("gsi2sk", KeyType.RANGE))
                                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build())
                .build());
        return name;
    }

    static AttributeDefinition def(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    static AttributeValue s(String s) {
        return AttributeValue.fromS(s);
    }

    static AttributeValue n(String n) {
        return AttributeValue.fromN(n);
    }

    /** item("pk", s("a"), "sk", s("b"), ...) */
    static Map<String, AttributeValue> item(Object... pairs) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
        }
        return m;
    }
}
