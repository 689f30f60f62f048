package dunning.functions.fee;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.ActionStatus;
import dunning.aws.store.FeeLedger;
import dunning.domain.engine.Effect;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fake FeeLedger with the Dynamo adapter's state machine: PENDING -> APPLIED (+charge) -> DONE, records holding their fee. */
final class InMemoryFeeLedger implements FeeLedger {
    final Map<String, ActionStatus> actions = new HashMap<>();
    final Map<String, Effect.ApplyFee> records = new HashMap<>();
    final List<Effect.ApplyFee> charges = new ArrayList<>();

    /** The record the evaluation would have written for a fee of {@code amount} USD to account A1. */
    void pending(String key, String amount) {
        actions.put(key, ActionStatus.PENDING);
        records.put(key, new Effect.ApplyFee(key, new Effect.Context("A1", LocalDate.of(2026, 1, 9), Optional.of(1),
                Optional.of("Second Notice"), Optional.empty(), "p", 1, 8, new BigDecimal("100.00"), "USD"), new BigDecimal(amount),
                "late-fee"));
    }

    @Override
    public Booked apply(ActionMessage.Fee message) {
        ActionStatus s = actions.get(message.idempotencyKey());
        if (s == null) {
            throw new BadMessageException("no action record for idempotency key " + message.idempotencyKey());
        }
        Effect.ApplyFee fee = records.get(message.idempotencyKey());
        if (fee.amount().compareTo(message.amount()) != 0 || !fee.context().currency().equals(message.currency())) {
            throw new BadMessageException("fee message " + message.idempotencyKey() + " disagrees with its action record");
        }
        return switch (s) {
            case DONE -> new Booked(Outcome.ALREADY_DONE, fee);
            case APPLIED -> new Booked(Outcome.ANNOUNCE_PENDING, fee);
            case PENDING -> {
                charges.add(fee);
                actions.put(message.idempotencyKey(), ActionStatus.APPLIED);
                yield new Booked(Outcome.APPLIED, fee);
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
