package dunning.local.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.events.stripe.StripeAmounts;
import dunning.aws.events.stripe.StripeCustomer;
import dunning.aws.events.stripe.StripeEvent;
import dunning.aws.json.Json;
import dunning.local.LocalCloud;
import dunning.local.template.CfnValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.eventbridge.model.PutPartnerEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutPartnerEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutPartnerEventsResultEntry;

/**
 * Stripe as a billing system upstream of dunning, played locally at one API version (2022-11-15,
 * where an invoice still names its charge): its customers and invoices, and the events its
 * EventBridge integration puts on the stack's Stripe partner bus (PutPartnerEvents from the bus's
 * partner source), stamped with the runner's clock. Like Stripe it keeps each invoice it finalized,
 * and every later event carries the whole invoice as it stands then.
 *
 * <p>Invoices are {@code send_invoice} with a {@code due_date} (the customer's net days), so Stripe
 * does not retry a failed card itself ({@code next_payment_attempt} null) and the plan's retries apply,
 * as for an account of any other way in. Payments are whole: {@code invoice.paid} at 2022-11-15 is the
 * invoice paid in full.
 */
public final class StripeBilling {
    public static final String API_VERSION = "2022-11-15";
    /** PutPartnerEvents takes at most 20 entries. */
    static final int BATCH = 20;
    static final int PUT_ATTEMPTS = 5;
    /** An invoice is finalized at noon UTC of its issue date: the same calendar day from UTC-12 to UTC+11. */
    static final LocalTime FINALIZED_AT = LocalTime.NOON;

    private final LocalCloud cloud;
    private final String source;
    private final String eventSourceArn;
    private final Map<String, ObjectNode> invoices = new HashMap<>();
    private final Map<String, Integer> sent = new TreeMap<>();
    private long sequence;

    public StripeBilling(LocalCloud cloud) {
        this.cloud = cloud;
        // the partner bus is named after its partner event source, the source of every event on it
        this.source = cloud.stack().resolver().resolveString(new CfnValue.Ref("StripeEventBusName"));
        this.eventSourceArn = "arn:aws:events:" + cloud.stack().region() + "::event-source/" + source;
    }

    /** The id of a customer's invoice for a bill date, in Stripe's in_ form. */
    public static String invoiceId(String customer, LocalDate billDate) {
        return "in_" + prefix(customer) + "_" + billDate.toString().replace("-", "");
    }

    /** A new customer: no currency until it is first invoiced; time zone and AR term in the metadata Dunning reads. */
    public PublishedEvent customerCreated(String customer, String name, String email, String locale, String timeZone, String arTerm) {
        ObjectNode c = Json.object();
        c.put("id", customer);
        c.put("object", "customer");
        c.put("balance", 0);
        c.put("created", now());
        c.putNull("currency");
        c.put("delinquent", false);
        c.put("email", email);
        c.put("invoice_prefix", prefix(customer));
        c.put("livemode", false);
        c.putObject("metadata").put(StripeCustomer.TIME_ZONE, timeZone).put(StripeCustomer.AR_TERM, arTerm);
        c.put("name", name);
        c.put("next_invoice_sequence", 1);
        c.putArray("preferred_locales").add(locale);
        c.put("tax_exempt", "none");
        return event(StripeEvent.CUSTOMER_CREATED, c);
    }

    /** The invoice finalized on {@code issued}, due on {@code due}. */
    public PublishedEvent invoiceFinalized(String invoice, String customer, LocalDate issued, LocalDate due, String currency,
                                           BigDecimal amount) {
        long minor = minorUnits(amount, currency);
        long finalized = issued.atTime(FINALIZED_AT).toEpochSecond(ZoneOffset.UTC);
        ObjectNode i = Json.object();
        i.put("id", invoice);
        i.put("object", "invoice");
        i.put("amount_due", minor);
        i.put("amount_paid", 0);
        i.put("amount_remaining", minor);
        i.put("attempt_count", 0);
        i.put("attempted", false);
        i.put("auto_advance", true);
        i.put("billing_reason", "subscription_cycle");
        i.putNull("charge");
        i.put("collection_method", "send_invoice");
        i.put("created", finalized);
        i.put("currency", currency.toLowerCase(Locale.ROOT));
        i.put("customer", customer);
        i.put("due_date", due.atTime(FINALIZED_AT).toEpochSecond(ZoneOffset.UTC));
        i.put("hosted_invoice_url", "https://invoice.stripe.com/i/acct_dunningsimulation/" + invoice);
        i.put("livemode", false);
        i.putObject("metadata");
        i.putNull("next_payment_attempt");
        i.put("number", prefix(customer) + "-" + issued.toString().replace("-", ""));
        i.put("paid", false);
        i.putNull("payment_intent");
        i.put("status", "open");
        ObjectNode transitions = i.putObject("status_transitions");
        transitions.put("finalized_at", finalized);
        transitions.putNull("paid_at");
        i.put("subtotal", minor);
        i.put("total", minor);
        invoices.put(invoice, i);
        return event(StripeEvent.INVOICE_FINALIZED, i.deepCopy());
    }

