package dunning.functions.status;

import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.events.DunningEvents;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.AccountStatusStore;
import dunning.domain.engine.Effect;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/** Carries out one status action as its record holds it: show it on the account once, announce Account Status Changed, mark done. */
public final class StatusChangeService {
    private final AccountStatusStore store;
    private final EventPublisher events;

    @Inject
    public StatusChangeService(AccountStatusStore store, EventPublisher events) {
        this.store = store;
        this.events = events;
    }

    public void apply(ActionMessage.Status message) {
        Optional<AccountStatusStore.Change> change = store.apply(message);
        if (change.isEmpty()) {
            return;
        }
        Effect.ChangeStatus c = change.get().change();
        Effect.Context ctx = c.context();
        events.publish(List.of(DunningEvents.statusChanged(c.key(), ctx.account(), ctx.episode().map(String::valueOf), ctx.level(),
                ctx.day(), c.from().name(), c.to().name(), Optional.of(c.reason()))));
        store.markDone(c.key());
    }
}
