package dunning.aws.store;

import dunning.domain.port.AccountBook;
import java.util.List;
import java.util.Optional;

/**
 * Port: takes an event about an account (a payment, a failure, a refund, a void, a credit note, an
 * instruction) into the account's inbox, once per fact. The evaluation applies inbox entries in the
 * order they happened, in the same transaction as the account's state, so a payment and the dunning
 * decision it causes can never drift apart.
 */
public interface PaymentInbox {
    enum Outcome { RECORDED, ALREADY_RECORDED }

    /**
     * A running total another system keeps for one of its objects (Stripe's {@code amount_paid} of an
     * invoice, {@code amount_refunded} of a charge, in minor units): an entry recorded with it books only
     * the increase, and moves the total from {@code from} to {@code to} in the same transaction.
     */
    record Counter(String name, long from, long to) {}

    /**
     * Records {@code entry} for {@code accountId}, once per {@code dedupeKey}. The same key again with
     * the same content is ALREADY_RECORDED; with other content it is a BadMessageException saying
     * so (a conflicting duplicate), and the first stands. An unknown account, or an invoice of
     * {@code invoicesThatMustExist} the account does not have, is a {@link NotKnownYetException}
     * naming it, and nothing is recorded.
     */
    default Outcome record(String accountId, String dedupeKey, AccountBook.Inbound entry, List<String> invoicesThatMustExist) {
        return record(accountId, dedupeKey, entry, invoicesThatMustExist, Optional.empty());
    }

    /**
     * As above; with a {@code counter}, only if the counter still stands at its {@code from} (else a
     * {@link CounterMovedException}: read it again and book what is left of the increase).
     */
    Outcome record(String accountId, String dedupeKey, AccountBook.Inbound entry, List<String> invoicesThatMustExist,
                   Optional<Counter> counter);

    /** Where a counter stands: 0 before anything was booked with it. */
    long counter(String name);

    /** Another writer moved the counter first. */
    final class CounterMovedException extends RuntimeException {
        public CounterMovedException(String message) {
            super(message);
        }
    }
}
