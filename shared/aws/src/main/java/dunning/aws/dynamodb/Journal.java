package dunning.aws.dynamodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A commit larger than one transaction (DynamoDB takes at most 100 actions and 4 MB), exactly once:
 * the first transaction carries the commit point (the version-conditioned writes) and, for what does
 * not fit, journal parts JOURNAL#&lt;commit&gt;#&lt;n&gt; in the same item collection. Each part is then
 * applied in a transaction of its own that also deletes it (conditioned on it still existing), so a
 * part is applied once however many writers finish it; a crash leaves parts that the account's next
 * load finishes before anything else is read. Parts are on the WakeUps index, so an unfinished commit
 * is found without waiting for another reason to load the account.
 */
final class Journal {
    /** Actions of one transaction: DynamoDB's limit. */
    static final int MAX_ACTIONS = 100;
    /** Bytes of one transaction, with room under DynamoDB's 4 MB for the request's own overhead. */
    static final long MAX_BYTES = 3_500_000;
    static final String WRITES = "writes";

    private Journal() {}

    /** Splits {@code writes} into transactions within DynamoDB's limits, keeping their order. */
    static List<List<TransactWriteItem>> chunks(List<TransactWriteItem> writes, int maxActions) {
        List<List<TransactWriteItem>> chunks = new ArrayList<>();
        List<TransactWriteItem> current = new ArrayList<>();
        long bytes = 0;
        for (TransactWriteItem w : writes) {
            long size = size(w);
            if (!current.isEmpty() && (current.size() == maxActions || bytes + size > MAX_BYTES)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(w);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** A journal part holding {@code writes}. */
    static Map<String, AttributeValue> part(String pk, String accountId, String commit, int n, List<TransactWriteItem> writes,
                                             Instant now) {
        Map<String, AttributeValue> item = Attr.key(pk, Keys.SK_JOURNAL + commit + "#" + String.format("%04d", n));
        List<AttributeValue> encoded = new ArrayList<>(writes.size());
        writes.forEach(w -> encoded.add(encode(w)));
        item.put(WRITES, AttributeValue.fromL(encoded));
        item.put(ActionRecords.CREATED_AT, Attr.s(now.toString()));
        item.put(Keys.GSI3PK, Attr.s(Keys.pendingShardKey(accountId)));
        item.put(Keys.GSI3SK, Attr.s(Keys.pendingSortKey(now, accountId, "journal#" + commit + "#" + n)));
        return item;
    }

    /** The transaction that applies a part: its writes and its own deletion, which must still find it. */
    static List<TransactWriteItem> applying(String table, Map<String, AttributeValue> part) {
        List<TransactWriteItem> tx = new ArrayList<>();
        for (AttributeValue w : part.get(WRITES).l()) {
            tx.add(decode(table, w.m()));
        }
        tx.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Attr.key(Attr.str(part, Keys.PK), Attr.str(part, Keys.SK)))
                .conditionExpression("attribute_exists(pk)").build()).build());
        return tx;
    }

    private static AttributeValue encode(TransactWriteItem w) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        if (w.put() != null) {
            m.put("op", Attr.s("put"));
            m.put("item", AttributeValue.fromM(w.put().item()));
            condition(m, w.put().conditionExpression(), w.put().expressionAttributeNames(), w.put().expressionAttributeValues());
        } else if (w.update() != null) {
            m.put("op", Attr.s("update"));
            m.put("key", AttributeValue.fromM(w.update().key()));
            m.put("update", Attr.s(w.update().updateExpression()));
            condition(m, w.update().conditionExpression(), w.update().expressionAttributeNames(), w.update().expressionAttributeValues());
        } else if (w.delete() != null) {
            m.put("op", Attr.s("delete"));
            m.put("key", AttributeValue.fromM(w.delete().key()));
            condition(m, w.delete().conditionExpression(), w.delete().expressionAttributeNames(), w.delete().expressionAttributeValues());
        } else {
            throw new IllegalArgumentException("a condition check cannot wait in a journal: it must hold at the commit point");
        }
        return AttributeValue.fromM(m);
    }

    private static void condition(Map<String, AttributeValue> m, String condition, Map<String, String> names,
                                  Map<String, AttributeValue> values) {
        if (condition != null) {
            m.put("condition", Attr.s(condition));
        }
        if (names != null && !names.isEmpty()) {
            Map<String, AttributeValue> n = new LinkedHashMap<>();
            names.forEach((k, v) -> n.put(k, Attr.s(v)));
            m.put("names", AttributeValue.fromM(n));
        }
        if (values != null && !values.isEmpty()) {
            m.put("values", AttributeValue.fromM(values));
        }
    }

    private static TransactWriteItem decode(String table, Map<String, AttributeValue> m) {
        String condition = Attr.optStr(m, "condition").orElse(null);
        Map<String, String> names = null;
        if (m.containsKey("names")) {
            names = new LinkedHashMap<>();
            for (var e : m.get("names").m().entrySet()) {
                names.put(e.getKey(), e.getValue().s());
            }
        }
        Map<String, AttributeValue> values = m.containsKey("values") ? m.get("values").m() : null;
        switch (Attr.str(m, "op")) {
            case "put":
                return TransactWriteItem.builder().put(Put.builder().tableName(table).item(m.get("item").m())
                        .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
                        .build()).build();
            case "update":
                return TransactWriteItem.builder().update(Update.builder().tableName(table).key(m.get("key").m())
                        .updateExpression(Attr.str(m, "update")).conditionExpression(condition).expressionAttributeNames(names)
                        .expressionAttributeValues(values).build()).build();
            default:
                return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(m.get("key").m())
                        .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
                        .build()).build();
        }
    }

    /** An estimate of a write's request size, generous enough to keep a transaction under 4 MB. */
    static long size(TransactWriteItem w) {
        if (w.put() != null) {
            return 200 + Items.size(w.put().item()) + Items.size(w.put().expressionAttributeValues());
        }
        if (w.update() != null) {
            return 200 + Items.size(w.update().key()) + w.update().updateExpression().length()
                    + Items.size(w.update().expressionAttributeValues());
        }
        if (w.delete() != null) {
            return 200 + Items.size(w.delete().key());
        }
        ConditionCheck c = w.conditionCheck();
        return 200 + Items.size(c.key()) + Items.size(c.expressionAttributeValues());
    }
}
