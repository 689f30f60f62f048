package dunning.functions.fee;

import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.events.DunningEvents;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.FeeLedger;
import dunning.domain.engine.Effect;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/** Carries out one fee action as its record holds it: book the charge once, then announce Late Fee Applied, then mark done. */
public final class FeeApplicationService {
    private final FeeLedger ledger;
    private final EventPublisher events;

    @Inject
    public FeeApplicationService(FeeLedger ledger, EventPublisher events) {
        this.ledger = ledger;
        this.events = events;
    }

    public void apply(ActionMessage.Fee message) {
        FeeLedger.Booked booked = ledger.apply(message);
        if (booked.outcome() == FeeLedger.Outcome.ALREADY_DONE) {
            return;
        }
        Effect.ApplyFee fee = booked.fee();
        Effect.Context c = fee.context();
        events.publish(List.of(DunningEvents.lateFeeApplied(fee.key(), c.account(), c.episode().map(String::valueOf), c.level(),
                c.day(), fee.amount(), c.currency(), FeeLedger.chargeId(fee.key()), Optional.of(fee.description()))));
        ledger.markDone(fee.key());
    }
}
