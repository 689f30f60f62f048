package dunning.aws.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A consumed payment event, whatever its origin (the project's own Payment Failed / Payment
 * Succeeded, or Stripe's invoice.payment_failed / invoice.paid), reduced to what dunning needs.
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
                  String currency, String declineCode, Instant occurredAt) implements PaymentEvent {}

    record Succeeded(String paymentId, AccountRef account, Optional<String> invoiceId, BigDecimal amount,
                     String currency, Instant occurredAt) implements PaymentEvent {}
}
