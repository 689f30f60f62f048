package dunning.domain.engine;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A fact about an account that the day applies before it evaluates: a payment, a failure, a
 * refund, an invoice voided or credited, or an instruction from a person (dispute, payment plan,
 * approval, exemption).
 * Each has the id of the fact it comes from: the key of whatever it causes. Whatever handles every
 * kind implements {@link Visitor}, so a new kind is a compile error where it is not handled.
 */
public sealed interface AccountEvent {
    String id();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of event. */
    interface Visitor<R> {
        R paymentReceived(PaymentReceived e);

        R paymentFailed(PaymentFailed e);

        R paymentActionRequired(PaymentActionRequired e);

        R paymentRefunded(PaymentRefunded e);

        R invoiceVoided(InvoiceVoided e);

        R invoiceWrittenOff(InvoiceWrittenOff e);

        R creditNoteIssued(CreditNoteIssued e);

        R disputeChanged(DisputeChanged e);

        R paymentPlanAgreed(PaymentPlanAgreed e);

        R levelApproved(LevelApproved e);

        R exemptionChanged(ExemptionChanged e);
    }

    /** Money received, in {@code currency}; applied to {@code invoice} or to the oldest open invoices. */
    record PaymentReceived(String id, BigDecimal amount, String currency, Optional<String> invoice) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.paymentReceived(this);
        }
    }

    /**
     * A failed payment of an invoice.
     *
     * @param retriedByProcessor the payment processor retries the card itself (Stripe with next_payment_attempt set):
     *                           no retries of ours
     */
    record PaymentFailed(String id, String invoice, String declineCode, boolean retriedByProcessor) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.paymentFailed(this);
        }
    }

    /** A payment that needs the customer (3-D Secure): an authentication notice, no retry. */
    record PaymentActionRequired(String id, String invoice) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.paymentActionRequired(this);
        }
    }

    /** A payment reversed (refund or chargeback): the invoice owes the amount again. */
    record PaymentRefunded(String id, String invoice, BigDecimal amount, String currency) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.paymentRefunded(this);
        }
    }

    record InvoiceVoided(String id, String invoice) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.invoiceVoided(this);
        }
    }

    /**
     * One invoice written off by the billing system (Stripe's "uncollectible"): its balance leaves the
     * books as a write-off and dunning; a later payment of it is a recovery. The account stays as it is.
     */
    record InvoiceWrittenOff(String id, String invoice) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.invoiceWrittenOff(this);
        }
    }

    record CreditNoteIssued(String id, String invoice, BigDecimal amount, String currency) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.creditNoteIssued(this);
        }
    }

    record DisputeChanged(String id, String invoice, boolean open) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.disputeChanged(this);
        }
    }

    record PaymentPlanAgreed(String id, List<String> invoices, int installments, int everyDays) implements AccountEvent {
        public PaymentPlanAgreed {
            invoices = List.copyOf(invoices);
        }

        public <R> R accept(Visitor<R> v) {
            return v.paymentPlanAgreed(this);
        }
    }

    record LevelApproved(String id, String level) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.levelApproved(this);
        }
    }

    record ExemptionChanged(String id, boolean exempt) implements AccountEvent {
        public <R> R accept(Visitor<R> v) {
            return v.exemptionChanged(this);
        }
    }
}
