package dunning.local.dynamodb;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One engine per test class, reached through the real SDK client, as every engine test needs it. */
abstract class EngineTest {
    static LocalDynamoDb ddb;
    static DynamoDbClient client;

    @BeforeAll
    static void start() {
        ddb = LocalDynamoDb.start();
        client = Clients.client(ddb);
    }

    @AfterAll
    static void stop() {
        client.close();
        ddb.close();
    }
}
