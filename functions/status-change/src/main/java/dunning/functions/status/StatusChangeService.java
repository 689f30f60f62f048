package dunning.functions.status;

import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.events.DunningEvents;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.AccountStatusStore;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/** Carries out one status action: set the status once, announce Account Status Changed, mark done. */
public final class StatusChangeService {
    private final AccountStatusStore store;
    private final EventPublisher events;

    @Inject
    public StatusChangeService(AccountStatusStore store, EventPublisher events) {
        this.store = store;
        this.events = events;
    }

    public void apply(ActionMessage.Status action) {
        Optional<AccountStatusStore.Change> change = store.apply(action);
        if (change.isEmpty()) {
            return;
        }
        AccountStatusStore.Change c = change.get();
        events.publish(List.of(DunningEvents.statusChanged(action.idempotencyKey(), action.accountId(), action.episodeId(),
                action.level(), action.asOf(), c.from(), c.to(),
                Optional.of(action.reason().orElse(action.level().map(l -> "dunning level " + l).orElse("dunning"))))));
        store.markDone(action.idempotencyKey());
    }
}
