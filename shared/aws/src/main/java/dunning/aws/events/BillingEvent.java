package dunning.aws.events;

import dunning.aws.store.BillingRecords;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a billing system of the stack's own says about its accounts and invoices: an account's
 * profile (Account Upserted, source {@code billing.accounts}), an invoice issued, voided, or reduced
 * by a credit note ({@code billing.invoices}). Profiles and invoices are written through
 * {@link BillingRecords}; a void and a credit note go through the account's inbox like payments.
 */
public sealed interface BillingEvent extends InboundEvent {
    String ACCOUNT_UPSERTED = "Account Upserted";
    String INVOICE_ISSUED = "Invoice Issued";
    String INVOICE_VOIDED = "Invoice Voided";
    String CREDIT_NOTE_ISSUED = "Credit Note Issued";

    /** The account's whole profile as its billing system holds it at {@code updatedAt} (= occurredAt). */
    record AccountUpserted(String eventId, PaymentEvent.AccountRef account, BillingRecords.Profile profile, Instant occurredAt)
            implements BillingEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.accountUpserted(this);
        }
    }

    /** @param eventId the invoice id: an invoice is issued once */
    record InvoiceIssued(String eventId, PaymentEvent.AccountRef account, BillingRecords.Invoice invoice, Instant occurredAt)
            implements BillingEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.invoiceIssued(this);
        }
    }

    record InvoiceVoided(String eventId, PaymentEvent.AccountRef account, String invoiceId, Instant occurredAt)
            implements BillingEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.invoiceVoided(this);
        }
    }

    /** @param eventId the credit note's id */
    record CreditNoteIssued(String eventId, PaymentEvent.AccountRef account, String invoiceId, BigDecimal amount, String currency,
                            Instant occurredAt) implements BillingEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.creditNoteIssued(this);
        }
    }
}
