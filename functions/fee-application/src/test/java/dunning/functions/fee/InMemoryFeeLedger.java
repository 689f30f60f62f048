package dunning.functions.fee;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.ActionStatus;
import dunning.aws.store.FeeLedger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fake FeeLedger with the Dynamo adapter's state machine: PENDING -> APPLIED (+charge) -> DONE. */
final class InMemoryFeeLedger implements FeeLedger {
    final Map<String, ActionStatus> actions = new HashMap<>();
    final List<ActionMessage.Fee> charges = new ArrayList<>();

    void pending(String key) {
        actions.put(key, ActionStatus.PENDING);
    }

    @Override
    public Outcome apply(ActionMessage.Fee fee) {
        ActionStatus s = actions.get(fee.idempotencyKey());
        if (s == null) {
            throw new BadMessageException("no action record for idempotency key " + fee.idempotencyKey());
        }
        return switch (s) {
            case DONE -> Outcome.ALREADY_DONE;
            case APPLIED -> Outcome.ANNOUNCE_PENDING;
            case PENDING -> {
                charges.add(fee);
                actions.put(fee.idempotencyKey(), ActionStatus.APPLIED);
                yield Outcome.APPLIED;
            }
            default -> throw new IllegalStateException(s.name());
        };
    }

    @Override
    public void markDone(String key) {
        if (actions.get(key) == ActionStatus.APPLIED) {
            actions.put(key, ActionStatus.DONE);
        } else if (actions.get(key) != ActionStatus.DONE) {
            throw new IllegalStateException("not applied: " + key);
        }
    }
}
