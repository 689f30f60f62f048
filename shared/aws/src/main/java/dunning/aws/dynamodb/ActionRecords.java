package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.store.ActionStatus;
import dunning.domain.engine.Effect;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Action records (pk ACTION#&lt;key&gt;, sk ITEM): one per effect, holding the effect exactly as the
 * evaluation decided it (the authority every worker carries out) and its progress; and their
 * outbox markers in the account's item collection (sk OUTBOX#&lt;key&gt;, also on the WakeUps index):
 * a marker exists while the effect is not done, so work in flight is seen in the account's one
 * Query and found by the redispatch sweep.
 */
public final class ActionRecords {
    public static final String STATUS = "status";
    public static final String EFFECT = "effect";
    public static final String ACCOUNT_ID = "accountId";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LEASE_OWNER = "leaseOwner";
    public static final String LEASE_UNTIL = "leaseUntil";
    public static final String MESSAGE_ID = "messageId";
    public static final String MESSAGE_IDS = "messageIds";
    public static final String SENT_AT = "sentAt";
    public static final String FAILURE = "failure";
    // what scenario runs and explain read: the day decided and the effect's kind
    public static final String DECIDED_ON = "decidedOn";
    public static final String KIND = "kind";

    private final DynamoTable table;

    public ActionRecords(DynamoTable table) {
        this.table = table;
    }

    /** A loaded action record: the effect it holds and where it stands. */
    public record Record(String key, String accountId, Effect effect, ActionStatus status, Map<String, AttributeValue> item) {}

    public Optional<Record> find(String key) {
        return table.get(Keys.action(key), Keys.SK_ITEM).map(ActionRecords::record);
    }

    static Record record(Map<String, AttributeValue> i) {
        String key = Attr.str(i, Keys.PK).substring("ACTION#".length());
        return new Record(key, Attr.str(i, ACCOUNT_ID), EffectCodec.decode(i.get(EFFECT)), ActionStatus.valueOf(Attr.str(i, STATUS)), i);
    }

    /** The record of {@code key}; a message naming no record is a bad message (forged, or for another stack). */
    public Record require(String key) {
        return find(key).orElseThrow(() -> new BadMessageException("no action record for idempotency key " + key));
    }

    /** The two writes that record a new PENDING effect: its record (which must not exist) and its outbox marker. */
    public static List<TransactWriteItem> pending(String tableName, Effect effect, Instant now) {
        String accountId = effect.context().account();
        Map<String, AttributeValue> record = Attr.key(Keys.action(effect.key()), Keys.SK_ITEM);
        record.put(ACCOUNT_ID, Attr.s(accountId));
        record.put(KIND, Attr.s(EffectCodec.kind(effect)));
        record.put(DECIDED_ON, Attr.s(effect.day().toString()));
        record.put(EFFECT, EffectCodec.encode(effect));
        record.put(STATUS, Attr.s(ActionStatus.PENDING.name()));
        record.put(CREATED_AT, Attr.s(now.toString()));
        Map<String, AttributeValue> marker = Attr.key(Keys.account(accountId), Keys.outboxSk(effect.key()));
        marker.put(EFFECT, EffectCodec.encode(effect));
        marker.put(CREATED_AT, Attr.s(now.toString()));
        marker.put(Keys.GSI3PK, Attr.s(Keys.pendingShardKey(accountId)));
        marker.put(Keys.GSI3SK, Attr.s(Keys.pendingSortKey(now, accountId, effect.key())));
        return List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(record)
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(marker).build()).build());
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

    /**
     * The last step of every worker: {@code from} (the effect carried out) -> DONE once its event is
     * published. Idempotent: a record some other delivery already finished is left as it is.
     */
    public void markDone(String key, ActionStatus from, Instant now) {
        try {
            table.transact(List.of(transition(key, from, ActionStatus.DONE, now, Map.of())));
        } catch (ConflictException e) {
            if (require(key).status() != ActionStatus.DONE) {
                throw e;
            }
        }
    }

    public TransactWriteItem deleteMarker(String accountId, String key) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.outboxSk(key))).build()).build();
    }

    /** Bumps the account's version without reading it, so a concurrent evaluation's commit conflicts and redoes its day. */
    public TransactWriteItem bumpVersion(String accountId) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.SK_STATE))
                .updateExpression("ADD #v :one")
                .expressionAttributeNames(Map.of("#v", DynamoAccountBook.VERSION))
                .expressionAttributeValues(Map.of(":one", Attr.n(1))).build()).build();
    }

    /** The account must exist (its PROFILE item). */
    public TransactWriteItem accountExists(String accountId) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.SK_PROFILE))
                .conditionExpression("attribute_exists(pk)")).build();
    }

    /** The effect of {@code message}'s record must be of {@code type} and for the message's account, else the message is forged. */
    public <E extends Effect> E effect(Record record, Class<E> type, String accountId) {
        if (!type.isInstance(record.effect()) || !record.accountId().equals(accountId)) {
            throw new BadMessageException("action " + record.key() + " is a " + EffectCodec.kind(record.effect()) + " of account "
                    + record.accountId() + ", not a " + type.getSimpleName() + " of " + accountId);
        }
        return type.cast(record.effect());
    }
}
