package dunning.functions.status;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.AccountStatusStore;
import dunning.aws.store.ActionStatus;
import dunning.domain.engine.Effect;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Fake AccountStatusStore with the Dynamo adapter's state machine and order guard; records hold their change. */
final class InMemoryAccountStatusStore implements AccountStatusStore {
    final Map<String, String> statuses = new HashMap<>();
    final Map<String, Long> sequences = new HashMap<>();
    final Map<String, ActionStatus> actions = new HashMap<>();
    final Map<String, Effect.ChangeStatus> records = new HashMap<>();
    int changes;

    void pending(String key, String account, Plan.Status from, Plan.Status to, long sequence) {
        actions.put(key, ActionStatus.PENDING);
        records.put(key, new Effect.ChangeStatus(key, new Effect.Context(account, LocalDate.of(2026, 1, 31), Optional.of(1),
                Optional.of("Suspension"), Optional.empty(), "p", 1, 30, new BigDecimal("100.00"), "USD"), from, to, sequence,
                "dunning level Suspension"));
    }

    @Override
    public Optional<Change> apply(ActionMessage.Status a) {
        ActionStatus s = actions.get(a.idempotencyKey());
        if (s == null) {
            throw new BadMessageException("no action record for idempotency key " + a.idempotencyKey());
        }
        Effect.ChangeStatus c = records.get(a.idempotencyKey());
        if (!c.context().account().equals(a.accountId()) || !c.to().name().equals(a.status())) {
            throw new BadMessageException("status message " + a.idempotencyKey() + " disagrees with its action record");
        }
        if (!statuses.containsKey(a.accountId())) {
            throw new BadMessageException("unknown account " + a.accountId());
        }
        return switch (s) {
            case DONE -> Optional.empty();
            case APPLIED -> Optional.of(new Change(c, false));
            case PENDING -> {
                if (sequences.getOrDefault(a.accountId(), 0L) >= c.sequence()) {
                    actions.put(a.idempotencyKey(), ActionStatus.DONE); // superseded
                    yield Optional.empty();
                }
                statuses.put(a.accountId(), c.to().name());
                sequences.put(a.accountId(), c.sequence());
                actions.put(a.idempotencyKey(), ActionStatus.APPLIED);
                changes++;
                yield Optional.of(new Change(c, false));
            }
            default -> throw new IllegalStateException(s.name());
        };
    }

    @Override
    public void markDone(String key) {
        actions.put(key, ActionStatus.DONE);
    }
}
