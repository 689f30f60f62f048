package dunning.aws.store;

import dunning.aws.messages.ActionMessage;
import dunning.domain.engine.Effect;

/** Port of fee-application: books a late fee as an unbilled charge exactly once per action record. */
public interface FeeLedger {
    /** What the call found and did. */
    enum Outcome {
        /** The charge was booked now (record PENDING -> APPLIED in the same transaction). */
        APPLIED,
        /** Booked earlier but not yet announced (APPLIED): announce, then mark done. */
        ANNOUNCE_PENDING,
        /** Nothing to do: DONE. */
        ALREADY_DONE
    }

    /** The outcome, and the fee as its action record holds it: what is booked and announced. */
    record Booked(Outcome outcome, Effect.ApplyFee fee) {}

    /** The id of the charge a fee action books: derived from the key, so a retry books the same charge. */
    static String chargeId(String idempotencyKey) {
        return "FEE-" + idempotencyKey;
    }

    /**
     * Books the fee the action record holds; a message that disagrees with its record (another
     * amount, currency or account) is rejected with a BadMessageException naming the difference.
     */
    Booked apply(ActionMessage.Fee message);

    void markDone(String idempotencyKey);
}
