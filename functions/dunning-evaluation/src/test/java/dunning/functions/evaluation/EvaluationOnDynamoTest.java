package dunning.functions.evaluation;

import dunning.local.junit.ClassCloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoAccountBook;
import dunning.aws.dynamodb.DynamoPaymentInbox;
import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.aws.effects.QueueEffectDispatcher;
import dunning.aws.events.InboxEntries;
import dunning.domain.engine.Evaluation;
import dunning.domain.port.AccountBook;
import dunning.domain.scenario.ScenarioRunner;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.events.PaymentEvent;
import dunning.aws.json.Json;
import dunning.aws.memory.RecordingEventPublisher;
import dunning.aws.memory.RecordingQueueSender;
import dunning.aws.messages.EvaluateAccount;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The evaluation function's service on the DynamoDB API engine, on a table provisioned from template.yaml: exactly-once decisions under redelivery and races. */
class EvaluationOnDynamoTest {
    static final String PLAN = String.join("\n",
            "id: p",
            "name: P",
            "minimumOverdue: { USD: \"10.00\" }",
            "paths:",
            "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
            "    - name: Notice",
            "      days: 10",
            "      actions: [ { email: { template: second-notice } }, { fee: { fixed: { USD: \"5.00\" } } } ]",
            "    - { name: Suspend, days: 20, actions: [ { status: SUSPENDED }, { event: { detailType: Collections Handoff } } ] }");

    @RegisterExtension
    static final ClassCloud cloud = new ClassCloud();
    DynamoTable table;
    RecordingQueueSender sender;
    RecordingEventPublisher events;

