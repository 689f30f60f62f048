package dunning.aws.store;

import java.util.Optional;

/**
 * Port: what Dunning learns about Stripe's charges and PaymentIntents from Stripe's events, kept
 * because a later event needs it and does not carry it: which invoice (of which account) a payment
 * paid, since a dispute or a refund names only the charge or the PaymentIntent (and from API
 * 2025-03-31 "basil" a charge no longer names its invoice); and the decline code of a failed
 * attempt, since Stripe's invoice.payment_failed carries none.
 */
public interface StripeObjects {
    /** The invoice a charge or PaymentIntent paid, and its account. */
    record Link(String accountId, String invoiceId) {}

    /** Records that {@code chargeOrIntent} (ch_… or pi_…) is a payment of the invoice. */
    void link(String chargeOrIntent, Link link);

    Optional<Link> link(String chargeOrIntent);

    /** Records the decline code of a failed charge or PaymentIntent. */
    void decline(String chargeOrIntent, String declineCode);

    Optional<String> decline(String chargeOrIntent);
}
