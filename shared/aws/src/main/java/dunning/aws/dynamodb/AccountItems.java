package dunning.aws.dynamodb;

import dunning.aws.store.BillingRecords;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Attribute names and builders of the items in an account's collection ACCOUNT#&lt;id&gt;:
 * PROFILE (the account, on ByBillGroup), STATE (dunning state + version), INVOICE#&lt;id&gt; (on the
 * sparse OpenInvoicesByDueDate while OPEN with a balance), CHARGE#&lt;id&gt; (unbilled ledger
 * charges), OUTBOX#&lt;key&gt; (actions not yet done).
 */
public final class AccountItems {
    // PROFILE
    public static final String ACCOUNT_ID = "accountId";
    public static final String NAME = "name";
    public static final String EMAIL = "email";
    public static final String LOCALE = "locale";
    public static final String TIME_ZONE = "timeZone";
    public static final String CURRENCY = "currency";
    public static final String AR_TERM = "arTerm";
    public static final String BILL_GROUP = "billGroup";
    public static final String STATUS = "status";
    public static final String TAGS = "tags";
    public static final String ANNUAL_REVENUE = "annualRevenue";
    public static final String EXEMPT = "exempt";
    public static final String COLLECTIONS_CASES = "collectionsCases";
    public static final String EXTERNAL_IDS = "externalIds";
    /** When the profile's billing system last changed it: an older Account Upserted changes nothing. */
    public static final String UPDATED_AT = "updatedAt";
    /** Charges billed on every bill date: a list of maps {description: S, amount: S (money)}. */
    public static final String RECURRING = "recurringCharges";
    // INVOICE
    public static final String INVOICE_ID = "invoiceId";
    public static final String NUMBER = "number";
    public static final String ISSUED = "issued";
    public static final String DUE = "due";
    public static final String AMOUNT = "amount";
    public static final String BALANCE = "balance";
    public static final String INVOICE_STATUS = "invoiceStatus";
    /** Where the invoice's customer pays it (Stripe's hosted invoice page): the notices' pay link for it. */
    public static final String PAY_LINK = "payLink";
    /** A hash of what the billing system issued (number, dates, currency, amount): the same id with other content is refused. */
    public static final String ISSUED_AS = "issuedAs";
    // EXTERNAL
    /** An external id whose customer is not dunned by design: its events are acknowledged, never parked. */
    public static final String NOT_DUNNED = "notDunned";
    // CHARGE
    public static final String CHARGE_ID = "chargeId";
    public static final String CHARGE_KIND = "chargeKind";
    public static final String DESCRIPTION = "description";
    public static final String BOOKED_ON = "bookedOn";
    public static final String SOURCE_KEY = "sourceKey";

    private AccountItems() {}

    public static boolean isProfile(Map<String, AttributeValue> item) {
        return Keys.SK_PROFILE.equals(Attr.str(item, Keys.SK));
    }

    public static boolean isInvoice(Map<String, AttributeValue> item) {
        return Attr.str(item, Keys.SK).startsWith(Keys.SK_INVOICE);
    }

    public static boolean isCharge(Map<String, AttributeValue> item) {
        return Attr.str(item, Keys.SK).startsWith(Keys.SK_CHARGE);
    }

    public static boolean isOutbox(Map<String, AttributeValue> item) {
        return Attr.str(item, Keys.SK).startsWith(Keys.SK_OUTBOX);
    }

    /** An unbilled charge (a late fee, or another charge to bill on the next bill run). */
    public static Map<String, AttributeValue> charge(String accountId, String chargeId, String kind, BigDecimal amount,
                                                     String currency, LocalDate bookedOn, String description, String sourceKey) {
        Map<String, AttributeValue> item = Attr.key(Keys.account(accountId), Keys.SK_CHARGE + chargeId);
        item.put(ACCOUNT_ID, Attr.s(accountId));
        item.put(CHARGE_ID, Attr.s(chargeId));
        item.put(CHARGE_KIND, Attr.s(kind));
        item.put(AMOUNT, Attr.money(amount));
        item.put(CURRENCY, Attr.s(currency));
        item.put(BOOKED_ON, Attr.s(bookedOn.toString()));
        item.put(DESCRIPTION, Attr.s(description));
        item.put(SOURCE_KEY, Attr.s(sourceKey));
        return item;
    }

    /** An invoice item; open with a balance puts it on the sparse due-date index. */
    public static Map<String, AttributeValue> invoice(String accountId, String invoiceId, String number, LocalDate issued,
                                                      LocalDate due, String currency, BigDecimal amount, BigDecimal balance,
                                                      String status) {
        Map<String, AttributeValue> item = Attr.key(Keys.account(accountId), Keys.invoiceSk(invoiceId));
        item.put(ACCOUNT_ID, Attr.s(accountId));
        item.put(INVOICE_ID, Attr.s(invoiceId));
        item.put(NUMBER, Attr.s(number));
        item.put(ISSUED, Attr.s(issued.toString()));
        item.put(DUE, Attr.s(due.toString()));
        item.put(CURRENCY, Attr.s(currency));
        item.put(AMOUNT, Attr.money(amount));
        item.put(BALANCE, Attr.money(balance));
        item.put(INVOICE_STATUS, Attr.s(status));
        if ("OPEN".equals(status) && balance.signum() > 0) {
            item.put(Keys.GSI2PK, Attr.s(Keys.dueShardKey(Keys.dueShard(accountId))));
            item.put(Keys.GSI2SK, Attr.s(Keys.dueSortKey(due, accountId, invoiceId)));
        }
        return item;
    }

