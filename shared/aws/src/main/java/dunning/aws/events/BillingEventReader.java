package dunning.aws.events;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import dunning.aws.json.Json;
import dunning.aws.json.NotActionableException;
import dunning.aws.store.BillingRecords;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the details of the billing events of the stack's own billing system (schemas account-upserted,
 * invoice-issued, invoice-voided, credit-note-issued, payment-refunded), with the same field checks as
 * every consumed message ({@link Fields}): each field bounded, each id printable and within its key limit,
 * amounts at their currency's scale, unknown fields refused with their JSON path.
 */
public final class BillingEventReader {
    /** Bounds of a profile, far above real ones (docs/semantics.md, "What the message readers accept"). */
    static final int MAX_NAME_BYTES = 256;
    static final int MAX_EMAIL_BYTES = 254;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_BYTES = 64;
    static final int MAX_EXTERNAL_IDS = 10;
    static final int MAX_RECURRING = 50;
    static final int MAX_COLLECTIONS_CASES = 100_000;
    static final int MAX_NUMBER_BYTES = 128;
    /** An external system's name, as it prefixes EXTERNAL#&lt;system&gt;#&lt;id&gt;. */
    static final Pattern SYSTEM = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private static final String P = "$.detail";

    private BillingEventReader() {}

    static BillingEvent.AccountUpserted accountUpserted(JsonNode d) {
        return accountUpserted(d, P);
    }

    /**
     * An Account Upserted detail (or an import row of one) whose fields sit at {@code P}: errors name
     * the field by that path.
     */
    public static BillingEvent.AccountUpserted accountUpserted(JsonNode d, String P) {
        Fields.onlyKnown(d, P, Set.of("accountId", "name", "email", "locale", "timeZone", "currency", "arTerm", "billGroup", "tags",
                "annualRevenue", "exempt", "collectionsCases", "recurringCharges", "externalIds", "updatedAt"));
        String accountId = Fields.id(d, "accountId", P, Id.ACCOUNT);
        String currency = Fields.currency(d, "currency", P);
        Instant updatedAt = Fields.optionalInstant(d, "updatedAt", P)
                .orElseThrow(() -> new BadMessageException(P + ".updatedAt: required: the latest updatedAt of an account wins"));
        BigDecimal revenue = d.has("annualRevenue") && !d.get("annualRevenue").isNull()
                ? Fields.money(d, "annualRevenue", P, currency, Fields.Sign.NOT_NEGATIVE)
                : BigDecimal.ZERO.setScale(Fields.scale(currency));
        BillingRecords.Profile profile = new BillingRecords.Profile(accountId,
                Fields.printable(d, "name", P, "a name", MAX_NAME_BYTES),
                Fields.optionalText(d, "email", P).map(e -> email(e, P + ".email")),
                Fields.optionalText(d, "locale", P).map(l -> Fields.locale(l, P + ".locale")).orElse("en"),
                Fields.optionalText(d, "timeZone", P).map(z -> Fields.timeZone(z, P + ".timeZone")).orElse("UTC"),
                Optional.of(currency), Fields.id(d, "arTerm", P, Id.AR_TERM), Fields.optionalId(d, "billGroup", P, Id.BILL_GROUP),
                tags(d, P), revenue, Fields.bool(d, "exempt", P, false),
                Fields.optionalInteger(d, "collectionsCases", P, 0, MAX_COLLECTIONS_CASES).orElse(0L).intValue(),
                recurring(d, currency, P), externalIds(d, P));
        return new BillingEvent.AccountUpserted(accountId + "@" + updatedAt, new PaymentEvent.AccountRef.Direct(accountId), profile,
                updatedAt);
    }

    static BillingEvent.InvoiceIssued invoiceIssued(JsonNode d, Instant time) {
        return invoiceIssued(d, time, P);
    }

