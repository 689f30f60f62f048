package dunning.aws.events;

import java.time.Instant;

/** Anything PaymentEventsQueue delivers: a payment, or an instruction about an account. */
public sealed interface InboundEvent permits PaymentEvent, AccountInstruction {
    /** The producer's id of the event: what makes it count once. */
    String eventId();

    PaymentEvent.AccountRef account();

    Instant occurredAt();
}
