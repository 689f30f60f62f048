package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.ActionStatus;
import dunning.aws.store.FeeLedger;
import dunning.domain.engine.Effect;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Books a fee: action PENDING -> APPLIED, the CHARGE item, the version bump and the marker removal, in one transaction. */
@Singleton
public final class DynamoFeeLedger extends WorkerStore implements FeeLedger {
    public static final String LATE_FEE = "LATE_FEE";

    @Inject
    public DynamoFeeLedger(DynamoTable table, Clock clock) {
        super(table, clock, ActionStatus.APPLIED);
    }

    @Override
    public Booked apply(ActionMessage.Fee message) {
        ActionRecords.Record record = actions.require(message.idempotencyKey());
        Effect.ApplyFee fee = actions.effect(record, Effect.ApplyFee.class, message.accountId());
        if (fee.amount().compareTo(message.amount()) != 0 || !fee.context().currency().equals(message.currency())) {
            throw new BadMessageException("fee message " + message.idempotencyKey() + " disagrees with its action record: "
                    + message.amount().toPlainString() + " " + message.currency() + " in the message, "
                    + fee.amount().toPlainString() + " " + fee.context().currency() + " decided");
        }
        switch (record.status()) {
            case DONE:
                return new Booked(Outcome.ALREADY_DONE, fee);
            case APPLIED:
                return new Booked(Outcome.ANNOUNCE_PENDING, fee);
            case PENDING:
                break;
            default:
                throw new IllegalStateException("fee action " + message.idempotencyKey() + " in status " + record.status());
        }
        String accountId = fee.context().account();
        var charge = AccountItems.charge(accountId, FeeLedger.chargeId(fee.key()), LATE_FEE, fee.amount(),
                fee.context().currency(), fee.day(), fee.description(), fee.key());
        try {
            table.transact(List.of(
                    actions.accountExists(accountId),
                    actions.transition(fee.key(), ActionStatus.PENDING, ActionStatus.APPLIED, clock.instant(), Map.of()),
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(charge)
                            .conditionExpression("attribute_not_exists(pk)").build()).build(),
                    actions.bumpVersion(accountId),
                    actions.deleteMarker(accountId, fee.key())));
            return new Booked(Outcome.APPLIED, fee);
        } catch (ConflictException e) {
            if (e.failedOn(Keys.account(accountId), Keys.SK_PROFILE)) {
                throw new BadMessageException("unknown account " + accountId);
            }
            ActionStatus now = actions.require(fee.key()).status();
            if (now == ActionStatus.APPLIED) {
                return new Booked(Outcome.ANNOUNCE_PENDING, fee); // a concurrent delivery booked it
            }
            if (now == ActionStatus.DONE) {
                return new Booked(Outcome.ALREADY_DONE, fee);
            }
            throw e;
        }
    }
}
