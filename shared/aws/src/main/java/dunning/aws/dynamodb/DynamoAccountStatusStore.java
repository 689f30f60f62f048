package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.AccountStatusStore;
import dunning.aws.store.ActionStatus;
import dunning.domain.engine.Effect;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Shows a status change on the account's PROFILE: {@code status} and {@code statusSequence} set
 * only if the profile shows an older change (a SUSPENDED delayed past the reinstatement that
 * followed it changes nothing), with the record PENDING -> APPLIED and the marker removed, in one
 * transaction. The account's dunning state already holds the status (the evaluation committed it
 * with the decision), and a write-off was booked then too: this worker only makes it visible.
 */
@Singleton
public final class DynamoAccountStatusStore extends WorkerStore implements AccountStatusStore {
    public static final String SEQUENCE = "statusSequence";
    public static final String SUPERSEDED = "superseded";

    @Inject
    public DynamoAccountStatusStore(DynamoTable table, Clock clock) {
        super(table, clock, ActionStatus.APPLIED);
    }

    @Override
    public Optional<Change> apply(ActionMessage.Status message) {
        ActionRecords.Record record = actions.require(message.idempotencyKey());
        Effect.ChangeStatus change = actions.effect(record, Effect.ChangeStatus.class, message.accountId());
        if (!change.to().name().equals(message.status())) {
            throw new BadMessageException("status message " + message.idempotencyKey() + " disagrees with its action record: "
                    + message.status() + " in the message, " + change.to() + " decided");
        }
        switch (record.status()) {
            case DONE:
                return Optional.empty();
            case APPLIED:
                return Optional.of(new Change(change, false));
            case PENDING:
                break;
            default:
                throw new IllegalStateException("status action " + change.key() + " in status " + record.status());
        }
        String accountId = change.context().account();
        TransactWriteItem profile = TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.SK_PROFILE))
                .updateExpression("SET #s = :to, #q = :q")
                .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#q) OR #q < :q)")
                .expressionAttributeNames(Map.of("#s", AccountItems.STATUS, "#q", SEQUENCE))
                .expressionAttributeValues(Map.of(":to", Attr.s(change.to().name()), ":q", Attr.n(change.sequence())))
                .build()).build();
        try {
            table.transact(List.of(profile,
                    actions.transition(change.key(), ActionStatus.PENDING, ActionStatus.APPLIED, clock.instant(), Map.of()),
                    actions.deleteMarker(accountId, change.key())));
            return Optional.of(new Change(change, false));
        } catch (ConflictException e) {
            ActionStatus now = actions.require(change.key()).status();
            if (now == ActionStatus.DONE) {
                return Optional.empty();
            }
            if (now == ActionStatus.APPLIED) {
                return Optional.of(new Change(change, false));
            }
            if (!e.failedOn(Keys.account(accountId), Keys.SK_PROFILE)) {
                throw e;
            }
            if (table.get(Keys.account(accountId), Keys.SK_PROFILE).isEmpty()) {
                throw new BadMessageException("unknown account " + accountId);
            }
            // the profile shows a newer change: this one is history, never shown, never announced
            table.transact(List.of(actions.transition(change.key(), ActionStatus.PENDING, ActionStatus.DONE, clock.instant(),
                    Map.of(SUPERSEDED, Attr.bool(true))), actions.deleteMarker(accountId, change.key())));
            return Optional.empty();
        }
    }
}
