package dunning.aws.events;

import java.time.Instant;
import java.util.List;

/**
 * A consumed instruction about an account from the billing or collections systems (source
 * {@code billing.accounts}): a dispute opened or closed, a payment plan agreed, a level approved,
 * an exemption ("No Dunning") set or lifted. Like payments, they go through the account's inbox,
 * so the evaluation applies them in order with the account's state, in one transaction.
 */
public sealed interface AccountInstruction extends InboundEvent {
    String DISPUTE_CHANGED = "Invoice Dispute Changed";
    String PAYMENT_PLAN_AGREED = "Payment Plan Agreed";
    String LEVEL_APPROVED = "Dunning Level Approved";
    String EXEMPTION_CHANGED = "Dunning Exemption Changed";

    record DisputeChanged(String eventId, PaymentEvent.AccountRef account, String invoiceId, boolean open, Instant occurredAt)
            implements AccountInstruction {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.disputeChanged(this);
        }
    }

    record PaymentPlanAgreed(String eventId, PaymentEvent.AccountRef account, List<String> invoiceIds, int installments,
                             int everyDays, Instant occurredAt) implements AccountInstruction {
        public PaymentPlanAgreed {
            invoiceIds = List.copyOf(invoiceIds);
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.paymentPlanAgreed(this);
        }
    }

    record LevelApproved(String eventId, PaymentEvent.AccountRef account, String level, Instant occurredAt)
            implements AccountInstruction {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.levelApproved(this);
        }
    }

    record ExemptionChanged(String eventId, PaymentEvent.AccountRef account, boolean exempt, Instant occurredAt)
            implements AccountInstruction {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.exemptionChanged(this);
        }
    }
}
