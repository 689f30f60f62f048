package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.store.Awaited;
import dunning.aws.store.BillingRecords;
import dunning.aws.store.NotKnownYetException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Profiles and invoices on DunningTable (docs/data-model.md). An upsert reads the PROFILE item, then
 * writes in one transaction: the profile's billing-owned attributes (dunning's status only set on a
 * new account) conditioned on the {@code updatedAt} it read, the account's version bump, and the
 * EXTERNAL#&lt;system&gt;#&lt;id&gt; items of the external ids it adds (each only if no other account holds it)
 * or drops. An issue puts the INVOICE item only if absent (on OpenInvoicesByDueDate, as every open
 * invoice), sets the profile's currency if it has none or checks it, and bumps the version.
 */
@Singleton
public final class DynamoBillingRecords implements BillingRecords {
    /** Re-reads after a concurrent write to the same profile before giving up (the message is then retried). */
    static final int ATTEMPTS = 3;

    private final DynamoTable table;
    private final ActionRecords actions;

    @Inject
    public DynamoBillingRecords(DynamoTable table) {
        this.table = table;
        this.actions = new ActionRecords(table);
    }

    @Override
    public Optional<Stored> profile(String accountId) {
        return table.get(Keys.account(accountId), Keys.SK_PROFILE)
                .map(p -> new Stored(AccountItems.profileOf(p), Attr.optInstant(p, AccountItems.UPDATED_AT)));
    }

