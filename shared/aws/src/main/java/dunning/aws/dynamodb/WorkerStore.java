package dunning.aws.dynamodb;

import dunning.aws.store.ActionStatus;
import java.time.Clock;

/**
 * What the stores of the three workers (fee, notification, status) share: the table, the action
 * records they carry out, the clock that stamps each step, and the last step, from the status the
 * effect reached when carried out to DONE once its event is published.
 */
abstract class WorkerStore {
    protected final DynamoTable table;
    protected final ActionRecords actions;
    protected final Clock clock;
    private final ActionStatus carriedOut;

    WorkerStore(DynamoTable table, Clock clock, ActionStatus carriedOut) {
        this.table = table;
        this.actions = new ActionRecords(table);
        this.clock = clock;
        this.carriedOut = carriedOut;
    }

    /** Carried out -> DONE. Idempotent: a record another delivery already finished is left as it is. */
    public void markDone(String idempotencyKey) {
        actions.markDone(idempotencyKey, carriedOut, clock.instant());
    }
}
