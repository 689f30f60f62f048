package dunning.aws.dynamodb;

import dunning.aws.store.AccountDirectory;
import dunning.aws.store.ParkedEvents;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** ByBillGroup paging, the sharded sweep of OpenInvoicesByDueDate, external ids. */
@Singleton
public final class DynamoAccountDirectory implements AccountDirectory {
    private final DynamoTable table;

    @Inject
    public DynamoAccountDirectory(DynamoTable table) {
        this.table = table;
    }

    @Override
    public Page billGroupPage(String billGroup, Optional<String> cursor, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table.name()).indexName(Keys.BY_BILL_GROUP)
                .keyConditionExpression("#g = :g")
                .expressionAttributeNames(Map.of("#g", Keys.GSI1PK, "#a", AccountItems.ACCOUNT_ID))
                .expressionAttributeValues(Map.of(":g", Attr.s(Keys.billGroup(billGroup))))
                .projectionExpression("#a")
                .limit(limit);
        cursor.ifPresent(accountId -> q.exclusiveStartKey(Map.of(
                Keys.GSI1PK, Attr.s(Keys.billGroup(billGroup)), Keys.GSI1SK, Attr.s(Keys.account(accountId)),
                Keys.PK, Attr.s(Keys.account(accountId)), Keys.SK, Attr.s(Keys.SK_PROFILE))));
        QueryResponse r = table.client().query(q.build());
        List<String> ids = new ArrayList<>();
        r.items().forEach(i -> ids.add(Attr.str(i, AccountItems.ACCOUNT_ID)));
        Optional<String> next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() && !ids.isEmpty()
                ? Optional.of(ids.get(ids.size() - 1)) : Optional.empty();
        return new Page(ids, next);
    }

    @Override
    public List<String> accountsWithOpenInvoicesDueBefore(LocalDate dueBefore) {
        return below(Keys.OPEN_INVOICES_BY_DUE_DATE, Keys.GSI2PK, Keys.GSI2SK, Keys.DUE_SHARDS, Keys::dueShardKey, dueBefore.toString());
    }

    @Override
    public List<String> accountsToWakeThrough(LocalDate through) {
        // "<date>#<account>" sorts below "<date>$" for every account of that date
        return below(Keys.WAKE_UPS, Keys.GSI3PK, Keys.GSI3SK, Keys.DUE_SHARDS, s -> "WAKE#" + s, through + "$");
    }

    @Override
    public List<String> accountsWithWorkPendingSince(java.time.Instant before) {
        return below(Keys.WAKE_UPS, Keys.GSI3PK, Keys.GSI3SK, Keys.PENDING_SHARDS, s -> "PENDING#" + s, before.toString());
    }

    /** Distinct accounts of the entries of a sharded sparse index whose sort key is below {@code bound}, all shards. */
    private List<String> below(String index, String pkName, String skName, int shards, java.util.function.IntFunction<String> shardKey,
                               String bound) {
        Set<String> accounts = new LinkedHashSet<>();
        for (int shard = 0; shard < shards; shard++) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder q = QueryRequest.builder().tableName(table.name()).indexName(index)
                        .keyConditionExpression("#p = :p AND #s < :d")
                        .expressionAttributeNames(Map.of("#p", pkName, "#s", skName, "#a", Keys.PK))
                        .expressionAttributeValues(Map.of(":p", Attr.s(shardKey.apply(shard)), ":d", Attr.s(bound)))
                        .projectionExpression("#a");
                if (start != null) {
                    q.exclusiveStartKey(start);
                }
                QueryResponse r = table.client().query(q.build());
                // the indexes are KEYS_ONLY (the cheapest): the table key ACCOUNT#<id> names the account
                r.items().forEach(i -> accounts.add(Keys.accountIdOf(Attr.str(i, Keys.PK))));
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return List.copyOf(accounts);
    }

    @Override
    public List<ParkedEvents.Ref> parkedEvents() {
        List<ParkedEvents.Ref> out = new ArrayList<>();
        for (int shard = 0; shard < Keys.PENDING_SHARDS; shard++) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder q = QueryRequest.builder().tableName(table.name()).indexName(Keys.WAKE_UPS)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", Keys.GSI3PK))
                        .expressionAttributeValues(Map.of(":p", Attr.s(Keys.parkedShardKey(shard))));
                if (start != null) {
                    q.exclusiveStartKey(start);
                }
                QueryResponse r = table.client().query(q.build());
                // KEYS_ONLY: the table key names the parked event
                r.items().forEach(i -> out.add(new ParkedEvents.Ref(Attr.str(i, Keys.PK),
                        Attr.str(i, Keys.SK).substring(Keys.SK_PARKED.length()))));
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return out;
    }

    @Override
    public Optional<String> accountOfExternalId(String system, String externalId) {
        return table.get(Keys.external(system, externalId), Keys.SK_ITEM).flatMap(i -> Attr.optStr(i, AccountItems.ACCOUNT_ID));
    }

    @Override
    public boolean notDunned(String system, String externalId) {
        return table.get(Keys.external(system, externalId), Keys.SK_ITEM)
                .map(i -> !i.containsKey(AccountItems.ACCOUNT_ID) && Attr.bool(i, AccountItems.NOT_DUNNED, false)).orElse(false);
    }
}
