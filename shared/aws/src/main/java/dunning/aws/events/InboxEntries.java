package dunning.aws.events;

import dunning.aws.json.BadMessageException;
import dunning.domain.engine.AccountEvent;
import dunning.domain.port.AccountBook;
import java.util.List;

/**
 * A consumed event as the account's inbox keeps it: the domain's {@link AccountEvent}, when it
 * happened, the key that makes it count once, and the invoices the account must have for the event
 * to mean anything. A payment id counts once per outcome, so a success after a failure of the same
 * payment is a new fact, not a duplicate.
 *
 * <p>A failed payment, a refund, a void, a credit note, a dispute and a payment plan act on invoices the
 * account has: one naming an invoice it does not have (yet) is parked until the invoice arrives (the
 * inbox checks, in its transaction). A successful payment naming an invoice not issued yet is a fact
 * all the same: the domain holds the money for it.
 */
public final class InboxEntries {
    /** An inbox entry, its deduplication key, and the invoices the account must have. */
    public record Entry(String dedupeKey, AccountBook.Inbound inbound, List<String> invoicesThatMustExist) {
        public Entry {
            invoicesThatMustExist = List.copyOf(invoicesThatMustExist);
        }
    }

    private InboxEntries() {}

    public static Entry of(InboundEvent event) {
        return event.accept(ENTRIES);
    }

    /** Each kind of event to its entry; a new kind is a compile error here. */
    private static final InboundEvent.Visitor<Entry> ENTRIES = new InboundEvent.Visitor<>() {
        @Override
        public Entry paymentSucceeded(PaymentEvent.Succeeded s) {
            return new Entry(s.paymentId() + "#SUCCEEDED", new AccountBook.Inbound(s.paymentId(), s.occurredAt(),
                    new AccountEvent.PaymentReceived(s.paymentId(), s.amount(), s.currency(), s.invoiceId())), List.of());
        }

        @Override
        public Entry paymentFailed(PaymentEvent.Failed f) {
            String invoice = f.invoiceId().orElseThrow(() -> new BadMessageException("failed payment " + f.paymentId()
                    + " names no invoice: dunning follows up a failed payment on its invoice"));
            return new Entry(f.paymentId() + "#FAILED", new AccountBook.Inbound(f.paymentId(), f.occurredAt(),
                    new AccountEvent.PaymentFailed(f.paymentId(), invoice, f.declineCode(), false)), List.of(invoice));
        }

        @Override
        public Entry paymentRefunded(PaymentEvent.Refunded r) {
            String invoice = r.invoiceId().orElseThrow();
            return new Entry(r.paymentId() + "#REFUNDED", new AccountBook.Inbound(r.paymentId(), r.occurredAt(),
                    new AccountEvent.PaymentRefunded(r.paymentId(), invoice, r.amount(), r.currency())), List.of(invoice));
        }

        @Override
        public Entry accountUpserted(BillingEvent.AccountUpserted a) {
            throw writtenToTheAccount(a);
        }

        @Override
        public Entry invoiceIssued(BillingEvent.InvoiceIssued i) {
            throw writtenToTheAccount(i);
        }

        // invoice events come from the billing system, not the payment service: their ids live apart
        @Override
        public Entry invoiceVoided(BillingEvent.InvoiceVoided v) {
            return new Entry("invoice:" + v.eventId(), new AccountBook.Inbound(v.eventId(), v.occurredAt(),
                    new AccountEvent.InvoiceVoided(v.eventId(), v.invoiceId())), List.of(v.invoiceId()));
        }

        @Override
        public Entry creditNoteIssued(BillingEvent.CreditNoteIssued c) {
            return new Entry("invoice:" + c.eventId(), new AccountBook.Inbound(c.eventId(), c.occurredAt(),
                    new AccountEvent.CreditNoteIssued(c.eventId(), c.invoiceId(), c.amount(), c.currency())), List.of(c.invoiceId()));
        }

        @Override
        public Entry disputeChanged(AccountInstruction.DisputeChanged d) {
            return instruction(d, new AccountEvent.DisputeChanged(d.eventId(), d.invoiceId(), d.open()), List.of(d.invoiceId()));
        }

        @Override
        public Entry paymentPlanAgreed(AccountInstruction.PaymentPlanAgreed p) {
            return instruction(p, new AccountEvent.PaymentPlanAgreed(p.eventId(), p.invoiceIds(), p.installments(), p.everyDays()),
                    p.invoiceIds());
        }

        @Override
        public Entry levelApproved(AccountInstruction.LevelApproved a) {
            return instruction(a, new AccountEvent.LevelApproved(a.eventId(), a.level()), List.of());
        }

        @Override
        public Entry exemptionChanged(AccountInstruction.ExemptionChanged x) {
            return instruction(x, new AccountEvent.ExemptionChanged(x.eventId(), x.exempt()), List.of());
        }
    };

    /** Instructions come from other producers than payments: their ids live apart. */
    private static Entry instruction(AccountInstruction i, AccountEvent e, List<String> invoices) {
        return new Entry("instruction:" + i.eventId(), new AccountBook.Inbound(i.eventId(), i.occurredAt(), e), invoices);
    }

    private static IllegalArgumentException writtenToTheAccount(BillingEvent b) {
        return new IllegalArgumentException(b.getClass().getSimpleName() + " is written to the account, not to its inbox");
    }
}
