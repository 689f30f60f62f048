package dunning.local.dynamodb;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dunning.local.dynamodb.Clients.item;
import static dunning.local.dynamodb.Clients.n;
import static dunning.local.dynamodb.Clients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DynamoDB's documented quotas and the exact words it refuses with, through the real SDK client. */
class LimitsTest extends EngineTest {
    static final int MAX_ITEM = 409_600;
    String table;

    @BeforeEach
    void table() {
        table = Clients.createDunningLikeTable(client);
    }

    static String validation(Executable call) {
        DynamoDbException e = assertThrows(DynamoDbException.class, call);
        assertEquals("ValidationException", e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(400, e.statusCode());
        return e.awsErrorDetails().errorMessage();
    }

    void put(Map<String, AttributeValue> item) {
        client.putItem(r -> r.tableName(table).item(item));
    }

    /** pk "A", sk "B" and a padding string attribute "p", measuring exactly {@code bytes} with {@code extra}. */
    static Map<String, AttributeValue> itemOf(int bytes, Map<String, AttributeValue> extra, long extraBytes) {
        Map<String, AttributeValue> item = new HashMap<>(item("pk", s("A"), "sk", s("B")));
        item.putAll(extra);
        item.put("p", s("x".repeat((int) (bytes - 6 - extraBytes - 1))));
        return item;
    }

    // ------------------------------------------------------------------ keys

    @Test
    void a_partition_key_over_2048_bytes_and_a_sort_key_over_1024_are_refused_in_dynamodbs_words() {
        put(item("pk", s("k".repeat(2048)), "sk", s("s".repeat(1024))));

        assertEquals("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
                validation(() -> put(item("pk", s("k".repeat(2049)), "sk", s("s")))));
        // bytes, not characters: 1025 two-byte characters are 2050 bytes
        assertTrue(validation(() -> put(item("pk", s("é".repeat(1025)), "sk", s("s")))).contains("Size of hashkey"));
        assertEquals("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
                validation(() -> put(item("pk", s("k"), "sk", s("s".repeat(1025))))));
        assertTrue(validation(() -> client.getItem(r -> r.tableName(table).key(item("pk", s("k".repeat(2049)), "sk", s("s")))))
                .contains("Size of hashkey"));
        assertTrue(validation(() -> client.deleteItem(r -> r.tableName(table).key(item("pk", s("k"), "sk", s("s".repeat(1025))))))
                .contains("range keys"));
        assertTrue(validation(() -> client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("k".repeat(2049)))))).contains("Size of hashkey"));
        assertTrue(validation(() -> client.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND sk > :s")
                .expressionAttributeValues(Map.of(":p", s("k"), ":s", s("s".repeat(1025)))))).contains("range keys"));
    }

    @Test
    void index_keys_have_the_same_limits_and_empty_keys_are_refused() {
        assertEquals("One or more parameter values were invalid: Size limit exceeded for Index Key gsi1pk Actual Size: 2049 bytes "
                        + "Max Size: 2048 bytes IndexName: ByBillGroup",
                validation(() -> put(item("pk", s("k"), "sk", s("s"), "gsi1pk", s("g".repeat(2049)), "gsi1sk", s("x")))));
        assertTrue(validation(() -> put(item("pk", s("k"), "sk", s("s"), "gsi1pk", s("g"), "gsi1sk", s("x".repeat(1025)))))
                .contains("Max Size: 1024 bytes"));
        assertEquals("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
                + "string value. Key: pk", validation(() -> put(item("pk", s(""), "sk", s("s")))));
        assertEquals("One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
                        + "The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ByBillGroup, IndexKey: gsi1pk",
                validation(() -> put(item("pk", s("k"), "sk", s("s"), "gsi1pk", s(""), "gsi1sk", s("x")))));
    }

    // ------------------------------------------------------------------ item size

    @Test
    void an_item_of_exactly_400_kb_is_stored_and_one_byte_more_is_refused_on_every_write_path() {
        put(itemOf(MAX_ITEM, Map.of(), 0));
        String putWording = "Item size has exceeded the maximum allowed size";
        assertEquals(putWording, validation(() -> put(itemOf(MAX_ITEM + 1, Map.of(), 0))));
        assertEquals(putWording, validation(() -> client.batchWriteItem(r -> r.requestItems(Map.of(table,
                List.of(WriteRequest.builder().putRequest(p -> p.item(itemOf(MAX_ITEM + 1, Map.of(), 0))).build()))))));
        assertEquals(putWording, validation(() -> client.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(itemOf(MAX_ITEM + 1, Map.of(), 0)).build()).build()))));

        // an update is measured on the item it leaves behind, and refused in UpdateItem's words
        Map<String, AttributeValue> key = item("pk", s("A"), "sk", s("B"));
        client.putItem(r -> r.tableName(table).item(item("pk", s("A"), "sk", s("B"), "p", s("small"))));
        String longer = "x".repeat(MAX_ITEM - 13 + 1); // pk, sk (6) + p "small" (6) + q (1): one byte over
        assertEquals("Item size to update has exceeded the maximum allowed size", validation(() -> client.updateItem(r -> r
                .tableName(table).key(key).updateExpression("SET q = :q").expressionAttributeValues(Map.of(":q", s(longer))))));
        // inside a transaction the update's size shows only when it runs: a cancellation, in the update's words
        TransactionCanceledException cancelled = assertThrows(TransactionCanceledException.class, () -> client.transactWriteItems(r -> r
                .transactItems(TransactWriteItem.builder().update(u -> u.tableName(table).key(key).updateExpression("SET q = :q")
                        .expressionAttributeValues(Map.of(":q", s(longer)))).build())));
        assertEquals("ValidationError", cancelled.cancellationReasons().get(0).code());
        assertEquals("Item size to update has exceeded the maximum allowed size", cancelled.cancellationReasons().get(0).message());
    }

    @Test
    void sizes_are_counted_as_dynamodb_counts_them_names_numbers_maps_lists_booleans() {
        // "3.14159" costs 5 bytes (the halves either side of the point round up apart), "-42" 3, 0 one
        Map<String, AttributeValue> numbers = Map.of("n", n("3.14159"), "m", n("-42"), "z", n("0"));
        long numberBytes = 1 + 5 + 1 + 3 + 1 + 1;
        put(itemOf(MAX_ITEM, numbers, numberBytes));
        validation(() -> put(itemOf(MAX_ITEM + 1, numbers, numberBytes)));

        // a map or list is 3 bytes plus its elements, each element one byte more; BOOL and NULL are 1
        Map<String, AttributeValue> documents = Map.of(
                "doc", AttributeValue.fromM(Map.of("ab", s("xyz"), "t", AttributeValue.fromBool(true))), // 3 + (2+3+1) + (1+1+1)
                "l", AttributeValue.fromL(List.of(AttributeValue.fromNul(true), n("100")))); // 3 + (1+1) + (2+1)
        long documentBytes = 3 + 12 + 1 + 8;
        put(itemOf(MAX_ITEM, documents, documentBytes));
        validation(() -> put(itemOf(MAX_ITEM + 1, documents, documentBytes)));
    }

    // ------------------------------------------------------------------ numbers

    @Test
    void numbers_outside_38_digits_and_1e_130_to_1e_126_are_refused() {
        String overflow = "Number overflow. Attempting to store a number with magnitude larger than supported range";
        String underflow = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
        String[][] cases = {
                {"1E+126", overflow}, {"-1E+126", overflow}, {"1E+20000000", overflow}, {"1e99999999999", overflow},
                {"1E-131", underflow}, {"-1e-99999999999", underflow},
                {"0e126", overflow}, {"0e-131", underflow},
                {"1e9223372036854775808", "The parameter cannot be converted to a numeric value"},
                {"12345678901234567890123456789012345678.9", "Attempting to store more than 38 significant digits in a Number"},
                {"abc", "The parameter cannot be converted to a numeric value"},
                {"1e", "The parameter cannot be converted to a numeric value"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], validation(() -> put(item("pk", s("num"), "sk", s("1"), "v", n(c[0])))), c[0]);
        }
        // the same numbers are refused wherever they appear, a condition's values too
        assertEquals(overflow, validation(() -> client.putItem(r -> r.tableName(table).item(item("pk", s("num"), "sk", s("2")))
                .conditionExpression("attribute_not_exists(v) OR v = :v").expressionAttributeValues(Map.of(":v", n("1e99999999999"))))));

        String[][] stored = {
                {"9.9999999999999999999999999999999999999E+125", "9".repeat(38) + "0".repeat(88)},
                {"1E-130", "0." + "0".repeat(129) + "1"},
                {"0e125", "0"}, {"-0", "0"}, {"0042.500", "42.5"},
        };
        for (String[] c : stored) {
            put(item("pk", s("num"), "sk", s(c[0]), "v", n(c[0])));
            assertEquals(c[1], client.getItem(r -> r.tableName(table).key(item("pk", s("num"), "sk", s(c[0])))).item().get("v").n(), c[0]);
        }
    }

    @Test
    @Timeout(60) // a guard against a hang: expanding the digits would take minutes
    void a_number_written_with_a_huge_mantissa_is_read_without_expanding_it() {
        String one = "1" + "0".repeat(300_000) + "E-300000";
        put(item("pk", s("num"), "sk", s("big"), "v", n(one)));
        assertEquals("1", client.getItem(r -> r.tableName(table).key(item("pk", s("num"), "sk", s("big")))).item().get("v").n());
        assertTrue(validation(() -> put(item("pk", s("num"), "sk", s("big"), "v", n("1" + "0".repeat(300_000)))))
                .startsWith("Number overflow"));
    }

    @Test
    void a_number_key_out_of_range_is_refused_not_matched() {
        String name = Clients.uniqueName("NumberKeys");
        client.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("id").attributeType(ScalarAttributeType.N))
                .keySchema(Clients.key("id", KeyType.HASH)));
        assertTrue(validation(() -> client.getItem(r -> r.tableName(name).key(Map.of("id", n("1e99999999999")))))
                .startsWith("Number overflow"));
    }

    // ------------------------------------------------------------------ transactions and batches

    static TransactWriteItem transactPut(String table, String sk, int padding) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(item("pk", s("T"), "sk", s(sk), "p", s("x".repeat(padding)))).build()).build();
    }

    @Test
    void a_transaction_takes_100_actions_at_most_each_on_its_own_item() {
        List<TransactWriteItem> hundred = IntStream.range(0, 100).mapToObj(i -> transactPut(table, "i" + i, 1)).toList();
        client.transactWriteItems(r -> r.transactItems(hundred));
        List<TransactWriteItem> more = new ArrayList<>(hundred);
        more.add(transactPut(table, "i100", 1));
        assertTrue(validation(() -> client.transactWriteItems(r -> r.transactItems(more)))
                .contains("Member must have length less than or equal to 100"));

        assertEquals("Transaction request cannot include multiple operations on one item", validation(() ->
                client.transactWriteItems(r -> r.transactItems(transactPut(table, "same", 1), TransactWriteItem.builder()
                        .conditionCheck(c -> c.tableName(table).key(item("pk", s("T"), "sk", s("same")))
                                .conditionExpression("attribute_not_exists(pk)")).build()))));

        List<TransactGetItem> gets = IntStream.range(0, 101).mapToObj(i -> TransactGetItem.builder()
                .get(g -> g.tableName(table).key(item("pk", s("T"), "sk", s("i" + i)))).build()).toList();
        assertTrue(validation(() -> client.transactGetItems(r -> r.transactItems(gets)))
                .contains("Member must have length less than or equal to 100"));
        assertEquals(100, client.transactGetItems(r -> r.transactItems(gets.subList(0, 100))).responses().size());
    }

    @Test
    void a_transaction_over_4_mb_is_refused_before_anything_is_written() {
        // 10 items of 400,000 bytes are under 4 MB (4,194,304 bytes); 11 are over
        List<TransactWriteItem> ten = IntStream.range(0, 10).mapToObj(i -> transactPut(table, "big" + i, 400_000 - 20)).toList();
        client.transactWriteItems(r -> r.transactItems(ten));
        List<TransactWriteItem> eleven = IntStream.range(0, 11).mapToObj(i -> transactPut(table, "huge" + i, 400_000 - 20)).toList();
        assertEquals("Transaction request cannot be larger than 4 MB", validation(() -> client.transactWriteItems(r -> r.transactItems(eleven))));
        assertFalse(client.getItem(r -> r.tableName(table).key(item("pk", s("T"), "sk", s("huge0")))).hasItem());
    }

    @Test
    void batch_write_takes_25_requests_and_batch_get_100_keys() {
        List<WriteRequest> writes = IntStream.range(0, 26).mapToObj(i -> WriteRequest.builder()
                .putRequest(p -> p.item(item("pk", s("B"), "sk", s("i" + i)))).build()).toList();
        assertTrue(validation(() -> client.batchWriteItem(r -> r.requestItems(Map.of(table, writes))))
                .contains("Member must have length less than or equal to 25"));
        client.batchWriteItem(r -> r.requestItems(Map.of(table, writes.subList(0, 25))));

        List<Map<String, AttributeValue>> keys = IntStream.range(0, 101).mapToObj(i -> item("pk", s("B"), "sk", s("i" + i))).toList();
        assertEquals("Too many items requested for the BatchGetItem call", validation(() -> client.batchGetItem(r -> r
                .requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).build())))));
        assertEquals(25, client.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(keys.subList(0, 100)).build()))).responses().get(table).size());
    }

    @Test
    void batch_get_returns_at_most_16_mb_and_hands_back_the_rest_as_unprocessed_keys() {
        int items = 50; // 50 x 400 KB = 20 MB
        for (int page = 0; page < 2; page++) {
            int from = page * 25;
            client.batchWriteItem(r -> r.requestItems(Map.of(table, IntStream.range(from, from + 25).mapToObj(i -> WriteRequest.builder()
                    .putRequest(p -> p.item(withSk(itemOf(MAX_ITEM - 3, Map.of(), 0), "b" + (100 + i)))).build()).toList())));
        }
        List<Map<String, AttributeValue>> keys = IntStream.range(0, items).mapToObj(i -> item("pk", s("A"), "sk", s("b" + (100 + i)))).toList();
        BatchGetItemResponse first = client.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys)
                .consistentRead(true).build())));
        int got = first.responses().get(table).size();
        assertEquals(16 * 1024 * 1024 / MAX_ITEM, got, "every whole 400 KB item that fits in 16 MB");
        KeysAndAttributes rest = first.unprocessedKeys().get(table);
        assertEquals(items - got, rest.keys().size());
        assertEquals(Boolean.TRUE, rest.consistentRead(), "the unprocessed keys keep the request's read settings");
        BatchGetItemResponse second = client.batchGetItem(r -> r.requestItems(first.unprocessedKeys()));
        assertEquals(items - got, second.responses().get(table).size());
        assertTrue(second.unprocessedKeys().isEmpty());
    }

    static Map<String, AttributeValue> withSk(Map<String, AttributeValue> item, String sk) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put("sk", s(sk)); // "b1xx" is 3 bytes longer than "B"
        return copy;
    }

    // ------------------------------------------------------------------ pages

    void putPartition(String pk, int count, int bytes) {
        for (int i = 0; i < count; i++) {
            String sk = String.format("%03d", i);
            client.putItem(r -> r.tableName(table).item(item("pk", s(pk), "sk", s(sk), "gsi2pk", s("open"), "gsi2sk", s(pk + sk),
                    "p", s("x".repeat(bytes)))));
        }
    }

    @Test
    void a_query_page_holds_1_mb_read_before_the_filter_then_a_last_evaluated_key() {
        putPartition("Q", 30, 100_000);
        QueryResponse page = client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("p = :nothing").expressionAttributeValues(Map.of(":p", s("Q"), ":nothing", s("no"))));
        assertEquals(0, page.count(), "the filter matched nothing");
        long itemBytes = 2 + 1 + 2 + 3 + 6 + 4 + 6 + 4 + 1 + 100_000;
        assertTrue(page.scannedCount() * itemBytes >= 1024 * 1024 && (page.scannedCount() - 1) * itemBytes < 1024 * 1024,
                "read until 1 MB: " + page.scannedCount());
        assertTrue(page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty());

        int total = 0;
        int pages = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = client.query(q -> q.tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("Q"))).exclusiveStartKey(from));
            total += r.count();
            pages++;
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        assertEquals(30, total);
        assertEquals(3, pages);

        // a KEYS_ONLY index reads only its small entries: all 30 fit in one page
        QueryResponse keysOnly = client.query(r -> r.tableName(table).indexName("OpenInvoicesByDueDate")
                .keyConditionExpression("gsi2pk = :o").expressionAttributeValues(Map.of(":o", s("open"))));
        assertEquals(30, keysOnly.count());
        assertFalse(keysOnly.hasLastEvaluatedKey() && !keysOnly.lastEvaluatedKey().isEmpty());
    }

    @Test
    void a_scan_page_holds_1_mb_too() {
        putPartition("S1", 8, 100_000);
        putPartition("S2", 8, 100_000);
        ScanResponse page = client.scan(r -> r.tableName(table));
        assertTrue(page.scannedCount() < 16 && page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty(),
                "scanned " + page.scannedCount());
    }

    @Test
    void a_page_cut_by_limit_has_a_last_evaluated_key_even_when_nothing_follows() {
        putPartition("L", 3, 10);
        QueryResponse page = client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("L"))).limit(3));
        assertEquals(3, page.count());
        assertTrue(page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty());
        QueryResponse next = client.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("L"))).limit(3).exclusiveStartKey(page.lastEvaluatedKey()));
        assertEquals(0, next.count());
        assertFalse(next.hasLastEvaluatedKey() && !next.lastEvaluatedKey().isEmpty());
    }
}
