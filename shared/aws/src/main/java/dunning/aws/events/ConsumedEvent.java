package dunning.aws.events;

/**
 * Anything PaymentEventsQueue delivers, read: an event of the stack's own producers
 * ({@link InboundEvent}) or one of Stripe's ({@link dunning.aws.events.stripe.StripeEvent}).
 */
public interface ConsumedEvent {
    /** The producer's id of the event: what makes it count once. */
    String eventId();
}
