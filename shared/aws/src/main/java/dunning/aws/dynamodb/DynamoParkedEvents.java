package dunning.aws.dynamodb;

import dunning.aws.store.Awaited;
import dunning.aws.store.ParkedEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Parked events in the item collection of what they wait for, sk PARKED#&lt;key&gt;: an account's or an
 * invoice's in ACCOUNT#&lt;id&gt;, a Stripe customer's in EXTERNAL#stripe#&lt;cus&gt;, a Stripe payment's in
 * STRIPE#&lt;ch or pi&gt;. So the arrival of what they wait for finds them with one Query of its own
 * collection. While not reported they are on WakeUps (gsi3pk PARKED#&lt;shard 0..3&gt;, gsi3sk
 * &lt;since&gt;#&lt;partition&gt;#&lt;key&gt;) for the hourly sweep; reported, on WakeUps under PROBLEMS.
 */
@Singleton
public final class DynamoParkedEvents implements ParkedEvents {
    static final String BODY = "body";
    static final String REASON = "reason";
    static final String SINCE = "since";
    static final String ATTEMPTS = "attempts";
    static final String LAST_TRIED = "lastTriedAt";
    static final String REPORTED_AT = "reportedAt";
    static final String AWAITED = "awaited";

    private final DynamoTable table;

    @Inject
    public DynamoParkedEvents(DynamoTable table) {
        this.table = table;
    }

    static String partition(Awaited a) {
        if (a instanceof Awaited.Account acc) {
            return Keys.account(acc.accountId());
        }
        if (a instanceof Awaited.Invoice inv) {
            return Keys.account(inv.accountId());
        }
        if (a instanceof Awaited.Customer c) {
            return Keys.external(c.system(), c.externalId());
        }
        return Keys.stripeObject(((Awaited.Payment) a).paymentId());
    }

    private static Map<String, AttributeValue> encode(Awaited a) {
        if (a instanceof Awaited.Account acc) {
            return Map.of("kind", Attr.s("ACCOUNT"), "account", Attr.s(acc.accountId()));
        }
        if (a instanceof Awaited.Invoice inv) {
            return Map.of("kind", Attr.s("INVOICE"), "account", Attr.s(inv.accountId()), "invoice", Attr.s(inv.invoiceId()));
        }
        if (a instanceof Awaited.Customer c) {
            return Map.of("kind", Attr.s("CUSTOMER"), "system", Attr.s(c.system()), "id", Attr.s(c.externalId()));
        }
        Awaited.Payment p = (Awaited.Payment) a;
        return Map.of("kind", Attr.s("PAYMENT"), "system", Attr.s(p.system()), "id", Attr.s(p.paymentId()));
    }

    private static Awaited decode(Map<String, AttributeValue> m) {
        return switch (Attr.str(m, "kind")) {
            case "ACCOUNT" -> new Awaited.Account(Attr.str(m, "account"));
            case "INVOICE" -> new Awaited.Invoice(Attr.str(m, "account"), Attr.str(m, "invoice"));
            case "CUSTOMER" -> new Awaited.Customer(Attr.str(m, "system"), Attr.str(m, "id"));
            default -> new Awaited.Payment(Attr.str(m, "system"), Attr.str(m, "id"));
        };
    }

    @Override
    public Parked park(String key, Awaited awaited, String reason, String body, Instant now) {
        String pk = partition(awaited);
        Optional<Map<String, AttributeValue>> stored = table.get(pk, Keys.parkedSk(key));
        Instant since = stored.flatMap(s -> Attr.optInstant(s, SINCE)).orElse(now);
        int attempts = stored.flatMap(s -> Attr.optNum(s, ATTEMPTS)).orElse(0L).intValue() + 1;
        boolean reported = stored.map(s -> s.containsKey(REPORTED_AT)).orElse(false);
        Map<String, AttributeValue> item = Attr.key(pk, Keys.parkedSk(key));
        item.put(AWAITED, AttributeValue.fromM(encode(awaited)));
        item.put(BODY, Attr.s(body));
        item.put(REASON, Attr.s(reason));
        item.put(SINCE, Attr.s(since.toString()));
        item.put(ATTEMPTS, Attr.n(attempts));
        item.put(LAST_TRIED, Attr.s(now.toString()));
        if (reported) {
            item.put(REPORTED_AT, stored.get().get(REPORTED_AT));
            item.put(Keys.GSI3PK, Attr.s(Keys.PROBLEMS));
            item.put(Keys.GSI3SK, Attr.s(Keys.reportedParkedSortKey(pk, key)));
        } else {
            item.put(Keys.GSI3PK, Attr.s(Keys.parkedShardKey(pk)));
            item.put(Keys.GSI3SK, Attr.s(Keys.parkedSortKey(since, pk, key)));
        }
        table.client().putItem(b -> b.tableName(table.name()).item(item));
        return parked(item);
    }

    @Override
    public void report(Parked parked, Instant now) {
        String pk = partition(parked.awaited());
        table.client().updateItem(b -> b.tableName(table.name()).key(Attr.key(pk, Keys.parkedSk(parked.key())))
                .updateExpression("SET #r = :r, #p = :p, #s = :s")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#r", REPORTED_AT, "#p", Keys.GSI3PK, "#s", Keys.GSI3SK))
                .expressionAttributeValues(Map.of(":r", Attr.s(now.toString()), ":p", Attr.s(Keys.PROBLEMS),
                        ":s", Attr.s(Keys.reportedParkedSortKey(pk, parked.key())))));
    }

    @Override
    public List<Parked> waitingFor(Awaited arrived) {
        List<Parked> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.collection(partition(arrived), Keys.SK_PARKED)) {
            Parked p = parked(item);
            if (!(arrived instanceof Awaited.Invoice) || p.awaited().equals(arrived)) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public Optional<Parked> find(Ref ref) {
        return table.get(ref.partition(), Keys.parkedSk(ref.key())).map(DynamoParkedEvents::parked);
    }

    @Override
    public Ref refOf(Parked parked) {
        return new Ref(partition(parked.awaited()), parked.key());
    }

    @Override
    public void resolved(Parked parked) {
        table.client().deleteItem(b -> b.tableName(table.name()).key(Attr.key(partition(parked.awaited()), Keys.parkedSk(parked.key()))));
    }

    private static Parked parked(Map<String, AttributeValue> item) {
        return new Parked(Attr.str(item, Keys.SK).substring(Keys.SK_PARKED.length()), decode(item.get(AWAITED).m()),
                Attr.str(item, BODY), Attr.str(item, REASON), Instant.parse(Attr.str(item, SINCE)),
                Attr.optNum(item, ATTEMPTS).orElse(1L).intValue(), item.containsKey(REPORTED_AT));
    }
}
