package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.ActionKind;
import dunning.aws.store.ActionStatus;
import dunning.aws.store.FeeLedger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Books a fee: action PENDING -> APPLIED, the CHARGE item, the version bump and the marker removal, in one transaction. */
public final class DynamoFeeLedger implements FeeLedger {
    public static final String LATE_FEE = "LATE_FEE";

    private final DynamoTable table;
    private final ActionRecords actions;
    private final Clock clock;

    public DynamoFeeLedger(DynamoTable table, Clock clock) {
        this.table = table;
        this.actions = new ActionRecords(table);
        this.clock = clock;
    }

    @Override
    public Outcome apply(ActionMessage.Fee fee) {
        ActionRecords.Record record = actions.require(fee.idempotencyKey());
        if (record.kind() != ActionKind.FEE || !record.accountId().equals(fee.accountId())) {
            throw new BadMessageException("action " + fee.idempotencyKey() + " is a " + record.kind() + " of account "
                    + record.accountId() + ", not a fee of " + fee.accountId());
        }
        switch (record.status()) {
            case DONE:
                return Outcome.ALREADY_DONE;
            case APPLIED:
                return Outcome.ANNOUNCE_PENDING;
            case PENDING:
                break;
            default:
                throw new IllegalStateException("fee action " + fee.idempotencyKey() + " in status " + record.status());
        }
        var charge = AccountItems.charge(fee.accountId(), FeeLedger.chargeId(fee.idempotencyKey()), LATE_FEE, fee.amount(),
                fee.currency(), fee.asOf(), fee.description().orElse("late fee"), fee.idempotencyKey());
        try {
            table.transact(List.of(
                    actions.accountExists(fee.accountId()),
                    actions.transition(fee.idempotencyKey(), ActionStatus.PENDING, ActionStatus.APPLIED, clock.instant(), Map.of()),
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(charge)
                            .conditionExpression("attribute_not_exists(pk)").build()).build(),
                    actions.bumpVersion(fee.accountId()),
                    actions.deleteMarker(fee.accountId(), fee.idempotencyKey())));
            return Outcome.APPLIED;
        } catch (ConflictException e) {
            if (e.failedOn(Keys.account(fee.accountId()), Keys.SK_PROFILE)) {
                throw new BadMessageException("unknown account " + fee.accountId());
            }
            ActionStatus now = actions.require(fee.idempotencyKey()).status();
            if (now == ActionStatus.APPLIED) {
                return Outcome.ANNOUNCE_PENDING; // a concurrent delivery booked it
            }
            if (now == ActionStatus.DONE) {
                return Outcome.ALREADY_DONE;
            }
            throw e;
        }
    }

    @Override
    public void markDone(String idempotencyKey) {
        try {
            table.transact(List.of(actions.transition(idempotencyKey, ActionStatus.APPLIED, ActionStatus.DONE, clock.instant(), Map.of())));
        } catch (ConflictException e) {
            if (actions.require(idempotencyKey).status() != ActionStatus.DONE) {
                throw e;
            }
        }
    }
}
