package dunning.functions.fee;

import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.events.DunningEvents;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.FeeLedger;
import java.util.List;
import javax.inject.Inject;

/** Carries out one fee action: book the charge once, then announce Late Fee Applied, then mark done. */
public final class FeeApplicationService {
    private final FeeLedger ledger;
    private final EventPublisher events;

    @Inject
    public FeeApplicationService(FeeLedger ledger, EventPublisher events) {
        this.ledger = ledger;
        this.events = events;
    }

    public void apply(ActionMessage.Fee fee) {
        FeeLedger.Outcome outcome = ledger.apply(fee);
        if (outcome == FeeLedger.Outcome.ALREADY_DONE) {
            return;
        }
        events.publish(List.of(DunningEvents.lateFeeApplied(fee.idempotencyKey(), fee.accountId(), fee.episodeId(),
                fee.level(), fee.asOf(), fee.amount(), fee.currency(), FeeLedger.chargeId(fee.idempotencyKey()),
                fee.description())));
        ledger.markDone(fee.idempotencyKey());
    }
}
