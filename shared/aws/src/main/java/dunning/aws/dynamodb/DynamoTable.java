package dunning.aws.dynamodb;

import dunning.aws.lambda.Backoff;
import dunning.aws.lambda.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

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
        return query("#pk = :pk", Map.of("#pk", Keys.PK), Map.of(":pk", Attr.s(pk)));
    }

    /** The items of one item collection whose sort key starts with {@code skPrefix}, as {@link #collection(String)}. */
    public List<Map<String, AttributeValue>> collection(String pk, String skPrefix) {
        return query("#pk = :pk AND begins_with(#sk, :sk)", Map.of("#pk", Keys.PK, "#sk", Keys.SK),
                Map.of(":pk", Attr.s(pk), ":sk", Attr.s(skPrefix)));
    }

    private List<Map<String, AttributeValue>> query(String condition, Map<String, String> names, Map<String, AttributeValue> values) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(tableName).consistentRead(true)
                    .keyConditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values);
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
     * A conditional UpdateItem of the item (pk, sk): true when it was written, false when its
     * condition did not hold (another writer was first, or it was done already). Anything else propagates.
     */
    public boolean updateIf(String pk, String sk, Consumer<UpdateItemRequest.Builder> update) {
        try {
            client.updateItem(b -> update.accept(b.tableName(tableName).key(Attr.key(pk, sk))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** A conditional PutItem of {@code item}, as {@link #updateIf}: false when its condition did not hold. */
    public boolean putIf(Map<String, AttributeValue> item, Consumer<PutItemRequest.Builder> condition) {
        try {
            client.putItem(b -> condition.accept(b.tableName(tableName).item(item)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
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
        Backoff.Attempts attempts = Backoff.standard().attempts(Deadline.current());
        while (true) {
            try {
                client.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                // DynamoDB cancels a throttled transaction (reason ThrottlingError) or one that met another in
                // flight on the same item (TransactionConflict); the SDK does not retry either: we do, with backoff
                if (passing(e) && attempts.retry()) {
                    continue;
                }
                throw conflictOr(e, writes);
            }
        }
    }

    private static boolean passing(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        boolean any = false;
        for (CancellationReason r : reasons) {
            String code = r.code();
            if ("ThrottlingError".equals(code) || "TransactionConflict".equals(code)) {
                any = true;
            } else if (code != null && !"None".equals(code)) {
                return false;
            }
        }
        return any;
    }

    /** A failed condition as a {@link ConflictException} naming the items whose condition failed; anything else as it was. */
    private static RuntimeException conflictOr(TransactionCanceledException e, List<TransactWriteItem> writes) {
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
            return new ConflictException("transaction cancelled, conditions failed on " + failed, conditionFailed);
        }
        return e;
    }

    /**
     * Commits {@code anchor} (the writes that make the commit, e.g. a version-conditioned state put)
     * and {@code rest} exactly once: in one transaction when everything fits DynamoDB's limits, else
     * through a {@link Journal} in the account's item collection {@code pk}.
     */
    public void commit(String pk, String accountId, String commitId, List<TransactWriteItem> anchor, List<TransactWriteItem> rest,
                       java.time.Instant now) {
        List<TransactWriteItem> all = new ArrayList<>(anchor);
        all.addAll(rest);
        if (all.size() <= Journal.MAX_ACTIONS && Journal.chunks(all, Journal.MAX_ACTIONS).size() == 1) {
            transact(all);
            return;
        }
        List<List<TransactWriteItem>> parts = Journal.chunks(rest, Journal.MAX_ACTIONS - 1);
        if (anchor.size() + parts.size() > Journal.MAX_ACTIONS) {
            throw new IllegalStateException("a commit of " + all.size() + " writes for " + pk + " exceeds what one journal holds");
        }
        List<TransactWriteItem> first = new ArrayList<>(anchor);
        List<Map<String, AttributeValue>> journal = new ArrayList<>();
        for (int n = 0; n < parts.size(); n++) {
            Map<String, AttributeValue> part = Journal.part(pk, accountId, commitId, n, parts.get(n), now);
            if (Items.size(part) > Items.MAX_ITEM_BYTES) {
                throw new IllegalStateException("journal part " + n + " of " + pk + " is over DynamoDB's 400 KB item limit");
            }
            journal.add(part);
            first.add(TransactWriteItem.builder().put(p -> p.tableName(tableName).item(part)).build());
        }
        transact(first);
        finish(journal);
    }

    /** Applies the journal parts of an unfinished commit (see {@link Journal}); returns whether there were any. */
    public boolean finish(List<Map<String, AttributeValue>> parts) {
        List<Map<String, AttributeValue>> sorted = new ArrayList<>(parts);
        sorted.sort(java.util.Comparator.comparing(p -> Attr.str(p, Keys.SK)));
        for (Map<String, AttributeValue> part : sorted) {
            try {
                transact(Journal.applying(tableName, part));
            } catch (ConflictException e) {
                if (!e.failedOn(Attr.str(part, Keys.PK), Attr.str(part, Keys.SK))) {
                    throw e;
                }
                // another writer applied this part first
            }
        }
        return !sorted.isEmpty();
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
