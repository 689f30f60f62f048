package dunning.aws.dynamodb;

import dunning.local.junit.ClassCloud;
import dunning.domain.account.Account;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.Decision;
import dunning.domain.port.AccountBook;
import dunning.domain.port.AccountBookContract;
import dunning.domain.port.PlanCatalog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The account book contract on DynamoDB: the local engine, a table provisioned from template.yaml. */
class DynamoAccountBookTest extends AccountBookContract {
    static final String PLAN_YAML = String.join("\n",
            "id: contract",
            "name: Contract",
            "minimumOverdue: { USD: \"1.00\" }",
            "retrySchedule: [1, 3]",
            "paths:",
            "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
            "    - { name: Fee, days: 5, actions: [ { fee: { fixed: { USD: \"2.00\" } } } ] }",
            "    - { name: Write Off, days: 20, actions: [ { status: WRITTEN_OFF } ] }");

    @RegisterExtension
    static final ClassCloud cloud = new ClassCloud();
    DynamoTable table;
    DynamoPlanCatalog plans;
    DynamoAccountBook book;

    @BeforeEach
    void fresh() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T12:00:00Z"), ZoneOffset.UTC);
        table = new DynamoTable(cloud.clients().dynamoDb(), cloud.newTable());
        plans = new DynamoPlanCatalog(table, clock);
        plans.publish("contract", PLAN_YAML, false);
        plans.putTerm(new DynamoPlanCatalog.Term("net0", 0, "contract"));
        book = new DynamoAccountBook(table, plans, clock);
        if (!plans.current("contract").withVersion(1).equals(plan())) {
            throw new IllegalStateException("PLAN_YAML and the contract's plan() have drifted apart");
        }
    }

    @Override
    protected AccountBook book() {
        return book;
    }

    @Override
    protected PlanCatalog plans() {
        return plans;
    }

    @Override
    protected void open(Account account, ZoneId zone) {
        Map<String, AttributeValue> p = Attr.key(Keys.account(account.id()), Keys.SK_PROFILE);
        p.put(AccountItems.ACCOUNT_ID, Attr.s(account.id()));
        p.put(AccountItems.EMAIL, Attr.s(account.id() + "@example.org"));
        p.put(AccountItems.CURRENCY, Attr.s(account.customer().currency()));
        p.put(AccountItems.TIME_ZONE, Attr.s(zone.getId()));
        p.put(AccountItems.AR_TERM, Attr.s("net0"));
        p.put(AccountItems.STATUS, Attr.s(account.state().status().name()));
        put(p);
        for (Invoice inv : account.invoices()) {
            put(AccountCodec.invoiceItem(account.id(), inv, account.customer().currency(), Map.of()));
        }
    }

    @Override
    protected void deliver(String accountId, AccountBook.Inbound entry) {
        new DynamoPaymentInbox(table).record(accountId, entry.id(), entry, java.util.List.of());
    }

    @Override
    protected List<LedgerEntry> ledger(String accountId) {
        return history(accountId, HistoryCodec.SK_LEDGER, HistoryCodec::ledgerEntry);
    }

    @Override
    protected List<Decision> decisions(String accountId) {
        return history(accountId, HistoryCodec.SK_DECISION, HistoryCodec::decision);
    }

    /** The account's history items of one kind (their sort key's prefix), decoded, in the table's order. */
    private <T> List<T> history(String accountId, String skPrefix, Function<Map<String, AttributeValue>, T> decode) {
        List<T> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : table.collection(Keys.accountHistory(accountId))) {
            if (Attr.str(i, Keys.SK).startsWith(skPrefix)) {
                out.add(decode.apply(i));
            }
        }
        return out;
    }

    @Override
    protected Set<String> effectKeys(String accountId) {
        Set<String> keys = new HashSet<>();
        cloud.clients().dynamoDb().scanPaginator(b -> b.tableName(table.name())).items().forEach(i -> {
            if (Attr.str(i, Keys.PK).startsWith("ACTION#") && accountId.equals(Attr.str(i, ActionRecords.ACCOUNT_ID))) {
                keys.add(Attr.str(i, Keys.PK).substring("ACTION#".length()));
            }
        });
        return keys;
    }

    @Override
    protected void corrupt(String accountId) {
        table.client().updateItem(b -> b.tableName(table.name()).key(Attr.key(Keys.account(accountId), Keys.SK_PROFILE))
                .updateExpression("SET #z = :z").expressionAttributeNames(Map.of("#z", AccountItems.TIME_ZONE))
                .expressionAttributeValues(Map.of(":z", Attr.s("Mars/Olympus"))));
    }

    private void put(Map<String, AttributeValue> item) {
        table.client().putItem(b -> b.tableName(table.name()).item(item));
    }
}
