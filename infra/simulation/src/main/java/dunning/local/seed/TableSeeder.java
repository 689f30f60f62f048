package dunning.local.seed;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.store.BillingRecords;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes plans, AR terms, accounts and invoices into the table in the shape the functions read
 * (docs/data-model.md), through BatchWriteItem in pages of 25. What a billing system's import
 * would do; the local runner and the tests load their portfolios with it.
 */
public final class TableSeeder {
    /** An account's profile: who gets the notices, in which currency and zone, billed in which group. */
    public record Account(String id, String name, String email, String locale, String timeZone, String currency,
                          String arTerm, String billGroup, List<String> tags, BigDecimal annualRevenue,
                          boolean exempt, int collectionsCases, List<Recurring> recurring, Map<String, String> externalIds) {
        public Account {
            tags = List.copyOf(tags);
            recurring = List.copyOf(recurring);
            externalIds = Map.copyOf(externalIds);
        }
    }

    /** A charge billed on every bill date. */
    public record Recurring(String description, BigDecimal amount) {}

    private static final int BATCH = 25;

    private final DynamoDbClient client;
    private final String table;
    private final List<WriteRequest> pending = new ArrayList<>();
    private int written;

    public TableSeeder(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /** A plan, as the YAML text FORMAT.md defines, published as its next version (checked when the evaluation reads it). */
    public TableSeeder plan(String planId, String yaml) {
        catalog().publish(planId, yaml, false);
        return this;
    }

    public TableSeeder arTerm(String termId, int netDays, String planId) {
        catalog().putTerm(new DynamoPlanCatalog.Term(termId, netDays, planId));
        return this;
    }

    private DynamoPlanCatalog catalog() {
        return new DynamoPlanCatalog(new DynamoTable(client, table), java.time.Clock.systemUTC());
    }

    public TableSeeder account(Account a) {
        Map<String, AttributeValue> p = Attr.key(Keys.account(a.id()), Keys.SK_PROFILE);
        p.putAll(AccountItems.profileAttributes(profile(a), new ArrayList<>()));
        p.put(AccountItems.STATUS, Attr.s("ACTIVE"));
        put(p);
        a.externalIds().forEach((system, externalId) -> {
            Map<String, AttributeValue> ext = Attr.key(Keys.external(system, externalId), Keys.SK_ITEM);
            ext.put(AccountItems.ACCOUNT_ID, Attr.s(a.id()));
            put(ext);
        });
        return this;
    }

    /** The account as its billing system's profile: what Account Upserted, an import or this seeder writes. */
    public static BillingRecords.Profile profile(Account a) {
        return new BillingRecords.Profile(a.id(), a.name(), Optional.ofNullable(a.email()), a.locale(), a.timeZone(),
                Optional.of(a.currency()), a.arTerm(), Optional.ofNullable(a.billGroup()), a.tags(), a.annualRevenue(), a.exempt(),
                a.collectionsCases(), a.recurring().stream().map(r -> new BillingRecords.Recurring(r.description(), r.amount())).toList(),
                a.externalIds());
    }

    /** An open invoice with its balance (on the sparse due-date index while it has one). */
    public TableSeeder invoice(String accountId, String invoiceId, LocalDate issued, LocalDate due, String currency,
                               BigDecimal amount, BigDecimal balance) {
        return put(AccountItems.invoice(accountId, invoiceId, invoiceId, issued, due, currency, amount, balance,
                balance.signum() > 0 ? "OPEN" : "PAID"));
    }

    /** Any item, for what the builders above do not cover. */
    public TableSeeder put(Map<String, AttributeValue> item) {
        pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        if (pending.size() == BATCH) {
            flush();
        }
        return this;
    }

    /** Writes what is pending; unprocessed items are sent again until none is left. Returns the items written so far. */
    public int flush() {
        List<WriteRequest> batch = new ArrayList<>(pending);
        pending.clear();
        for (int attempt = 0; !batch.isEmpty(); attempt++) {
            if (attempt == 10) {
                throw new IllegalStateException(batch.size() + " items stayed unprocessed after 10 BatchWriteItem attempts");
            }
            List<WriteRequest> send = batch;
            BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(table, send)));
            int left = r.hasUnprocessedItems() ? r.unprocessedItems().getOrDefault(table, List.of()).size() : 0;
            written += send.size() - left;
            batch = left == 0 ? List.of() : r.unprocessedItems().get(table);
        }
        return written;
    }
}
