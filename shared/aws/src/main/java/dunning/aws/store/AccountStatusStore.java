package dunning.aws.store;

import dunning.aws.messages.ActionMessage;
import java.util.Optional;

/** Port of status-change: sets an account's status exactly once per action record. */
public interface AccountStatusStore {
    /** The change made (or found made earlier and not yet announced); empty when already DONE. */
    record Change(String from, String to, boolean announced) {}

    /**
     * Applies the status (PENDING -> APPLIED with the account update in one transaction);
     * WRITTEN_OFF also writes off the account's open invoices. Unknown account: BadMessageException.
     */
    Optional<Change> apply(ActionMessage.Status action);

    void markDone(String idempotencyKey);
}
