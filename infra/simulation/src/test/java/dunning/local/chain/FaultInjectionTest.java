package dunning.local.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Keys;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.Effect;
import dunning.local.faults.FaultInjector;
import dunning.local.seed.TableSeeder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Faults injected into the real chain on the local cloud (DESIGN §7): sends that fail after the
 * commit, responses lost, throttling, crashes between any two writes of an action, messages
 * delayed and reordered. Each asserts that every effect happened exactly once and the account went
 * on; where a fault leaves the documented email window open, the test says so and counts the mails.
 */
class FaultInjectionTest {
    static final String PLAN = String.join("\n",
            "id: faults",
            "name: Faults",
            "minimumOverdue: { USD: \"1.00\" }",
            "retrySchedule: [1, 3]",
            "paths:",
            "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
            "    - name: Notice",
            "      days: 5",
            "      actions: [ { email: { template: second-notice } }, { fee: { fixed: { USD: \"5.00\" } } },",
            "                 { event: { detailType: Collections Handoff } } ]",
            "    - { name: Suspend, days: 10, actions: [ { status: SUSPENDED } ] }");

    static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);

    static Chain chainWith(String account, String amount, Instant at) {
        Chain chain = Chain.start(at);
        chain.plan(PLAN).account(account).invoice(account, "I1", JAN_1, JAN_1, amount);
        return chain;
    }

    static long effects(Chain chain, String account, Class<? extends Effect> kind, String status) {
        return chain.actions(account).stream().filter(a -> kind.isInstance(a.getKey()) && a.getValue().equals(status)).count();
    }

    static long published(Chain chain, String detailType, String account) {
        return chain.cloud.eventBridge().archive().stream().filter(a -> a.envelopeJson().contains("\"detail-type\":\"" + detailType + "\"")
                && a.envelopeJson().contains("\"accountId\":\"" + account + "\"")).count();
    }

    /** F1: the evaluation's send to the worker queues fails after its commit: the redelivery hands the effects over. */
    @Test
    void a_send_failing_after_the_commit() {
        try (Chain chain = chainWith("F1", "50.00", Instant.parse("2026-01-02T12:00:00Z"))) {
            FaultInjector.when("DunningEvaluationFunction", "Sqs", "SendMessageBatch").onCall(1)
                    .failBeforeSending(FaultInjector.clientError("injected"));
            chain.sweep();
            assertEquals(1, FaultInjector.injected().size());
            assertEquals(1, chain.mailsTo("F1").size());
            assertEquals(0, chain.outboxMarkers("F1"));
        }
    }

    /** F2: the send took effect but its answer was lost: sent again, and the worker carries it out once. */
    @Test
    void a_send_whose_response_was_lost() {
        try (Chain chain = chainWith("F2", "50.00", Instant.parse("2026-01-02T12:00:00Z"))) {
            FaultInjector.when("DunningEvaluationFunction", "Sqs", "SendMessageBatch").onCall(1)
                    .loseResponse(FaultInjector.clientError("injected: response lost"));
            chain.sweep();
            assertEquals(1, chain.mailsTo("F2").size(), "two messages for one notice, one mail");
        }
    }

    /** F3: PutEvents throttles some entries: they are sent again with backoff, and published once. */
    @Test
    void a_throttled_put_events() {
        try (Chain chain = chainWith("F3", "50.00", Instant.parse("2026-01-06T12:00:00Z"))) {
            chain.cloud.eventBridge().throttleEntries(2);
            chain.sweep();
            assertTrue(chain.cloud.eventBridge().throttledEntries() >= 1, "the throttling happened");
            assertEquals(1, published(chain, "Collections Handoff", "F3"));
            assertEquals(1, published(chain, "Late Fee Applied", "F3"));
            assertEquals(1, chain.table.collection(Keys.account("F3")).stream().filter(AccountItems::isCharge).count(), "one charge");
        }
    }

    /** F4: SES took the mail and the record write failed: retried, the mail not sent again. */
    @Test
    void an_ses_send_whose_record_write_fails() {
        try (Chain chain = chainWith("F4", "50.00", Instant.parse("2026-01-02T12:00:00Z"))) {
            FaultInjector.when("NotificationFunction", "DynamoDb", "TransactWriteItems").onNextCalls(3)
                    .failBeforeSending(FaultInjector.clientError("injected"));
            chain.sweep();
            assertEquals(1, chain.mailsTo("F4").size());
            assertEquals(1, effects(chain, "F4", Effect.SendEmail.class, "DONE"));
        }
    }

    /**
     * F5: SES's answer is lost: whether it sent is unknown. This is the documented window: after the
     * lease, the redispatch sweep hands the notice over again and a second mail goes (docs/resilience.md).
     */
    @Test
    void an_ses_send_whose_answer_is_lost_is_the_documented_window() {
        try (Chain chain = chainWith("F5", "50.00", Instant.parse("2026-01-02T05:00:00Z"))) {
            FaultInjector.when("NotificationFunction", "SesV2", "SendEmail").onCall(1)
                    .loseResponse(FaultInjector.clientError("injected: connection reset"));
            chain.cloud.runtime().advanceTo(Instant.parse("2026-01-02T09:00:00Z"));
            assertEquals(2, chain.mailsTo("F5").size(), "the unknown first send, then one more");
            assertEquals(1, effects(chain, "F5", Effect.SendEmail.class, "DONE"));
        }
    }

    /** F6: the evaluation dies after its commit, before any hand-over: the redelivery hands everything over, once. */
    @Test
    void a_crash_after_the_commit_before_the_hand_over() {
        try (Chain chain = chainWith("F6", "50.00", Instant.parse("2026-01-06T12:00:00Z"))) {
            FaultInjector.when("DunningEvaluationFunction", "DynamoDb", "TransactWriteItems").onCall(1).crashAfterSending();
            chain.sweep();
            assertEquals(1, chain.mailsTo("F6").size());
            assertEquals(1, effects(chain, "F6", Effect.ApplyFee.class, "DONE"));
            assertEquals(1, published(chain, "Collections Handoff", "F6"));
            assertEquals(0, chain.outboxMarkers("F6"));
        }
    }

    /** F7: the fee worker dies between booking the charge and announcing it: announced once, booked once. */
    @Test
    void a_crash_between_booking_a_fee_and_announcing_it() {
        try (Chain chain = chainWith("F7", "50.00", Instant.parse("2026-01-06T12:00:00Z"))) {
            FaultInjector.when("FeeApplicationFunction", "DynamoDb", "TransactWriteItems").onCall(1).crashAfterSending();
            chain.sweep();
            assertEquals(1, chain.table.collection(Keys.account("F7")).stream().filter(AccountItems::isCharge).count());
            assertEquals(1, published(chain, "Late Fee Applied", "F7"));
            assertEquals(1, effects(chain, "F7", Effect.ApplyFee.class, "DONE"));
        }
    }

    /** F8: the status worker dies after showing the status, before announcing it: announced once. */
    @Test
    void a_crash_between_showing_a_status_and_announcing_it() {
        try (Chain chain = chainWith("F8", "50.00", Instant.parse("2026-01-11T12:00:00Z"))) {
            FaultInjector.when("StatusChangeFunction", "DynamoDb", "TransactWriteItems").onCall(1).crashAfterSending();
            chain.sweep();
            assertEquals("SUSPENDED", chain.profileStatus("F8"));
            assertEquals(1, published(chain, "Account Status Changed", "F8"));
        }
    }

    /** F9: the notification worker dies after claiming the notice, before sending: the lease passes, one mail goes. */
    @Test
    void a_crash_between_claiming_a_notice_and_sending_it() {
        try (Chain chain = chainWith("F9", "50.00", Instant.parse("2026-01-02T05:00:00Z"))) {
            FaultInjector.when("NotificationFunction", "DynamoDb", "UpdateItem").onCall(1).crashAfterSending();
            chain.cloud.runtime().advanceTo(Instant.parse("2026-01-02T09:00:00Z"));
            assertEquals(1, chain.mailsTo("F9").size());
            assertEquals(1, effects(chain, "F9", Effect.SendEmail.class, "DONE"));
        }
    }

    /** F10: a payment delivered before the failure it follows: the stale failure sends no notice and asks no retry. */
    @Test
    void a_payment_delivered_before_the_failure_it_follows() {
        try (Chain chain = chainWith("F10", "50.00", Instant.parse("2026-01-01T09:00:00Z"))) {
            chain.cloud.runtime().hold("PaymentEventsQueue", body -> body.contains("Payment Failed"));
            chain.publish(chain.billing.failed(chain.nextId("pay"), "F10", "I1", new BigDecimal("50.00"), "USD", "insufficient_funds"));
            chain.at(Instant.parse("2026-01-01T09:05:00Z"));
            chain.pay("F10", Optional.of("I1"), "50.00", "USD");
            chain.cloud.runtime().release("PaymentEventsQueue");
            chain.cloud.runtime().advanceTo(Instant.parse("2026-01-06T00:00:00Z"));

            assertEquals(Invoice.Status.PAID, chain.invoice("F10", "I1").status());
            assertEquals(List.of(), chain.mailsTo("F10"), "no payment-failed notice for a paid invoice");
            assertEquals(0, effects(chain, "F10", Effect.RequestRetry.class, "DONE"));
        }
    }

    /** F11: DynamoDB throttles the evaluation's commit: it backs off and commits once. */
    @Test
    void a_throttled_commit() {
        try (Chain chain = chainWith("F11", "50.00", Instant.parse("2026-01-02T12:00:00Z"))) {
            chain.cloud.dynamoDb().throttleNext("TransactWriteItems", 2);
            chain.sweep();
            assertEquals(2, chain.cloud.dynamoDb().throttled("TransactWriteItems"));
            assertEquals(1, chain.mailsTo("F11").size());
        }
    }

    /** F12: a crash between the parts of a commit too big for one transaction: the next load finishes it, once. */
    @Test
    void a_crash_inside_a_commit_too_big_for_one_transaction() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-03T12:00:00Z"))) {
            chain.plan(PLAN).account("F12");
            TableSeeder seeder = chain.seeder();
            for (int i = 0; i < 120; i++) {
                seeder.invoice("F12", String.format("I%03d", i), JAN_1, JAN_1, "USD", new BigDecimal("10.00"), new BigDecimal("10.00"));
            }
            seeder.flush();
            FaultInjector.when("DunningEvaluationFunction", "DynamoDb", "TransactWriteItems").onCall(1).crashAfterSending();
            chain.pay("F12", Optional.empty(), "1200.00", "USD");

            for (int i = 0; i < 120; i++) {
                assertEquals(Invoice.Status.PAID, chain.invoice("F12", String.format("I%03d", i)).status());
            }
            assertEquals(120, chain.ledger("F12", LedgerEntry.Kind.PAYMENT).size(), "each payment booked once");
            assertEquals(0, chain.journalParts("F12"));
        }
    }

    /** F13: payment-events records the payment, then its send to the evaluation queue fails: redelivered, recorded once, evaluated. */
    @Test
    void a_payment_whose_evaluation_request_fails_to_send() {
        try (Chain chain = chainWith("F13", "50.00", Instant.parse("2026-01-02T09:00:00Z"))) {
            FaultInjector.when("PaymentEventsFunction", "Sqs", "SendMessageBatch").onCall(1)
                    .failBeforeSending(FaultInjector.clientError("injected"));
            chain.pay("F13", Optional.of("I1"), "50.00", "USD");
            assertEquals(Invoice.Status.PAID, chain.invoice("F13", "I1").status());
            assertEquals(1, chain.ledger("F13", LedgerEntry.Kind.PAYMENT).size());
        }
    }

    /**
     * F14: every message delivered twice, and the evaluation crashing after its commit: the second
     * delivery of the same receive finds nothing to decide and the effects only just committed, so it
     * leaves them to the redispatch sweep, which hands them over within the documented bound (75
     * minutes): still exactly once.
     */
    @Test
    void duplicate_delivery_and_a_crash_together() {
        try (Chain chain = chainWith("F14", "50.00", Instant.parse("2026-01-06T12:30:00Z"))) {
            chain.cloud.runtime().deliverEveryMessageTwice(true);
            FaultInjector.when("DunningEvaluationFunction", "DynamoDb", "TransactWriteItems").onCall(1).crashAfterSending();
            chain.sweep();
            chain.cloud.runtime().advanceTo(Instant.parse("2026-01-06T13:45:00Z"));
            assertEquals(1, chain.mailsTo("F14").size());
            assertEquals(1, chain.table.collection(Keys.account("F14")).stream().filter(AccountItems::isCharge).count());
            assertEquals(1, published(chain, "Collections Handoff", "F14"));
            assertEquals(1, published(chain, "Late Fee Applied", "F14"));
        }
    }
}
