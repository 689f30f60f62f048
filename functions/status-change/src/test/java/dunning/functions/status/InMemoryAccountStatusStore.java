package dunning.functions.status;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.AccountStatusStore;
import dunning.aws.store.ActionStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Fake AccountStatusStore with the Dynamo adapter's state machine. */
final class InMemoryAccountStatusStore implements AccountStatusStore {
    final Map<String, String> statuses = new HashMap<>();
    final Map<String, ActionStatus> actions = new HashMap<>();
    final Map<String, Change> applied = new HashMap<>();
    int changes;

    @Override
    public Optional<Change> apply(ActionMessage.Status a) {
        ActionStatus s = actions.get(a.idempotencyKey());
        if (s == null) {
            throw new BadMessageException("no action record for idempotency key " + a.idempotencyKey());
        }
        if (!statuses.containsKey(a.accountId())) {
            throw new BadMessageException("unknown account " + a.accountId());
        }
        return switch (s) {
            case DONE -> Optional.empty();
            case APPLIED -> Optional.of(applied.get(a.idempotencyKey()));
            case PENDING -> {
                Change c = new Change(statuses.get(a.accountId()), a.status(), false);
                statuses.put(a.accountId(), a.status());
                applied.put(a.idempotencyKey(), c);
                actions.put(a.idempotencyKey(), ActionStatus.APPLIED);
                changes++;
                yield Optional.of(c);
            }
            default -> throw new IllegalStateException(s.name());
        };
    }

    @Override
    public void markDone(String key) {
        actions.put(key, ActionStatus.DONE);
    }
}