    @Override
    public Upserted upsert(String accountId, Instant updatedAt, Function<Optional<Profile>, Profile> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, AttributeValue>> item = table.get(Keys.account(accountId), Keys.SK_PROFILE);
            Optional<Instant> storedAt = item.flatMap(p -> Attr.optInstant(p, AccountItems.UPDATED_AT));
            if (storedAt.isPresent() && storedAt.get().isAfter(updatedAt)) {
                return Upserted.OLDER;
            }
            Optional<Profile> old = item.map(AccountItems::profileOf);
            Profile next = change.apply(old);
            if (!next.accountId().equals(accountId)) {
                throw new IllegalArgumentException("a change of account " + accountId + " made a profile of " + next.accountId());
            }
            if (old.isPresent() && old.get().currency().isPresent() && !old.get().currency().equals(next.currency())) {
                throw new BadMessageException("account " + accountId + " bills in " + old.get().currency().get()
                        + "; an account's currency never changes (" + next.currency().orElse("none") + " given)");
            }
            if (storedAt.equals(Optional.of(updatedAt))) {
                if (same(old.get(), next)) {
                    return Upserted.UNCHANGED;
                }
                throw new BadMessageException("account " + accountId + " was written with other content at the same updatedAt "
                        + updatedAt + ": not applied");
            }
            try {
                table.transact(writes(accountId, updatedAt, item, old, next));
                return old.isPresent() ? Upserted.UPDATED : Upserted.CREATED;
            } catch (ConflictException e) {
                for (Map.Entry<String, String> ext : next.externalIds().entrySet()) {
                    if (e.failedOn(Keys.external(ext.getKey(), ext.getValue()), Keys.SK_ITEM)) {
                        String holder = table.get(Keys.external(ext.getKey(), ext.getValue()), Keys.SK_ITEM)
                                .flatMap(i -> Attr.optStr(i, AccountItems.ACCOUNT_ID)).orElse("another account");
                        throw new BadMessageException(ext.getKey() + " id " + ext.getValue() + " of account " + accountId
                                + " belongs to account " + holder + ": not applied");
                    }
                }
                if (attempt == ATTEMPTS) {
                    throw e; // the profile keeps changing under us: the message is retried
                }
            }
        }
    }

    private List<TransactWriteItem> writes(String accountId, Instant updatedAt, Optional<Map<String, AttributeValue>> item,
                                           Optional<Profile> old, Profile next) {
        String pk = Keys.account(accountId);
        List<String> removed = new ArrayList<>();
        Map<String, AttributeValue> attributes = AccountItems.profileAttributes(next, removed);
        attributes.put(AccountItems.UPDATED_AT, Attr.s(updatedAt.toString()));
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        StringBuilder set = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, AttributeValue> a : attributes.entrySet()) {
            names.put("#a" + n, a.getKey());
            values.put(":a" + n, a.getValue());
            set.append(set.length() == 0 ? "SET " : ", ").append("#a").append(n).append(" = :a").append(n);
            n++;
        }
        // dunning's own: a new account starts ACTIVE; an existing one keeps what dunning made of it
        names.put("#st", AccountItems.STATUS);
        values.put(":active", Attr.s("ACTIVE"));
        set.append(", #st = if_not_exists(#st, :active)");
        List<String> remove = new ArrayList<>();
        for (String r : removed) {
            names.put("#r" + remove.size(), r);
            remove.add("#r" + remove.size());
        }
        String condition;
        Optional<String> storedAt = item.flatMap(p -> Attr.optStr(p, AccountItems.UPDATED_AT));
        if (item.isEmpty()) {
            condition = "attribute_not_exists(pk)";
        } else if (storedAt.isEmpty()) {
            condition = "attribute_exists(pk) AND attribute_not_exists(#u)";
            names.put("#u", AccountItems.UPDATED_AT);
        } else {
            // what was read is what is replaced: a concurrent upsert makes this one read again
            condition = "#u = :read";
            names.put("#u", AccountItems.UPDATED_AT);
            values.put(":read", Attr.s(storedAt.get()));
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Attr.key(pk, Keys.SK_PROFILE))
                .updateExpression(set + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove)))
                .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values).build()).build());
        writes.add(actions.bumpVersion(accountId));
        Map<String, String> before = old.map(Profile::externalIds).orElse(Map.of());
        for (Map.Entry<String, String> ext : next.externalIds().entrySet()) {
            if (ext.getValue().equals(before.get(ext.getKey()))) {
                continue;
            }
            Map<String, AttributeValue> mapping = Attr.key(Keys.external(ext.getKey(), ext.getValue()), Keys.SK_ITEM);
            mapping.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
            // free, ours already, or a customer marked not dunned that now has an account
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(mapping)
                    .conditionExpression("attribute_not_exists(#a) OR #a = :a")
                    .expressionAttributeNames(Map.of("#a", AccountItems.ACCOUNT_ID))
                    .expressionAttributeValues(Map.of(":a", Attr.s(accountId))).build()).build());
        }
        for (Map.Entry<String, String> ext : before.entrySet()) {
            if (!ext.getValue().equals(next.externalIds().get(ext.getKey()))) {
                writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                        .key(Attr.key(Keys.external(ext.getKey(), ext.getValue()), Keys.SK_ITEM))
                        .conditionExpression("attribute_not_exists(pk) OR #a = :a")
                        .expressionAttributeNames(Map.of("#a", AccountItems.ACCOUNT_ID))
                        .expressionAttributeValues(Map.of(":a", Attr.s(accountId))).build()).build());
            }
        }
        return writes;
    }

    /** Equal as stored: amounts by value, so "0" and "0.00" are one revenue. */
    private static boolean same(Profile a, Profile b) {
        return normalized(a).equals(normalized(b));
    }

    private static Profile normalized(Profile p) {
        return new Profile(p.accountId(), p.name(), p.email(), p.locale(), p.timeZone(), p.currency(), p.arTerm(), p.billGroup(),
                p.tags(), p.annualRevenue().stripTrailingZeros(), p.exempt(), p.collectionsCases(),
                p.recurring().stream().map(r -> new Recurring(r.description(), r.amount().stripTrailingZeros())).toList(),
                p.externalIds());
    }

    @Override
    public Issued issue(Invoice inv) {
        if (inv.amount().signum() <= 0) {
            throw new IllegalArgumentException("an invoice of " + inv.amount().toPlainString() + " is not issued: nothing is owed");
        }
        String pk = Keys.account(inv.accountId());
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> profile = table.get(pk, Keys.SK_PROFILE).orElseThrow(() -> new NotKnownYetException(
                    new Awaited.Account(inv.accountId()), "invoice " + inv.invoiceId() + " of unknown account " + inv.accountId()));
            Optional<String> currency = Attr.optStr(profile, AccountItems.CURRENCY);
            if (currency.isPresent() && !currency.get().equals(inv.currency())) {
                throw new BadMessageException("invoice " + inv.invoiceId() + " is in " + inv.currency() + ", account "
                        + inv.accountId() + " bills in " + currency.get() + ": not issued");
            }
            Map<String, AttributeValue> item = AccountItems.invoice(inv.accountId(), inv.invoiceId(), inv.number(), inv.issued(),
                    inv.due(), inv.currency(), inv.amount(), inv.amount(), "OPEN");
            inv.payLink().ifPresent(l -> item.put(AccountItems.PAY_LINK, Attr.s(l)));
            item.put(AccountItems.ISSUED_AS, Attr.s(issuedAs(inv)));
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(pk)").build()).build());
            // the account's first invoice gives it its currency (a new Stripe customer has none); later ones must agree
            writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name()).key(Attr.key(pk, Keys.SK_PROFILE))
                    .updateExpression("SET #c = :c")
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#c) OR #c = :c)")
                    .expressionAttributeNames(Map.of("#c", AccountItems.CURRENCY))
                    .expressionAttributeValues(Map.of(":c", Attr.s(inv.currency()))).build()).build());
            writes.add(actions.bumpVersion(inv.accountId()));
            try {
                table.transact(writes);
                return Issued.ISSUED;
            } catch (ConflictException e) {
                if (e.failedOn(pk, Keys.invoiceSk(inv.invoiceId()))) {
                    return alreadyIssued(inv);
                }
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                // the profile changed (deleted, or its currency set meanwhile): read it again
            }
        }
    }

    /** The stored invoice of the same id: the same content is a redelivery; other content is refused with what differs. */
    private Issued alreadyIssued(Invoice inv) {
        Map<String, AttributeValue> stored = table.get(Keys.account(inv.accountId()), Keys.invoiceSk(inv.invoiceId())).orElseThrow();
        if (!Attr.optStr(stored, AccountItems.ISSUED_AS).orElse("").equals(issuedAs(inv))) {
            Map<String, String> was = new LinkedHashMap<>();
            was.put("number", Attr.optStr(stored, AccountItems.NUMBER).orElse("?"));
            was.put("issued", Attr.optStr(stored, AccountItems.ISSUED).orElse("?"));
            was.put("due", Attr.optStr(stored, AccountItems.DUE).orElse("?"));
            was.put("currency", Attr.optStr(stored, AccountItems.CURRENCY).orElse("?"));
            was.put("amount", Attr.optStr(stored, AccountItems.AMOUNT).orElse("?"));
            Map<String, String> now = Map.of("number", inv.number(), "issued", inv.issued().toString(), "due", inv.due().toString(),
                    "currency", inv.currency(), "amount", inv.amount().toPlainString());
            List<String> differs = new ArrayList<>();
            was.forEach((field, value) -> {
                boolean equal = field.equals("amount") ? !value.equals("?") && new BigDecimal(value).compareTo(inv.amount()) == 0
                        : Objects.equals(value, now.get(field));
                if (!equal) {
                    differs.add(field + " " + now.get(field) + " (issued with " + value + ")");
                }
            });
            throw new BadMessageException("invoice " + inv.invoiceId() + " of account " + inv.accountId()
                    + " was issued with other content: " + (differs.isEmpty() ? "(unknown)" : String.join(", ", differs))
                    + "; not applied");
        }
        if (inv.payLink().isPresent() && !stored.containsKey(AccountItems.PAY_LINK)) {
            // false: set meanwhile
            table.updateIf(Keys.account(inv.accountId()), Keys.invoiceSk(inv.invoiceId()), b -> b
                    .updateExpression("SET #l = :l").conditionExpression("attribute_exists(pk) AND attribute_not_exists(#l)")
                    .expressionAttributeNames(Map.of("#l", AccountItems.PAY_LINK))
                    .expressionAttributeValues(Map.of(":l", Attr.s(inv.payLink().get()))));
        }
        return Issued.ALREADY_ISSUED;
    }

    /** What makes an invoice the same invoice: account, id, number, dates, currency, amount (by value). */
    static String issuedAs(Invoice inv) {
        return DynamoPlanCatalog.sha256(String.join("|", inv.accountId(), inv.invoiceId(), inv.number(), inv.issued().toString(),
                inv.due().toString(), inv.currency(), inv.amount().stripTrailingZeros().toPlainString()));
    }

    @Override
    public boolean hasInvoice(String accountId, String invoiceId) {
        return table.get(Keys.account(accountId), Keys.invoiceSk(invoiceId)).isPresent();
    }

    @Override
    public void notDunned(String system, String externalId, Instant updatedAt) {
        Map<String, AttributeValue> item = Attr.key(Keys.external(system, externalId), Keys.SK_ITEM);
        item.put(AccountItems.NOT_DUNNED, Attr.bool(true));
        item.put(AccountItems.UPDATED_AT, Attr.s(updatedAt.toString()));
        Map<String, String> names = new HashMap<>(Map.of("#a", AccountItems.ACCOUNT_ID));
        // false: an account holds it, so it stays dunned (its billing system set it exempt instead)
        table.putIf(item, b -> b.conditionExpression("attribute_not_exists(#a)").expressionAttributeNames(names));
    }
}
