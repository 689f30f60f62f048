package dunning.domain.account;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A money movement dunning books in the account's history, so every cent received, held, applied,
 * written off or refused has a record: amount in the account's currency (or, for a refused
 * payment, the currency it came in), signed as it moves the account's open balance.
 *
 * @param key   unique per fact and kind: booking the same fact twice is one entry
 * @param cause the fact behind it (a payment id, a level, an invoice), for the reader of the history
 */
public record LedgerEntry(String key, LocalDate day, Kind kind, Optional<String> invoice, BigDecimal amount,
                          String currency, String cause) {

    public enum Kind {
        /** a payment applied to an invoice */
        PAYMENT,
        /** money kept as the account's credit (an overpayment, a payment before its invoice, a credit note's rest) */
        CREDIT,
        /** credit used to pay an invoice when it was issued */
        CREDIT_APPLIED,
        /** a credit note reducing an invoice */
        CREDIT_NOTE,
        /** a payment reversed: the invoice owes again */
        REFUND,
        /** an invoice voided: its balance leaves the books */
        VOID,
        /** an open invoice written off: by dunning (status WRITTEN_OFF), or by the billing system (one invoice) */
        WRITE_OFF,
        /** money received on a written-off account or invoice */
        RECOVERY,
        /** a payment, refund or credit note dunning would not apply (another currency than the account's) */
        PAYMENT_REJECTED
    }
}
