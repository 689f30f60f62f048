package dunning.aws.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** DunningTable through the low-level client: one collection per Query, transactions with named conflicts. */
public final class DynamoTable {
    public static final int MAX_TRANSACTION_ITEMS = 100;

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoTable(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
    }

    public String name() {
        return tableName;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** All items of one item collection, strongly consistent, following pagination (one Query for any collection under 1 MB). */
    public List<Map<String, AttributeValue>> collection(String pk) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(tableName).consistentRead(true)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK))
                    .expressionAttributeValues(Map.of(":pk", Attr.s(pk)));
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse r = client.query(q.build());
            items.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    public java.util.Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        var r = client.getItem(b -> b.tableName(tableName).key(Attr.key(pk, sk)).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? java.util.Optional.of(r.item()) : java.util.Optional.empty();
    }

    /**
     * Writes all items in one TransactWriteItems (nothing when the list is empty). A failed
     * condition becomes a {@link ConflictException} naming the items whose condition failed.
     */
    public void transact(List<TransactWriteItem> writes) {
        if (writes.isEmpty()) {
            return;
        }
        if (writes.size() > MAX_TRANSACTION_ITEMS) {
            throw new IllegalStateException("transaction of " + writes.size() + " items exceeds " + MAX_TRANSACTION_ITEMS);
        }
        try {
            client.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<String> failed = new ArrayList<>();
            List<String> conditionFailed = new ArrayList<>();
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            boolean conditional = false;
            for (int i = 0; i < reasons.size(); i++) {
                String code = reasons.get(i).code();
                if ("ConditionalCheckFailed".equals(code)) {
                    conditional = true;
                    conditionFailed.add(describe(writes.get(i)));
                    failed.add(describe(writes.get(i)));
                } else if (code != null && !"None".equals(code)) {
                    failed.add(describe(writes.get(i)) + ":" + code);
                }
            }
            if (conditional || reasons.isEmpty()) {
                throw new ConflictException("transaction cancelled, conditions failed on " + failed, conditionFailed);
            }
            throw e;
        }
    }

    private static String describe(TransactWriteItem w) {
        Map<String, AttributeValue> key = w.put() != null ? w.put().item()
                : w.update() != null ? w.update().key()
                : w.delete() != null ? w.delete().key()
                : w.conditionCheck() != null ? w.conditionCheck().key() : Map.of();
        AttributeValue pk = key.get(Keys.PK);
        AttributeValue sk = key.get(Keys.SK);
        return (pk == null ? "?" : pk.s()) + "/" + (sk == null ? "?" : sk.s());
    }
}
