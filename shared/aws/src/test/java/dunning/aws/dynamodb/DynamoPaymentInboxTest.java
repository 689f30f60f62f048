package dunning.aws.dynamodb;

import dunning.local.junit.ClassCloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.events.InboxEntries;
import dunning.aws.events.PaymentEvent;
import dunning.domain.engine.AccountEvent;
import dunning.domain.port.AccountBook;
import dunning.aws.json.BadMessageException;
import dunning.aws.store.Awaited;
import dunning.aws.store.NotKnownYetException;
import dunning.aws.store.PaymentInbox;
import dunning.aws.store.PaymentInbox.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Events reach the account's inbox once per fact, on a table provisioned from template.yaml. */
class DynamoPaymentInboxTest {
    @RegisterExtension
    static final ClassCloud cloud = new ClassCloud();

    static AccountBook.Inbound failed(String id, String amount) {
        return new AccountBook.Inbound(id, Instant.parse("2026-01-15T09:29:58Z"),
                new AccountEvent.PaymentFailed(id, "INV-1", "insufficient_funds", false));
    }

    /** A fresh table that knows one account, A1 (its profile alone). */
    static DynamoTable tableWithAccountA1() {
        DynamoTable table = new DynamoTable(cloud.clients().dynamoDb(), cloud.newTable());
        Map<String, AttributeValue> profile = Attr.key(Keys.account("A1"), Keys.SK_PROFILE);
        profile.put(AccountItems.ACCOUNT_ID, Attr.s("A1"));
        cloud.clients().dynamoDb().putItem(b -> b.tableName(table.name()).item(profile));
        return table;
    }

    /** The entries in A1's inbox. */
    static List<Map<String, AttributeValue>> inboxOfA1(DynamoTable table) {
        return table.collection(Keys.account("A1")).stream().filter(i -> Attr.str(i, Keys.SK).startsWith(Keys.SK_INBOX)).toList();
    }

    @Test
    void an_event_is_recorded_once_and_an_unknown_account_is_not_known_yet() {
        DynamoTable table = tableWithAccountA1();
        DynamoPaymentInbox inbox = new DynamoPaymentInbox(table);

        assertEquals(Outcome.RECORDED, inbox.record("A1", "pay_1#FAILED", failed("pay_1", "120.00"), List.of()));
        assertEquals(Outcome.ALREADY_RECORDED, inbox.record("A1", "pay_1#FAILED", failed("pay_1", "120.00"), List.of()));

        List<Map<String, AttributeValue>> inboxEntries = inboxOfA1(table);
        assertEquals(1, inboxEntries.size());
        AccountEvent.PaymentFailed event = (AccountEvent.PaymentFailed) EventCodec.of(inboxEntries.get(0)).orElseThrow();
        assertEquals("insufficient_funds", event.declineCode());
        assertEquals(1, Attr.num(table.get(Keys.account("A1"), Keys.SK_STATE).orElseThrow(), "version"));

        AccountBook.Inbound stray = new AccountBook.Inbound("pay_2", Instant.EPOCH,
                new AccountEvent.PaymentReceived("pay_2", BigDecimal.TEN, "USD", Optional.empty()));
        NotKnownYetException early = assertThrows(NotKnownYetException.class, () -> inbox.record("A9", "pay_2#SUCCEEDED", stray, List.of()));
        assertEquals(new Awaited.Account("A9"), early.awaited(), "it waits for its account (and is parked by its caller)");
        assertEquals(Optional.empty(), table.get(Keys.payment("pay_2#SUCCEEDED"), Keys.SK_ITEM), "nothing of an early event is kept");
    }

    @Test
    void a_success_after_a_failure_of_the_same_payment_is_a_new_fact_and_a_conflicting_duplicate_is_refused() {
        DynamoTable table = tableWithAccountA1();
        DynamoPaymentInbox inbox = new DynamoPaymentInbox(table);
        var failure = InboxEntries.of(new PaymentEvent.Failed("pay_7", new PaymentEvent.AccountRef.Direct("A1"), Optional.of("INV-1"),
                new BigDecimal("120.00"), "USD", "insufficient_funds", Instant.parse("2026-01-15T09:00:00Z")));
        var success = InboxEntries.of(new PaymentEvent.Succeeded("pay_7", new PaymentEvent.AccountRef.Direct("A1"), Optional.of("INV-1"),
                new BigDecimal("120.00"), "USD", Instant.parse("2026-01-16T09:00:00Z")));
        var otherAmount = InboxEntries.of(new PaymentEvent.Succeeded("pay_7", new PaymentEvent.AccountRef.Direct("A1"), Optional.of("INV-1"),
                new BigDecimal("99.00"), "USD", Instant.parse("2026-01-16T09:00:00Z")));

        assertEquals(Outcome.RECORDED, inbox.record("A1", failure.dedupeKey(), failure.inbound(), List.of()));
        assertEquals(Outcome.RECORDED, inbox.record("A1", success.dedupeKey(), success.inbound(), List.of()), "the success applies");
        BadMessageException e = assertThrows(BadMessageException.class,
                () -> inbox.record("A1", otherAmount.dedupeKey(), otherAmount.inbound(), List.of()));
        assertTrue(e.getMessage().startsWith("conflicting duplicate"), e.getMessage());
        assertEquals(2, inboxOfA1(table).size());
    }

