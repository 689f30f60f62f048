package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.store.ActionKind;
import dunning.aws.store.ActionStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Action records (pk ACTION#&lt;key&gt;, sk ITEM) and their outbox markers in the account's item
 * collection (sk OUTBOX#&lt;key&gt;): a marker exists while the action is not DONE, so an evaluation
 * that finds one can send it again (workers are idempotent), closing the gap between the decision
 * transaction and the sends.
 */
public final class ActionRecords {
    public static final String STATUS = "status";
    public static final String KIND = "kind";
    public static final String BODY = "body";
    public static final String ACCOUNT_ID = "accountId";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LEASE_OWNER = "leaseOwner";
    public static final String LEASE_UNTIL = "leaseUntil";
    public static final String MESSAGE_ID = "messageId";
    public static final String SENT_AT = "sentAt";
    // what the engine decided, in its own words (the audit trail, and what scenario runs compare)
    public static final String DECIDED_ON = "decidedOn";
    public static final String ACTION = "action";
    public static final String VALUE = "value";
    public static final String LEVEL = "level";

    private final DynamoTable table;

    public ActionRecords(DynamoTable table) {
        this.table = table;
    }

    /** A loaded action record. */
    public record Record(String key, String accountId, ActionKind kind, ActionStatus status, String body,
                         Map<String, AttributeValue> item) {}

    public Optional<Record> find(String key) {
        return table.get(Keys.action(key), Keys.SK_ITEM).map(i -> new Record(key, Attr.str(i, ACCOUNT_ID),
                ActionKind.valueOf(Attr.str(i, KIND)), ActionStatus.valueOf(Attr.str(i, STATUS)), Attr.optStr(i, BODY).orElse(""), i));
    }

    public Record require(String key) {
        return find(key).orElseThrow(() -> new BadMessageException("no action record for idempotency key " + key));
    }

    /** The two writes that record a new PENDING action: its record (must not exist) and its outbox marker. */
    public TransactWriteItem[] pending(String key, String accountId, ActionKind kind, String body, Instant now) {
        return pending(key, accountId, kind, body, now, Map.of());
    }

    /** The decision attributes of a record: the day, the engine's action kind and value, the level if any. */
    public static Map<String, AttributeValue> decision(java.time.LocalDate day, String action, String value, Optional<String> level) {
        Map<String, AttributeValue> d = new HashMap<>();
        d.put(DECIDED_ON, Attr.s(day.toString()));
        d.put(ACTION, Attr.s(action));
        d.put(VALUE, Attr.s(value));
        level.ifPresent(l -> d.put(LEVEL, Attr.s(l)));
        return d;
    }

    /** As above, the record also keeping {@code decision} (see {@link #decision}). */
    public TransactWriteItem[] pending(String key, String accountId, ActionKind kind, String body, Instant now,
                                       Map<String, AttributeValue> decision) {
        Map<String, AttributeValue> record = Attr.key(Keys.action(key), Keys.SK_ITEM);
        record.putAll(decision);
        record.put(ACCOUNT_ID, Attr.s(accountId));
        record.put(KIND, Attr.s(kind.name()));
        record.put(STATUS, Attr.s(ActionStatus.PENDING.name()));
        record.put(BODY, Attr.s(body));
        record.put(CREATED_AT, Attr.s(now.toString()));
        Map<String, AttributeValue> marker = Attr.key(Keys.account(accountId), Keys.outboxSk(key));
        marker.put(KIND, Attr.s(kind.name()));
        marker.put(BODY, Attr.s(body));
        marker.put(CREATED_AT, Attr.s(now.toString()));
        return new TransactWriteItem[] {
            TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(record)
                    .conditionExpression("attribute_not_exists(pk)").build()).build(),
            TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(marker).build()).build()
        };
    }

    /** Moves the record from one status to the next, setting extra attributes; fails if not in {@code from}. */
    public TransactWriteItem transition(String key, ActionStatus from, ActionStatus to, Instant now,
                                        Map<String, AttributeValue> extra) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#st", STATUS);
        names.put("#up", UPDATED_AT);
        values.put(":from", Attr.s(from.name()));
        values.put(":to", Attr.s(to.name()));
        values.put(":now", Attr.s(now.toString()));
        StringBuilder set = new StringBuilder("SET #st = :to, #up = :now");
        int i = 0;
        for (var e : new LinkedHashMap<>(extra).entrySet()) {
            names.put("#x" + i, e.getKey());
            values.put(":x" + i, e.getValue());
            set.append(", #x").append(i).append(" = :x").append(i);
            i++;
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Attr.key(Keys.action(key), Keys.SK_ITEM))
                .updateExpression(set.toString())
                .conditionExpression("#st = :from")
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
    }

    public TransactWriteItem deleteMarker(String accountId, String key) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.outboxSk(key))).build()).build();
    }

    /** Bumps the account's version without reading it, so a concurrent evaluation's save conflicts and retries. */
    public TransactWriteItem bumpVersion(String accountId) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.SK_STATE))
                .updateExpression("ADD #v :one")
                .expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(":one", Attr.n(1))).build()).build();
    }

    /** The account must exist (its PROFILE item). */
    public TransactWriteItem accountExists(String accountId) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.SK_PROFILE))
                .conditionExpression("attribute_exists(pk)")).build();
    }
}
