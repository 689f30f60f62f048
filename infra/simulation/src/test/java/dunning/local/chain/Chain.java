package dunning.local.chain;

import dunning.aws.dynamodb.AccountCodec;
import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.ActionRecords;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.EffectCodec;
import dunning.aws.dynamodb.HistoryCodec;
import dunning.aws.dynamodb.Keys;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.sqs.SqsDeadLetters;
import dunning.domain.account.DunningState;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.Effect;
import dunning.domain.plan.Plan;
import dunning.local.LocalCloud;
import dunning.local.faults.FaultInjector;
import dunning.local.payments.BillingSystem;
import dunning.local.seed.TableSeeder;
import dunning.local.ses.LocalSes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The deployed chain on the local cloud, for tests that follow one account through it: seed what a
 * billing system's import would, publish what the payment service would, move the clock through
 * the template's own schedules, and read back what the table, SES and the DLQs hold.
 */
final class Chain implements AutoCloseable {
    static final String TERM = "net0";

    final LocalCloud cloud;
    final DynamoTable table;
    final BillingSystem billing;
    private int events;

    private Chain(LocalCloud cloud) {
        this.cloud = cloud;
        this.table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
        this.billing = new BillingSystem(cloud);
        FaultInjector.reset();
    }

    static Chain start(Instant at) {
        return new Chain(LocalCloud.start(LocalCloud.Options.defaults().startingAt(at)));
    }

    static Chain start(LocalCloud.Options options) {
        return new Chain(LocalCloud.start(options));
    }