    /**
     * The card declined on the invoice's hosted page: the charge names its invoice (before basil) and
     * carries the issuer's reason. Put it on the bus before {@link #invoicePaymentFailed}, as Stripe
     * sends it a few seconds earlier, so the failure finds its decline code.
     */
    public PublishedEvent chargeFailed(String invoice, String declineCode) {
        ObjectNode i = invoice(invoice);
        String charge = "ch_sim" + (++sequence);
        String intent = "pi_sim" + sequence;
        i.put("charge", charge).put("payment_intent", intent).put("attempted", true)
                .put("attempt_count", i.get("attempt_count").asInt() + 1);
        ObjectNode c = Json.object();
        c.put("id", charge);
        c.put("object", "charge");
        c.put("amount", i.get("amount_remaining").asLong());
        c.put("amount_refunded", 0);
        c.put("captured", false);
        c.put("created", now());
        c.put("currency", i.get("currency").asText());
        c.put("customer", i.get("customer").asText());
        c.put("failure_code", "card_declined");
        c.put("failure_message", "Your card was declined.");
        c.putObject("outcome").put("network_status", "declined_by_network").put("reason", declineCode).put("risk_level", "normal")
                .put("seller_message", "The bank did not return any further details with this decline.").put("type", "issuer_declined");
        c.put("invoice", invoice);
        c.put("livemode", false);
        c.put("paid", false);
        c.put("payment_intent", intent);
        c.put("refunded", false);
        c.put("status", "failed");
        return event(StripeEvent.CHARGE_FAILED, c);
    }

    /** The failed attempt of {@link #chargeFailed}, as the invoice holds it now. */
    public PublishedEvent invoicePaymentFailed(String invoice) {
        return event(StripeEvent.INVOICE_PAYMENT_FAILED, invoice(invoice).deepCopy());
    }

    /** Paid in full by card: amount_paid is amount_due. */
    public PublishedEvent invoicePaid(String invoice) {
        ObjectNode i = invoice(invoice);
        i.put("charge", "ch_sim" + (++sequence)).put("payment_intent", "pi_sim" + sequence)
                .put("attempted", true).put("attempt_count", i.get("attempt_count").asInt() + 1)
                .put("amount_paid", i.get("amount_due").asLong()).put("amount_remaining", 0).put("paid", true).put("status", "paid");
        ((ObjectNode) i.get("status_transitions")).put("paid_at", now());
        return event(StripeEvent.INVOICE_PAID, i.deepCopy());
    }

    /** Puts the events on the Stripe partner bus in their order, 20 at a time; failed entries are sent again. */
    public void publish(List<PublishedEvent> events) {
        for (int from = 0; from < events.size(); from += BATCH) {
            List<PutPartnerEventsRequestEntry> pending = new ArrayList<>();
            for (PublishedEvent e : events.subList(from, Math.min(events.size(), from + BATCH))) {
                pending.add(PutPartnerEventsRequestEntry.builder().source(source).detailType(e.detailType()).detail(e.detailJson())
                        .resources(e.resources()).time(cloud.clock().instant()).build());
            }
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<PutPartnerEventsRequestEntry> batch = List.copyOf(pending);
                PutPartnerEventsResponse r = cloud.clients().eventBridge().putPartnerEvents(b -> b.entries(batch));
                pending.clear();
                List<PutPartnerEventsResultEntry> results = r.entries();
                for (int k = 0; k < results.size() && k < batch.size(); k++) {
                    if (results.get(k).errorCode() != null) {
                        pending.add(batch.get(k));
                    }
                }
                if (!pending.isEmpty() && attempt == PUT_ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " Stripe events not accepted by " + source + " after "
                            + PUT_ATTEMPTS + " attempts: " + results);
                }
            }
        }
    }

    /** The events put so far, by type. */
    public Map<String, Integer> sent() {
        return Map.copyOf(sent);
    }

    private PublishedEvent event(String type, ObjectNode object) {
        ObjectNode d = Json.object();
        d.put("id", "evt_sim" + (++sequence));
        d.put("object", "event");
        d.put("api_version", API_VERSION);
        d.put("created", now());
        d.putObject("data").set("object", object);
        d.put("livemode", false);
        d.put("pending_webhooks", 0);
        d.putObject("request").putNull("id").putNull("idempotency_key");
        d.put("type", type);
        sent.merge(type, 1, Integer::sum);
        return new PublishedEvent(type, Json.write(d), List.of(eventSourceArn));
    }

    private ObjectNode invoice(String id) {
        ObjectNode i = invoices.get(id);
        if (i == null) {
            throw new IllegalArgumentException("Stripe finalized no invoice " + id);
        }
        return i;
    }

    private long now() {
        return cloud.clock().instant().getEpochSecond();
    }

    /** The customer's id without cus_: the stem of its invoice numbers and of the ids made for it. */
    private static String prefix(String customer) {
        return customer.substring(customer.indexOf('_') + 1);
    }

    /** Stripe's minor units of an amount; a currency whose Stripe exponent is not ISO 4217's (ISK, MGA) is refused. */
    static long minorUnits(BigDecimal amount, String currency) {
        long minor = amount.unscaledValue().longValueExact();
        if (StripeAmounts.fromMinorUnits(minor, currency).compareTo(amount) != 0) {
            throw new IllegalArgumentException(currency + " " + amount + ": Stripe's minor unit of " + currency + " is not ISO 4217's");
        }
        return minor;
    }
}
