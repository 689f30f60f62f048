package dunning.aws.dynamodb;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
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
    public static final String RECURRING = "recurringCharges";
    // INVOICE
    public static final String INVOICE_ID = "invoiceId";
    public static final String NUMBER = "number";
    public static final String ISSUED = "issued";
    public static final String DUE = "due";
    public static final String AMOUNT = "amount";
    public static final String BALANCE = "balance";
    public static final String INVOICE_STATUS = "invoiceStatus";
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

    /** The ByBillGroup attributes of a PROFILE item. */
    public static void indexBillGroup(Map<String, AttributeValue> profile, String accountId, String billGroup) {
        profile.put(Keys.GSI1PK, Attr.s(Keys.billGroup(billGroup)));
        profile.put(Keys.GSI1SK, Attr.s(Keys.account(accountId)));
    }
}
