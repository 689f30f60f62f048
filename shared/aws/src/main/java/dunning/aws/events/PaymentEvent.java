package dunning.aws.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A consumed payment event of the stack's own payment service (Payment Failed, Payment Succeeded,
 * Payment Refunded), reduced to what dunning needs.
 */
public sealed interface PaymentEvent extends InboundEvent {
    /** Idempotency key: the producer's payment id, or "stripe:" + the Stripe event id. */
    String paymentId();

    @Override
    default String eventId() {
        return paymentId();
    }

    @Override
    AccountRef account();

    Optional<String> invoiceId();

    BigDecimal amount();

    String currency();

    @Override
    Instant occurredAt();

    /** How the event names its account: directly, or by an external id (e.g. a Stripe customer). */
    sealed interface AccountRef {
        record Direct(String accountId) implements AccountRef {}

        record External(String system, String externalId) implements AccountRef {}
    }

    record Failed(String paymentId, AccountRef account, Optional<String> invoiceId, BigDecimal amount,
                  String currency, String declineCode, Instant occurredAt) implements PaymentEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.paymentFailed(this);
        }
    }

    record Succeeded(String paymentId, AccountRef account, Optional<String> invoiceId, BigDecimal amount,
                     String currency, Instant occurredAt) implements PaymentEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.paymentSucceeded(this);
        }
    }

    /**
     * A payment reversed, by a refund or a chargeback: the invoice owes the amount again.
     *
     * @param paymentId the refund's (or chargeback's) own id: a refund is a fact of its own
     * @param refunded  the payment it reverses, when the producer names it
     */
    record Refunded(String paymentId, AccountRef account, Optional<String> invoiceId, BigDecimal amount, String currency,
                    Optional<String> refunded, boolean chargeback, Instant occurredAt) implements PaymentEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.paymentRefunded(this);
        }
    }
}
