package dunning.aws.store;

import dunning.domain.port.AccountBook;
import java.util.List;

/**
 * Port: takes an event about an account (a payment, a failure, an instruction) into the account's
 * inbox, once per fact. The evaluation applies inbox entries in the order they happened, in the
 * same transaction as the account's state, so a payment and the dunning decision it causes can
 * never drift apart.
 */
public interface PaymentInbox {
    enum Outcome { RECORDED, ALREADY_RECORDED }

    /**
     * Records {@code entry} for {@code accountId}, once per {@code dedupeKey}. The same key again with
     * the same content is ALREADY_RECORDED; with other content it is a BadMessageException saying
     * so (a conflicting duplicate), and the first stands. An unknown account, or an invoice of
     * {@code invoicesThatMustExist} the account does not have, is a BadMessageException naming it,
     * and nothing is recorded.
     */
    Outcome record(String accountId, String dedupeKey, AccountBook.Inbound entry, List<String> invoicesThatMustExist);
}