    @BeforeEach
    void seed() {
        table = new DynamoTable(cloud.clients().dynamoDb(), cloud.newTable());
        sender = new RecordingQueueSender();
        events = new RecordingEventPublisher();
        DynamoPlanCatalog catalog = new DynamoPlanCatalog(table, Clock.systemUTC());
        catalog.publish("p", PLAN, false);
        catalog.putTerm(new DynamoPlanCatalog.Term("net0", 0, "p"));
        Map<String, AttributeValue> profile = Attr.key(Keys.account("A1"), Keys.SK_PROFILE);
        profile.put(AccountItems.ACCOUNT_ID, Attr.s("A1"));
        profile.put(AccountItems.CURRENCY, Attr.s("USD"));
        profile.put(AccountItems.AR_TERM, Attr.s("net0"));
        profile.put(AccountItems.EMAIL, Attr.s("ada@example.org"));
        put(profile);
        put(AccountItems.invoice("A1", "I1", "I1", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), "USD",
                new BigDecimal("100.00"), new BigDecimal("100.00"), "OPEN"));
    }

    /** The service as its Dagger module wires it, with recording senders: a fresh one is a cold container. */
    EvaluationService service() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T08:00:00Z"), ZoneOffset.UTC);
        DynamoPlanCatalog plans = new DynamoPlanCatalog(table, clock);
        return new EvaluationService(new Evaluation(new DynamoAccountBook(table, plans, clock), plans,
                new QueueEffectDispatcher(sender, events, table, clock, "fee", "notification", "status"), clock));
    }

    static List<String> decided(Evaluation.Result r) {
        return r.day().map(d -> d.effects().stream().flatMap(e -> ScenarioRunner.entry(e).map(x -> e.day() + " " + x.account()
                + x.level().map(l -> " [" + l + "]").orElse("") + " " + x.kind() + " " + x.value()).stream()).toList()).orElse(List.of());
    }

    static EvaluateAccount on(String day) {
        return new EvaluateAccount("A1", Optional.of(LocalDate.parse(day)), Optional.empty());
    }

    long version() {
        return table.get(Keys.account("A1"), Keys.SK_STATE).flatMap(s -> Attr.optNum(s, "version")).orElse(0L);
    }

    long actionRecordsIn(String status) {
        return cloud.clients().dynamoDb().scan(b -> b.tableName(table.name())).items().stream()
                .filter(i -> Attr.str(i, Keys.PK).startsWith("ACTION#") && status.equals(Attr.str(i, "status"))).count();
    }

    long actionRecords() {
        return cloud.clients().dynamoDb().scan(b -> b.tableName(table.name())).items().stream()
                .filter(i -> Attr.str(i, Keys.PK).startsWith("ACTION#")).count();
    }

    @Test
    void a_level_fires_once_and_a_redelivered_message_changes_nothing() {
        EvaluationService service = service();
        Evaluation.Result first = service.evaluate(on("2026-01-02"));
        assertTrue(first.wrote());
        assertEquals(1, decided(first).size());
        assertEquals(1, version());
        String notice = sender.bodies("notification").get(0);
        assertEquals("first-reminder", Json.parse(notice).get("template").asText());

        Evaluation.Result again = service.evaluate(on("2026-01-02"));
        assertFalse(again.wrote(), "a redelivery writes nothing");
        assertEquals(1, version());
        assertEquals(1, actionRecords());

        Evaluation.Result quiet = service().evaluate(on("2026-01-05"));
        assertFalse(quiet.wrote(), "a no-change day writes nothing, in a cold container too");
    }

    @Test
    void the_chain_of_levels_matches_the_engine_and_events_are_published_once() {
        EvaluationService service = service();
        List<String> fired = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 1, 2); d.isBefore(LocalDate.of(2026, 1, 25)); d = d.plusDays(1)) {
            fired.addAll(decided(service.evaluate(on(d.toString()))));
        }
        assertEquals(List.of(
                "2026-01-02 A1 [Reminder] email first-reminder",
                "2026-01-11 A1 [Notice] email second-notice",
                "2026-01-11 A1 [Notice] fee 5.00",
                "2026-01-21 A1 [Suspend] status SUSPENDED",
                "2026-01-21 A1 [Suspend] event Collections Handoff"), fired);
        assertEquals(List.of("Collections Handoff"), events.published().stream().map(e -> e.detailType()).toList());
        assertEquals(1, actionRecordsIn("DONE"), "the published event's record is done");
        assertEquals(1, sender.bodies("fee").size());
        assertEquals(1, sender.bodies("status").size());
    }

    @Test
    void a_payment_in_the_inbox_closes_the_episode_and_leaves_the_due_date_index() {
        EvaluationService service = service();
        service.evaluate(on("2026-01-02"));
        var entry = InboxEntries.of(new PaymentEvent.Succeeded("pay-1", new PaymentEvent.AccountRef.Direct("A1"),
                Optional.of("I1"), new BigDecimal("100.00"), "USD", Instant.parse("2026-01-03T10:00:00Z")));
        new DynamoPaymentInbox(table).record("A1", entry.dedupeKey(), entry.inbound(), entry.invoicesThatMustExist());

        Evaluation.Result paid = service.evaluate(on("2026-01-03"));

        assertTrue(paid.wrote());
        Map<String, AttributeValue> invoice = table.get(Keys.account("A1"), Keys.invoiceSk("I1")).orElseThrow();
        assertEquals("PAID", Attr.str(invoice, AccountItems.INVOICE_STATUS));
        assertFalse(invoice.containsKey(Keys.GSI2PK), "a paid invoice leaves the sparse index");
        assertTrue(events.published().stream().anyMatch(e -> e.detailType().equals("Dunning Episode Closed")));
        assertTrue(table.collection(Keys.account("A1")).stream()
                .noneMatch(i -> Attr.str(i, Keys.SK).startsWith(Keys.SK_INBOX)), "the inbox is consumed");
    }

    @Test
    void two_evaluators_racing_on_one_account_escalate_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            EvaluationService service = service();
            results.add(pool.submit(() -> {
                go.await();
                try {
                    return service.evaluate(on("2026-01-11")).wrote();
                } catch (AccountBook.Conflict e) {
                    return false; // its message would be retried and re-read
                }
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> r : results) {
            winners += r.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, winners);
        assertEquals(1, version());
        assertEquals(2, actionRecords(), "one email and one fee: the Notice level, once");
    }

    private void put(Map<String, AttributeValue> item) {
        cloud.clients().dynamoDb().putItem(b -> b.tableName(table.name()).item(item));
    }
}
