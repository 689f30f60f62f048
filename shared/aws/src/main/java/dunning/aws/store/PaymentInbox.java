package dunning.aws.store;

import dunning.aws.events.AccountInstruction;
import dunning.aws.events.PaymentEvent;

/**
 * Port: takes a payment event (or an account instruction) into the account's collection, once per id. The evaluation
 * applies inbox entries with the domain's rules (oldest invoice first, recoveries on written-off
 * accounts, failed-payment notices and retries) in the same transaction as the account's state, so
 * a payment and the dunning decision it causes can never drift apart.
 */
public interface PaymentInbox {
    enum Outcome { RECORDED, ALREADY_RECORDED }

    Outcome record(String accountId, PaymentEvent event);

    /** An instruction (dispute, payment plan, approval, exemption), once per event id, applied in order with payments. */
    Outcome record(String accountId, AccountInstruction instruction);
}