    /**
     * Empties the table and every queue, so tests sharing one local cloud (one per test class) start
     * from nothing; the clock only moves forward ({@link #atLeast}), SES's outbox is read from a mark.
     */
    void wipe() {
        List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> deletes = new ArrayList<>();
        for (Map<String, AttributeValue> item : cloud.clients().dynamoDb().scanPaginator(b -> b.tableName(table.name())).items()) {
            deletes.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().deleteRequest(d -> d.key(
                    Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK)))).build());
            if (deletes.size() == 25) {
                List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> page = List.copyOf(deletes);
                cloud.clients().dynamoDb().batchWriteItem(b -> b.requestItems(Map.of(table.name(), page)));
                deletes.clear();
            }
        }
        if (!deletes.isEmpty()) {
            cloud.clients().dynamoDb().batchWriteItem(b -> b.requestItems(Map.of(table.name(), deletes)));
        }
        for (String q : cloud.stack().queues()) {
            cloud.clients().sqs().purgeQueue(b -> b.queueUrl(cloud.stack().queueUrl(q)));
        }
        FaultInjector.reset();
    }

    /** Moves the clock to {@code instant}, or leaves it where it is when it is already later. */
    void atLeast(Instant instant) {
        if (instant.isAfter(cloud.clock().instant())) {
            cloud.clock().set(instant);
        }
    }

    /**
     * An account of the stack's own billing system that is also a Stripe customer: Account Upserted, its
     * Stripe customer among its external ids, so Stripe's events for the customer are the account's.
     */
    void accountWithStripeId(String id, String currency, String customer) {
        publish(billing.accountUpserted(new dunning.aws.store.BillingRecords.Profile(id, "Customer " + id,
                Optional.of("customer@example.com"), "en", "UTC", Optional.of(currency), "stripe", Optional.empty(), List.of(),
                BigDecimal.ZERO, false, 0, List.of(), Map.of("stripe", customer))));
    }

    /** A message body onto PaymentEventsQueue, as EventBridge's target puts it there, then the queues drained. */
    void deliver(String body) {
        cloud.clients().sqs().sendMessage(b -> b.queueUrl(cloud.stack().queueUrl("PaymentEventsQueue")).messageBody(body));
        cloud.runtime().drain();
    }

    /** How many mails SES has taken so far: a mark for {@link #mailsSince}. */
    int mailMark() {
        return cloud.ses().outbox().size();
    }

    List<LocalSes.Sent> mailsSince(int mark) {
        List<LocalSes.Sent> all = cloud.ses().outbox();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    @Override
    public void close() {
        FaultInjector.reset();
        cloud.close();
    }

    TableSeeder seeder() {
        return new TableSeeder(cloud.clients().dynamoDb(), cloud.tableName());
    }

    /** A plan (its YAML text, as FORMAT.md defines it) and the AR term net0 naming it. */
    Chain plan(String yaml) {
        String id = yaml.lines().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().substring(3).trim();
        seeder().plan(id, yaml).arTerm(TERM, 0, id).flush();
        return this;
    }

    Chain account(String id, String zone, String currency, Optional<String> billGroup, List<TableSeeder.Recurring> recurring) {
        seeder().account(new TableSeeder.Account(id, "Customer " + id, id.toLowerCase() + "@example.org", "en", zone, currency, TERM,
                billGroup.orElse(null), List.of(), BigDecimal.ZERO, false, 0, recurring, Map.of())).flush();
        return this;
    }

    Chain account(String id) {
        return account(id, "UTC", "USD", Optional.empty(), List.of());
    }

    Chain invoice(String account, String id, LocalDate issued, LocalDate due, String amount) {
        seeder().invoice(account, id, issued, due, "USD", new BigDecimal(amount), new BigDecimal(amount)).flush();
        return this;
    }

    void at(Instant instant) {
        cloud.clock().set(instant);
    }

    String nextId(String prefix) {
        return prefix + "-" + (++events);
    }

    /** Publishes upstream events as their systems would and lets the chain carry them through. */
    void publish(PublishedEvent... upstream) {
        billing.publish(List.of(upstream));
        cloud.runtime().drain();
    }

    void pay(String account, Optional<String> invoice, String amount, String currency) {
        publish(billing.succeeded(nextId("pay"), account, invoice, new BigDecimal(amount), currency));
    }

    /** The template's daily sweep, now, then the queues drained. */
    void sweep() {
        cloud.runtime().fire("DailyDunningSweep", Map.of());
        cloud.runtime().drain();
    }

    // ---- what the table, SES and the DLQs hold ----------------------------------------------------

    List<LedgerEntry> ledger(String account) {
        List<LedgerEntry> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : table.collection(Keys.accountHistory(account))) {
            if (Attr.str(i, Keys.SK).startsWith(HistoryCodec.SK_LEDGER)) {
                out.add(HistoryCodec.ledgerEntry(i));
            }
        }
        return out;
    }

    List<LedgerEntry> ledger(String account, LedgerEntry.Kind kind) {
        return ledger(account).stream().filter(l -> l.kind() == kind).toList();
    }

    DunningState state(String account) {
        return AccountCodec.state(table.get(Keys.account(account), Keys.SK_STATE), Plan.Status.ACTIVE);
    }

    Invoice invoice(String account, String id) {
        return AccountCodec.invoice(table.get(Keys.account(account), Keys.invoiceSk(id)).orElseThrow());
    }

    String profileStatus(String account) {
        return table.get(Keys.account(account), Keys.SK_PROFILE).flatMap(p -> Attr.optStr(p, AccountItems.STATUS)).orElse("ACTIVE");
    }

    Optional<String> problem(String account) {
        return table.get(Keys.account(account), Keys.SK_PROBLEM).map(p -> Attr.str(p, "reason"));
    }

    /** Every action record of the account: its effect and status. */
    List<Map.Entry<Effect, String>> actions(String account) {
        List<Map.Entry<Effect, String>> out = new ArrayList<>();
        cloud.clients().dynamoDb().scanPaginator(b -> b.tableName(table.name())).items().forEach(i -> {
            if (Attr.str(i, Keys.PK).startsWith("ACTION#") && account.equals(Attr.str(i, ActionRecords.ACCOUNT_ID))) {
                out.add(Map.entry(EffectCodec.of(i).orElseThrow(), Attr.str(i, ActionRecords.STATUS)));
            }
        });
        return out;
    }

    long outboxMarkers(String account) {
        return table.collection(Keys.account(account)).stream().filter(AccountItems::isOutbox).count();
    }

    long journalParts(String account) {
        return table.collection(Keys.account(account)).stream().filter(i -> Attr.str(i, Keys.SK).startsWith(Keys.SK_JOURNAL)).count();
    }

    List<LocalSes.Sent> mailsTo(String account) {
        String to = account.toLowerCase() + "@example.org";
        return cloud.ses().outbox().stream().filter(m -> m.to().contains(to)).toList();
    }

    /** What the DLQ of {@code queueLogicalId} holds: each message's body and its dunning-reason. */
    List<Map.Entry<String, String>> deadLetters(String queueLogicalId) {
        String url = cloud.stack().queueUrl(queueLogicalId + "DLQ");
        List<Map.Entry<String, String>> out = new ArrayList<>();
        while (true) {
            List<Message> batch = cloud.clients().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .visibilityTimeout(0).messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages();
            if (batch.isEmpty() || out.size() > 1000) {
                return out;
            }
            for (Message m : batch) {
                var reason = m.messageAttributes().get(SqsDeadLetters.REASON);
                out.add(Map.entry(m.body(), reason == null ? "(redriven by SQS)" : reason.stringValue()));
            }
            if (batch.size() < 10) {
                return out;
            }
        }
    }

    /** The number of messages in every DLQ of the stack. */
    int allDeadLetters() {
        int n = 0;
        for (String q : cloud.stack().queues()) {
            if (q.endsWith("DLQ")) {
                String url = cloud.stack().queueUrl(q);
                n += Integer.parseInt(cloud.clients().sqs().getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                        .attributesAsStrings().values().stream().mapToInt(Integer::parseInt).sum() + "");
            }
        }
        return n;
    }
}