    /**
     * The billing-owned attributes of a PROFILE item for {@code p} (no keys, no status): every field, so
     * a stored profile reads back as the same {@link BillingRecords.Profile}. {@code removed} gets the
     * names of optional attributes the profile does not have (to remove from a stored item).
     */
    public static Map<String, AttributeValue> profileAttributes(BillingRecords.Profile p, List<String> removed) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(ACCOUNT_ID, Attr.s(p.accountId()));
        m.put(NAME, Attr.s(p.name()));
        optional(m, removed, EMAIL, p.email().map(Attr::s));
        m.put(LOCALE, Attr.s(p.locale()));
        m.put(TIME_ZONE, Attr.s(p.timeZone()));
        p.currency().ifPresent(c -> m.put(CURRENCY, Attr.s(c)));
        m.put(AR_TERM, Attr.s(p.arTerm()));
        optional(m, removed, BILL_GROUP, p.billGroup().map(Attr::s));
        optional(m, removed, Keys.GSI1PK, p.billGroup().map(g -> Attr.s(Keys.billGroup(g))));
        optional(m, removed, Keys.GSI1SK, p.billGroup().map(g -> Attr.s(Keys.account(p.accountId()))));
        optional(m, removed, TAGS, p.tags().isEmpty() ? Optional.empty() : Optional.of(Attr.strings(p.tags())));
        m.put(ANNUAL_REVENUE, Attr.money(p.annualRevenue()));
        m.put(EXEMPT, Attr.bool(p.exempt()));
        m.put(COLLECTIONS_CASES, Attr.n(p.collectionsCases()));
        optional(m, removed, RECURRING, p.recurring().isEmpty() ? Optional.empty() : Optional.of(AttributeValue.fromL(
                p.recurring().stream().map(r -> AttributeValue.fromM(Map.of(DESCRIPTION, Attr.s(r.description()),
                        AMOUNT, Attr.money(r.amount())))).toList())));
        Map<String, AttributeValue> external = new TreeMap<>();
        p.externalIds().forEach((system, id) -> external.put(system, Attr.s(id)));
        optional(m, removed, EXTERNAL_IDS, external.isEmpty() ? Optional.empty() : Optional.of(AttributeValue.fromM(external)));
        return m;
    }

    private static void optional(Map<String, AttributeValue> m, List<String> removed, String name, Optional<AttributeValue> v) {
        if (v.isPresent()) {
            m.put(name, v.get());
        } else {
            removed.add(name);
        }
    }

    /** The billing-owned fields of a stored PROFILE item (defaults for what a seeded profile lacks). */
    public static BillingRecords.Profile profileOf(Map<String, AttributeValue> item) {
        List<BillingRecords.Recurring> recurring = new ArrayList<>();
        AttributeValue r = item.get(RECURRING);
        if (r != null && r.hasL()) {
            r.l().forEach(v -> recurring.add(new BillingRecords.Recurring(Attr.str(v.m(), DESCRIPTION), Attr.money(v.m(), AMOUNT))));
        }
        Map<String, String> external = new TreeMap<>();
        AttributeValue x = item.get(EXTERNAL_IDS);
        if (x != null && x.hasM()) {
            x.m().forEach((system, id) -> external.put(system, id.s()));
        }
        return new BillingRecords.Profile(Attr.str(item, ACCOUNT_ID), Attr.optStr(item, NAME).orElse(Attr.str(item, ACCOUNT_ID)),
                Attr.optStr(item, EMAIL), Attr.optStr(item, LOCALE).orElse("en"), Attr.optStr(item, TIME_ZONE).orElse("UTC"),
                Attr.optStr(item, CURRENCY), Attr.optStr(item, AR_TERM).orElse(""), Attr.optStr(item, BILL_GROUP),
                Attr.strList(item, TAGS), Attr.optMoney(item, ANNUAL_REVENUE).orElse(BigDecimal.ZERO), Attr.bool(item, EXEMPT, false),
                Attr.optNum(item, COLLECTIONS_CASES).orElse(0L).intValue(), recurring, external);
    }

    /** The ByBillGroup attributes of a PROFILE item. */
    public static void indexBillGroup(Map<String, AttributeValue> profile, String accountId, String billGroup) {
        profile.put(Keys.GSI1PK, Attr.s(Keys.billGroup(billGroup)));
        profile.put(Keys.GSI1SK, Attr.s(Keys.account(accountId)));
    }
}