    /** An Invoice Issued detail (or an import row of one) whose fields sit at {@code P}, issued at {@code time} unless it says when. */
    public static BillingEvent.InvoiceIssued invoiceIssued(JsonNode d, Instant time, String P) {
        Fields.onlyKnown(d, P, Set.of("invoiceId", "accountId", "number", "issueDate", "dueDate", "currency", "amount", "payLink",
                "issuedAt"));
        String invoiceId = Fields.id(d, "invoiceId", P, Id.INVOICE);
        String accountId = Fields.id(d, "accountId", P, Id.ACCOUNT);
        String currency = Fields.currency(d, "currency", P);
        BigDecimal amount = Fields.money(d, "amount", P, currency, Fields.Sign.NOT_NEGATIVE);
        LocalDate issued = Fields.date(d, "issueDate", P);
        LocalDate due = Fields.date(d, "dueDate", P);
        if (due.isBefore(issued)) {
            throw new BadMessageException(P + ".dueDate: " + due + " is before the issue date " + issued);
        }
        Optional<String> payLink = Fields.optionalText(d, "payLink", P).map(u -> Fields.httpsUrl(u, P + ".payLink"));
        String number = Fields.optionalPrintable(d, "number", P, "an invoice number", MAX_NUMBER_BYTES).orElse(invoiceId);
        Instant at = Fields.optionalInstant(d, "issuedAt", P).orElse(time);
        if (amount.signum() == 0) {
            // DESIGN §5.1: a $0 invoice is acknowledged and ignored
            throw new NotActionableException(NotActionableException.Kind.NOTHING_TO_APPLY, "Invoice Issued " + invoiceId
                    + " of account " + accountId + ": its amount is 0");
        }
        return new BillingEvent.InvoiceIssued(invoiceId, new PaymentEvent.AccountRef.Direct(accountId),
                new BillingRecords.Invoice(accountId, invoiceId, number, issued, due, currency, amount, payLink), at);
    }

    static BillingEvent.InvoiceVoided invoiceVoided(JsonNode d, Instant time) {
        Fields.onlyKnown(d, P, Set.of("eventId", "accountId", "invoiceId", "voidedAt"));
        return new BillingEvent.InvoiceVoided(Fields.id(d, "eventId", P, Id.EVENT),
                new PaymentEvent.AccountRef.Direct(Fields.id(d, "accountId", P, Id.ACCOUNT)), Fields.id(d, "invoiceId", P, Id.INVOICE),
                Fields.optionalInstant(d, "voidedAt", P).orElse(time));
    }

    static BillingEvent.CreditNoteIssued creditNoteIssued(JsonNode d, Instant time) {
        Fields.onlyKnown(d, P, Set.of("creditNoteId", "accountId", "invoiceId", "amount", "currency", "issuedAt"));
        String currency = Fields.currency(d, "currency", P);
        return new BillingEvent.CreditNoteIssued(Fields.id(d, "creditNoteId", P, Id.EVENT),
                new PaymentEvent.AccountRef.Direct(Fields.id(d, "accountId", P, Id.ACCOUNT)), Fields.id(d, "invoiceId", P, Id.INVOICE),
                Fields.money(d, "amount", P, currency, Fields.Sign.POSITIVE), currency,
                Fields.optionalInstant(d, "issuedAt", P).orElse(time));
    }

