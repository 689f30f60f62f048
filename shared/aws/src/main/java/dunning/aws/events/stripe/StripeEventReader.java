package dunning.aws.events.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import java.time.Instant;
import java.util.Set;

/**
 * Reads the detail of an event on Stripe's partner bus: the Stripe Event ({@code id} evt_…, {@code type}
 * the same as the envelope's detail-type, {@code api_version}, {@code created}, {@code data.object}) and
 * the object it carries. Stripe adds fields between versions, so fields Dunning does not read are let
 * through; every field it reads is checked ({@link dunning.aws.json.Fields}).
 */
public final class StripeEventReader {
    public static final Set<String> TYPES = Set.of(StripeEvent.CUSTOMER_CREATED, StripeEvent.CUSTOMER_UPDATED,
            StripeEvent.INVOICE_FINALIZED, StripeEvent.INVOICE_PAID, StripeEvent.INVOICE_PAYMENT_SUCCEEDED,
            StripeEvent.INVOICE_PAYMENT_FAILED, StripeEvent.INVOICE_PAYMENT_ACTION_REQUIRED, StripeEvent.INVOICE_VOIDED,
            StripeEvent.INVOICE_MARKED_UNCOLLECTIBLE, StripeEvent.PAYMENT_INTENT_PAYMENT_FAILED, StripeEvent.CHARGE_FAILED,
            StripeEvent.CHARGE_SUCCEEDED, StripeEvent.CHARGE_REFUNDED, StripeEvent.CHARGE_DISPUTE_CREATED,
            StripeEvent.CHARGE_DISPUTE_CLOSED, StripeEvent.CREDIT_NOTE_CREATED);

    private StripeEventReader() {}

    public static StripeEvent read(String detailType, JsonNode d) {
        String p = "$.detail";
        Fields.requireObject(d, p);
        String eventId = Fields.id(d, "id", p, Id.EVENT);
        if (!eventId.startsWith("evt_")) {
            throw new BadMessageException(p + ".id: not a Stripe event id (evt_…): " + Fields.shown(eventId));
        }
        String type = Fields.text(d, "type", p);
        if (!detailType.equals(type)) {
            throw new BadMessageException(p + ".type: " + Fields.shown(type) + " does not match detail-type " + detailType);
        }
        String version = StripeFields.code(d, "api_version", p).orElse("");
        Instant created = StripeFields.epoch(d, "created", p).orElse(Instant.EPOCH);
        JsonNode o = Fields.object(Fields.object(d, "data", p), "object", p + ".data");
        String op = p + ".data.object";
        return switch (type) {
            case StripeEvent.CUSTOMER_CREATED, StripeEvent.CUSTOMER_UPDATED ->
                    new StripeEvent.CustomerChanged(eventId, type, version, created, StripeCustomer.read(o, op));
            case StripeEvent.PAYMENT_INTENT_PAYMENT_FAILED ->
                    new StripeEvent.PaymentIntentFailed(eventId, type, version, created, StripePaymentIntent.read(o, op));
            case StripeEvent.CHARGE_FAILED, StripeEvent.CHARGE_SUCCEEDED, StripeEvent.CHARGE_REFUNDED ->
                    new StripeEvent.ChargeChanged(eventId, type, version, created, StripeCharge.read(o, op));
            case StripeEvent.CHARGE_DISPUTE_CREATED, StripeEvent.CHARGE_DISPUTE_CLOSED ->
                    new StripeEvent.DisputeChanged(eventId, type, version, created, StripeDispute.read(o, op));
            case StripeEvent.CREDIT_NOTE_CREATED ->
                    new StripeEvent.CreditNoteCreated(eventId, type, version, created, StripeCreditNote.read(o, op));
            default -> {
                if (!TYPES.contains(type)) {
                    throw new BadMessageException("$.detail-type: unknown detail-type: " + Fields.shown(type));
                }
                yield new StripeEvent.InvoiceChanged(eventId, type, version, created, StripeInvoice.read(o, op));
            }
        };
    }
}