    @Test
    void an_event_acting_on_an_invoice_the_account_does_not_have_waits_for_it_and_nothing_is_kept() {
        DynamoTable table = tableWithAccountA1();
        cloud.clients().dynamoDb().putItem(b -> b.tableName(table.name()).item(AccountItems.invoice("A1", "INV-1", "INV-1", java.time.LocalDate.of(2026, 1, 1),
                java.time.LocalDate.of(2026, 1, 31), "USD", new BigDecimal("120.00"), new BigDecimal("120.00"), "OPEN")));
        DynamoPaymentInbox inbox = new DynamoPaymentInbox(table);
        AccountBook.Inbound plan = new AccountBook.Inbound("plan-1", Instant.parse("2026-02-01T00:00:00Z"),
                new AccountEvent.PaymentPlanAgreed("plan-1", List.of("INV-1", "INV-9", "INV-8"), 3, 30));

        NotKnownYetException e = assertThrows(NotKnownYetException.class,
                () -> inbox.record("A1", "instruction:plan-1", plan, List.of("INV-1", "INV-9", "INV-8")));
        assertTrue(e.getMessage().startsWith("unknown invoice INV-9 of account A1"), e.getMessage());
        assertEquals(new Awaited.Invoice("A1", "INV-9"), e.awaited(), "the first missing invoice, in the event's order");
        assertEquals(Optional.empty(), table.get(Keys.payment("instruction:plan-1"), Keys.SK_ITEM), "nothing of a refused event is kept");
        assertEquals(Optional.empty(), table.get(Keys.account("A1"), Keys.SK_STATE), "the version is not bumped");

        NotKnownYetException unknownAccount = assertThrows(NotKnownYetException.class,
                () -> inbox.record("A2", "instruction:plan-1", plan, List.of("INV-1")));
        assertTrue(unknownAccount.getMessage().startsWith("unknown account A2"), "the account is named before its invoices: "
                + unknownAccount.getMessage());

        assertEquals(Outcome.RECORDED, inbox.record("A1", "instruction:plan-2", new AccountBook.Inbound("plan-2", Instant.EPOCH,
                new AccountEvent.PaymentPlanAgreed("plan-2", List.of("INV-1"), 3, 30)), List.of("INV-1")));
        assertThrows(IllegalArgumentException.class, () -> inbox.record("A1", "instruction:plan-3", plan, List.of("INV-1", "INV-1")),
                "one item twice in a transaction is refused by DynamoDB: the readers refuse duplicates first");
    }

    @Test
    void a_counter_books_only_what_it_moved_and_a_moved_counter_books_nothing() {
        DynamoTable table = tableWithAccountA1();
        DynamoPaymentInbox inbox = new DynamoPaymentInbox(table);
        AccountBook.Inbound first = new AccountBook.Inbound("stripe:in_1#paid:1000", Instant.EPOCH,
                new AccountEvent.PaymentReceived("stripe:in_1#paid:1000", new BigDecimal("10.00"), "USD", Optional.of("in_1")));
        assertEquals(0, inbox.counter("stripe:in_1:paid"));
        assertEquals(Outcome.RECORDED, inbox.record("A1", "stripe:in_1#paid:1000#SUCCEEDED", first, List.of(),
                Optional.of(new PaymentInbox.Counter("stripe:in_1:paid", 0, 1000))));
        assertEquals(1000, inbox.counter("stripe:in_1:paid"));
        AccountBook.Inbound stale = new AccountBook.Inbound("stripe:in_1#paid:2000", Instant.EPOCH,
                new AccountEvent.PaymentReceived("stripe:in_1#paid:2000", new BigDecimal("20.00"), "USD", Optional.of("in_1")));
        assertThrows(PaymentInbox.CounterMovedException.class, () -> inbox.record("A1", "stripe:in_1#paid:2000#SUCCEEDED", stale,
                List.of(), Optional.of(new PaymentInbox.Counter("stripe:in_1:paid", 0, 2000))), "read at 0, but it stands at 1000");
        assertEquals(Optional.empty(), table.get(Keys.payment("stripe:in_1#paid:2000#SUCCEEDED"), Keys.SK_ITEM));
        assertEquals(1, inboxOfA1(table).size());
    }
}