    static PaymentEvent.Refunded paymentRefunded(JsonNode d, Instant time) {
        Fields.onlyKnown(d, P, Set.of("refundId", "accountId", "invoiceId", "paymentId", "amount", "currency", "kind", "refundedAt"));
        String currency = Fields.currency(d, "currency", P);
        String kind = Fields.optionalText(d, "kind", P).orElse("REFUND");
        if (!kind.equals("REFUND") && !kind.equals("CHARGEBACK")) {
            throw new BadMessageException(P + ".kind: expected REFUND or CHARGEBACK, got " + Fields.shown(kind));
        }
        if (d.get("invoiceId") == null || d.get("invoiceId").isNull()) {
            throw new BadMessageException(P + ".invoiceId: required: a refund makes its invoice owe again");
        }
        return new PaymentEvent.Refunded(Fields.id(d, "refundId", P, Id.EVENT),
                new PaymentEvent.AccountRef.Direct(Fields.id(d, "accountId", P, Id.ACCOUNT)),
                Optional.of(Fields.id(d, "invoiceId", P, Id.INVOICE)), Fields.money(d, "amount", P, currency, Fields.Sign.POSITIVE),
                currency, Fields.optionalId(d, "paymentId", P, Id.EVENT), kind.equals("CHARGEBACK"),
                Fields.optionalInstant(d, "refundedAt", P).orElse(time));
    }

    /** An address SES can send to: one @, something either side, no white space, at most 254 bytes (RFC 5321). */
    static String email(String value, String path) {
        Fields.checkPrintable(value, path, "an email address", MAX_EMAIL_BYTES);
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1 || value.chars().anyMatch(Character::isWhitespace)) {
            throw new BadMessageException(path + ": not an email address: " + Fields.shown(value));
        }
        return value;
    }

    /** An optional array of at most {@code max} {@code what}: an empty one when absent or null. */
    private static JsonNode optionalList(JsonNode d, String name, String p, int max, String what) {
        JsonNode n = d.get(name);
        if (n == null || n.isNull()) {
            return Json.mapper().createArrayNode();
        }
        if (!n.isArray() || n.size() > max) {
            throw new BadMessageException(p + ": must be an array of at most " + max + " " + what);
        }
        return n;
    }

    private static List<String> tags(JsonNode d, String P) {
        String p = P + ".tags";
        JsonNode n = optionalList(d, "tags", p, MAX_TAGS, "strings");
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode t = n.get(i);
            if (!t.isTextual() || t.asText().isBlank()) {
                throw new BadMessageException(p + "[" + i + "]: required non-empty string");
            }
            if (!out.add(Fields.checkPrintable(t.asText(), p + "[" + i + "]", "a tag", MAX_TAG_BYTES))) {
                throw new BadMessageException(p + "[" + i + "]: " + Fields.shown(t.asText()) + " is listed twice");
            }
        }
        return List.copyOf(out);
    }

    private static List<BillingRecords.Recurring> recurring(JsonNode d, String currency, String P) {
        String p = P + ".recurringCharges";
        JsonNode n = optionalList(d, "recurringCharges", p, MAX_RECURRING, "charges");
        List<BillingRecords.Recurring> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode c = n.get(i);
            String cp = p + "[" + i + "]";
            Fields.requireObject(c, cp);
            Fields.onlyKnown(c, cp, Set.of("description", "amount"));
            out.add(new BillingRecords.Recurring(Fields.printable(c, "description", cp, "a description", MAX_NAME_BYTES),
                    Fields.money(c, "amount", cp, currency, Fields.Sign.POSITIVE)));
        }
        return out;
    }

    private static Map<String, String> externalIds(JsonNode d, String P) {
        JsonNode n = d.get("externalIds");
        if (n == null || n.isNull()) {
            return Map.of();
        }
        String p = P + ".externalIds";
        if (!n.isObject() || n.size() > MAX_EXTERNAL_IDS) {
            throw new BadMessageException(p + ": must be an object of at most " + MAX_EXTERNAL_IDS + " ids, by system");
        }
        Map<String, String> out = new TreeMap<>();
        Iterator<String> systems = n.fieldNames();
        while (systems.hasNext()) {
            String system = systems.next();
            if (!SYSTEM.matcher(system).matches()) {
                throw new BadMessageException(p + "." + Fields.shown(system) + ": a system is lower-case letters, digits, - and _ "
                        + "(at most 32)");
            }
            out.put(system, Fields.id(n, system, p, Id.EXTERNAL));
        }
        return out;
    }
}
