package dunning.aws.store;

import java.time.LocalDate;

/** Port: issues an account's invoice for one bill date from its unbilled charges and recurring charges. */
public interface InvoiceIssuer {
    enum Outcome {
        /** a new invoice was written and the charges it bills were removed from the unbilled list */
        ISSUED,
        /** this account already has its invoice for this bill date: a redelivery or a second run */
        ALREADY_ISSUED,
        /** nothing to bill: no recurring charge and no unbilled charge */
        NOTHING_TO_BILL
    }

    /** The invoice id of an account's bill date: the idempotency key of a bill run per account and period. */
    static String invoiceId(String accountId, LocalDate billDate) {
        return "INV-" + accountId + "-" + billDate;
    }

    Outcome issue(String accountId, LocalDate billDate);
}
