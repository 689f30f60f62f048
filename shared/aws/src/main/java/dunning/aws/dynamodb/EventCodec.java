package dunning.aws.dynamodb;

import dunning.domain.engine.AccountEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An {@link AccountEvent} as the account's inbox keeps it (attribute {@code event}, a map), both ways. */
public final class EventCodec {
    private EventCodec() {}

    public static String kind(AccountEvent e) {
        return e.getClass().getSimpleName();
    }

    public static AttributeValue encode(AccountEvent event) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("kind", Attr.s(kind(event)));
        m.put("id", Attr.s(event.id()));
        event.accept(new AccountEvent.Visitor<Void>() {
            @Override
            public Void paymentReceived(AccountEvent.PaymentReceived p) {
                m.put("amount", Attr.money(p.amount()));
                m.put("currency", Attr.s(p.currency()));
                p.invoice().ifPresent(i -> m.put("invoice", Attr.s(i)));
                return null;
            }

            @Override
            public Void paymentFailed(AccountEvent.PaymentFailed f) {
                m.put("invoice", Attr.s(f.invoice()));
                m.put("declineCode", Attr.s(f.declineCode()));
                m.put("retriedByProcessor", Attr.bool(f.retriedByProcessor()));
                return null;
            }

            @Override
            public Void paymentActionRequired(AccountEvent.PaymentActionRequired r) {
                m.put("invoice", Attr.s(r.invoice()));
                return null;
            }

            @Override
            public Void paymentRefunded(AccountEvent.PaymentRefunded r) {
                m.put("invoice", Attr.s(r.invoice()));
                money(r.amount(), r.currency());
                return null;
            }

            @Override
            public Void invoiceVoided(AccountEvent.InvoiceVoided v) {
                m.put("invoice", Attr.s(v.invoice()));
                return null;
            }

            @Override
            public Void invoiceWrittenOff(AccountEvent.InvoiceWrittenOff w) {
                m.put("invoice", Attr.s(w.invoice()));
                return null;
            }

            @Override
            public Void creditNoteIssued(AccountEvent.CreditNoteIssued c) {
                m.put("invoice", Attr.s(c.invoice()));
                money(c.amount(), c.currency());
                return null;
            }

            @Override
            public Void disputeChanged(AccountEvent.DisputeChanged d) {
                m.put("invoice", Attr.s(d.invoice()));
                m.put("open", Attr.bool(d.open()));
                return null;
            }

            @Override
            public Void paymentPlanAgreed(AccountEvent.PaymentPlanAgreed p) {
                m.put("invoices", Attr.strings(p.invoices()));
                m.put("installments", Attr.n(p.installments()));
                m.put("everyDays", Attr.n(p.everyDays()));
                return null;
            }

            @Override
            public Void levelApproved(AccountEvent.LevelApproved a) {
                m.put("level", Attr.s(a.level()));
                return null;
            }

            @Override
            public Void exemptionChanged(AccountEvent.ExemptionChanged x) {
                m.put("exempt", Attr.bool(x.exempt()));
                return null;
            }

            private void money(java.math.BigDecimal amount, String currency) {
                m.put("amount", Attr.money(amount));
                m.put("currency", Attr.s(currency));
            }
        });
        return AttributeValue.fromM(m);
    }

    public static AccountEvent decode(AttributeValue value) {
        Map<String, AttributeValue> m = value.m();
        String id = Attr.str(m, "id");
        String kind = Attr.str(m, "kind");
        switch (kind) {
            case "PaymentReceived":
                return new AccountEvent.PaymentReceived(id, Attr.money(m, "amount"), Attr.str(m, "currency"), Attr.optStr(m, "invoice"));
            case "PaymentFailed":
                return new AccountEvent.PaymentFailed(id, Attr.str(m, "invoice"), Attr.str(m, "declineCode"),
                        Attr.bool(m, "retriedByProcessor", false));
            case "PaymentActionRequired":
                return new AccountEvent.PaymentActionRequired(id, Attr.str(m, "invoice"));
            case "PaymentRefunded":
                return new AccountEvent.PaymentRefunded(id, Attr.str(m, "invoice"), Attr.money(m, "amount"), Attr.str(m, "currency"));
            case "InvoiceVoided":
                return new AccountEvent.InvoiceVoided(id, Attr.str(m, "invoice"));
            case "InvoiceWrittenOff":
                return new AccountEvent.InvoiceWrittenOff(id, Attr.str(m, "invoice"));
            case "CreditNoteIssued":
                return new AccountEvent.CreditNoteIssued(id, Attr.str(m, "invoice"), Attr.money(m, "amount"), Attr.str(m, "currency"));
            case "DisputeChanged":
                return new AccountEvent.DisputeChanged(id, Attr.str(m, "invoice"), Attr.bool(m, "open", false));
            case "PaymentPlanAgreed":
                return new AccountEvent.PaymentPlanAgreed(id, Attr.strList(m, "invoices"), (int) Attr.num(m, "installments"),
                        (int) Attr.num(m, "everyDays"));
            case "LevelApproved":
                return new AccountEvent.LevelApproved(id, Attr.str(m, "level"));
            case "ExemptionChanged":
                return new AccountEvent.ExemptionChanged(id, Attr.bool(m, "exempt", false));
            default:
                throw new IllegalStateException("inbox event " + id + " has an unknown kind " + kind);
        }
    }

    /** The event of an inbox entry. */
    public static Optional<AccountEvent> of(Map<String, AttributeValue> item) {
        return Optional.ofNullable(item.get("event")).map(EventCodec::decode);
    }
}
