package dunning.aws.store;

import dunning.aws.messages.ActionMessage;
import dunning.domain.engine.Effect;
import java.util.Optional;

/**
 * Port of status-change: applies the status the action record holds to the account's profile,
 * exactly once, and never over a newer one: each change carries its decision's order, and the
 * profile keeps the order of the change it shows.
 */
public interface AccountStatusStore {
    /** The change as its record holds it, applied (or found applied earlier and not yet announced). */
    record Change(Effect.ChangeStatus change, boolean announced) {}

    /**
     * Applies the record's status (PENDING -> APPLIED with the profile update in one transaction).
     * Empty when there is nothing to announce: already DONE, or superseded by a newer change (then
     * the record goes DONE, marked superseded). A message that disagrees with its record, or names
     * an unknown account, is a BadMessageException.
     */
    Optional<Change> apply(ActionMessage.Status message);

    void markDone(String idempotencyKey);
}
