package dunning.local.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.Keys;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.Effect;
import dunning.local.faults.FaultInjector;
import dunning.local.seed.TableSeeder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The ten cases an outside probe found where money vanished or an account froze (issue "Money is
 * never lost and no account freezes"), each through the real handlers on the local cloud, asserting
 * what must hold instead.
 */
class MoneyIsNeverLostTest {
    static final String PLAN = String.join("\n",
            "id: probe",
            "name: Probe",
            "minimumOverdue: { USD: \"1.00\" }",
            "retrySchedule: [1, 3]",
            "paths:",
            "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
            "    - { name: Suspend, days: 10, actions: [ { status: SUSPENDED } ] }",
            "    - { name: Write Off, days: 30, actions: [ { status: WRITTEN_OFF } ] }");

    static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);

    static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    static BigDecimal sum(List<LedgerEntry> entries) {
        return entries.stream().map(LedgerEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** 1. An overpayment is held as credit, persisted, and the next bill run's invoice takes it; a recovery is booked. */
    @Test
    void an_overpayment_is_kept_as_credit_and_the_next_invoice_takes_it() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-05T12:00:00Z"))) {
            chain.plan(PLAN).account("A1", "UTC", "USD", Optional.of("g"), List.of(new TableSeeder.Recurring("Plan", usd("100.00"))))
                    .invoice("A1", "I1", JAN_1, JAN_1, "120.00");
            chain.pay("A1", Optional.of("I1"), "500.00", "USD");

            assertEquals(Invoice.Status.PAID, chain.invoice("A1", "I1").status());
            assertEquals(0, usd("380.00").compareTo(chain.state("A1").credit()), "the 380.00 is in the account's state");
            assertEquals(0, usd("-380.00").compareTo(sum(chain.ledger("A1", LedgerEntry.Kind.CREDIT))), "and booked as credit");

            chain.at(Instant.parse("2026-02-01T12:00:00Z"));
            chain.cloud.runtime().invoke("BillRunFunction", "{\"kind\":\"BILL_RUN\",\"billGroup\":\"g\",\"runDunning\":true}");
            chain.cloud.runtime().drain();

            Invoice next = chain.invoice("A1", "INV-A1-2026-02-01");
            assertEquals(Invoice.Status.PAID, next.status(), "the next invoice is paid from the credit");
            assertEquals(0, usd("280.00").compareTo(chain.state("A1").credit()));
            assertEquals(0, usd("-100.00").compareTo(sum(chain.ledger("A1", LedgerEntry.Kind.CREDIT_APPLIED))));
        }
    }

    /**
     * 2. A payment made before its invoice exists on the account's business date is held and applied
     * when it does: the bill run at 02:00 UTC issues the 1st's invoice while it is still the 31st in
     * Los Angeles; an auto-pay 30 minutes later is held, and no past-due notice ever follows.
     */
    @Test
    void an_auto_pay_before_the_invoice_exists_in_the_accounts_zone_is_held_and_applied() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-30T00:00:00Z"))) {
            chain.plan(PLAN).account("LA1", "America/Los_Angeles", "USD", Optional.of("MONTHLY_1"),
                    List.of(new TableSeeder.Recurring("Plan", usd("120.00"))));
            chain.cloud.runtime().advanceTo(Instant.parse("2026-02-01T02:01:00Z")); // the template's bill run fired at 02:00
            Invoice issued = chain.invoice("LA1", "INV-LA1-2026-02-01");
            assertEquals(LocalDate.of(2026, 2, 1), issued.issued());

            chain.at(Instant.parse("2026-02-01T02:30:00Z"));
            chain.pay("LA1", Optional.of("INV-LA1-2026-02-01"), "120.00", "USD");
            assertEquals(Invoice.Status.OPEN, chain.invoice("LA1", "INV-LA1-2026-02-01").status(), "still January 31st in LA");
            assertEquals(1, chain.state("LA1").earmarked().size(), "the payment is held for its invoice");

            chain.cloud.runtime().advanceTo(Instant.parse("2026-02-04T00:00:00Z"));
            assertEquals(Invoice.Status.PAID, chain.invoice("LA1", "INV-LA1-2026-02-01").status());
            assertEquals(List.of(), chain.state("LA1").earmarked());
            assertEquals(List.of(), chain.mailsTo("LA1"), "no past-due notice");
            assertEquals(0, usd("-120.00").compareTo(sum(chain.ledger("LA1", LedgerEntry.Kind.PAYMENT))));
        }
    }

    /** 3. A write-off is booked once, by the evaluation that decides it, with its amount and reason; a later payment is a recovery. */
    @Test
    void a_write_off_is_booked_once_with_amount_and_reason_and_a_later_payment_is_a_recovery() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-01T12:00:00Z"))) {
            chain.plan(PLAN).account("W1").invoice("W1", "I1", JAN_1, JAN_1, "150.00");
            chain.cloud.runtime().deliverEveryMessageTwice(true);
            chain.cloud.runtime().advanceTo(Instant.parse("2026-02-02T00:00:00Z"));

            List<LedgerEntry> writeOffs = chain.ledger("W1", LedgerEntry.Kind.WRITE_OFF);
            assertEquals(1, writeOffs.size(), "once, however often messages are delivered");
            assertEquals(0, usd("-150.00").compareTo(writeOffs.get(0).amount()));
            assertTrue(writeOffs.get(0).cause().contains("Write Off"), writeOffs.get(0).cause());
            assertEquals("WRITTEN_OFF", chain.profileStatus("W1"));
            assertEquals(Invoice.Status.WRITTEN_OFF, chain.invoice("W1", "I1").status());

            chain.pay("W1", Optional.empty(), "150.00", "USD");
            assertEquals(0, usd("-150.00").compareTo(sum(chain.ledger("W1", LedgerEntry.Kind.RECOVERY))), "booked as a recovery");
            assertEquals(0, BigDecimal.ZERO.compareTo(chain.invoice("W1", "I1").balance()));
        }
    }

    /** 4. A payment clearing 99 invoices is more than one transaction can hold: it is committed whole, once, and the account goes on. */
    @Test
    void a_payment_clearing_99_invoices_is_committed_whole_and_the_account_goes_on() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-03T12:00:00Z"))) {
            chain.plan(PLAN).account("B1");
            TableSeeder seeder = chain.seeder();
            for (int i = 0; i < 99; i++) {
                seeder.invoice("B1", String.format("I%02d", i), JAN_1, JAN_1, "USD", usd("10.00"), usd("10.00"));
            }
            seeder.flush();
            chain.sweep();
            assertEquals(1, chain.mailsTo("B1").size(), "the reminder");

            chain.pay("B1", Optional.empty(), "990.00", "USD");

            for (int i = 0; i < 99; i++) {
                assertEquals(Invoice.Status.PAID, chain.invoice("B1", String.format("I%02d", i)).status());
            }
            assertEquals(99, chain.ledger("B1", LedgerEntry.Kind.PAYMENT).size());
            assertEquals(0, chain.journalParts("B1"), "the commit is finished");
            assertTrue(chain.state("B1").episode().isEmpty(), "the episode closed");
            assertEquals(0, chain.allDeadLetters());
        }
    }

    /** 5. Two soft declines of one invoice on one day are two facts with two keys; a payment the same day still applies. */
    @Test
    void two_soft_declines_of_one_invoice_on_one_day_and_a_payment_all_apply() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-05T12:00:00Z"))) {
            chain.plan(PLAN).account("D1").invoice("D1", "I1", JAN_1, JAN_1, "100.00");
            chain.publish(chain.billing.failed(chain.nextId("pay"), "D1", "I1", usd("100.00"), "USD", "insufficient_funds"),
                    chain.billing.failed(chain.nextId("pay"), "D1", "I1", usd("100.00"), "USD", "insufficient_funds"));
            chain.pay("D1", Optional.of("I1"), "100.00", "USD");

            long notices = chain.actions("D1").stream().filter(a -> a.getKey() instanceof Effect.SendEmail e
                    && e.purpose() == Effect.Purpose.PAYMENT_FAILED).count();
            assertEquals(2, notices);
            assertEquals(Invoice.Status.PAID, chain.invoice("D1", "I1").status());
            assertEquals(0, chain.allDeadLetters());
        }
    }

    /** 6. Data that can never be evaluated sets its account aside with the reason; nothing loops, the others go on. */
    @Test
    void unusable_profiles_are_set_aside_with_their_reason_and_nothing_loops() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-03T12:00:00Z"))) {
            chain.plan(PLAN).account("OK1").invoice("OK1", "I1", JAN_1, JAN_1, "50.00");
            for (String[] bad : new String[][] {{"TZ1", AccountItems.TIME_ZONE, "Mars/Olympus"}, {"ST1", AccountItems.STATUS, "BANNED"},
                {"CU1", AccountItems.CURRENCY, "ZZZ"}, {"NE1", AccountItems.EMAIL, ""}}) {
                chain.account(bad[0]).invoice(bad[0], "I1", JAN_1, JAN_1, "50.00");
                chain.table.client().updateItem(b -> b.tableName(chain.table.name()).key(Attr.key(Keys.account(bad[0]), Keys.SK_PROFILE))
                        .updateExpression("SET #f = :v").expressionAttributeNames(Map.of("#f", bad[1]))
                        .expressionAttributeValues(Map.of(":v", Attr.s(bad[2]))));
            }
            chain.sweep();
            chain.at(Instant.parse("2026-01-04T12:00:00Z"));
            chain.sweep();

            assertEquals(1, chain.mailsTo("OK1").size(), "the good account is dunned");
            assertTrue(chain.problem("TZ1").orElseThrow().contains("Mars/Olympus"), chain.problem("TZ1").toString());
            assertTrue(chain.problem("ST1").orElseThrow().contains("BANNED"));
            assertTrue(chain.problem("CU1").orElseThrow().contains("ZZZ"));
            assertEquals(Optional.empty(), chain.problem("NE1"), "an account without email is dunned: its notice fails");
            assertTrue(chain.actions("NE1").stream().anyMatch(a -> a.getValue().equals("FAILED")), "the notice failed with its reason");
            assertEquals(0, chain.allDeadLetters(), "nothing was retried into a DLQ");

            chain.table.client().updateItem(b -> b.tableName(chain.table.name()).key(Attr.key(Keys.account("TZ1"), Keys.SK_PROFILE))
                    .updateExpression("SET #f = :v").expressionAttributeNames(Map.of("#f", AccountItems.TIME_ZONE))
                    .expressionAttributeValues(Map.of(":v", Attr.s("Europe/Berlin"))));
            chain.at(Instant.parse("2026-01-05T12:00:00Z"));
            chain.sweep();
            assertEquals(Optional.empty(), chain.problem("TZ1"), "mended, the account is back in dunning");
            assertEquals(1, chain.mailsTo("TZ1").size());
        }
    }

    /** 6b. A fee that comes to nothing is no effect: nothing is sent, nothing is rejected, nothing loops. */
    @Test
    void a_fee_that_comes_to_zero_is_not_charged_and_nothing_loops() {
        String plan = String.join("\n", "id: zero", "name: Zero", "minimumOverdue: { EUR: \"1.00\" }", "paths:", "  STANDARD:",
                "    - { name: Fee, days: 1, actions: [ { fee: { fixed: { EUR: \"2.00\" } } }, { email: { template: first-reminder } } ] }");
        try (Chain chain = Chain.start(Instant.parse("2026-01-03T12:00:00Z"))) {
            chain.plan(plan).account("Z1").invoice("Z1", "I1", JAN_1, JAN_1, "50.00");
            chain.sweep();
            chain.at(Instant.parse("2026-01-04T12:00:00Z"));
            chain.sweep();
            assertEquals(1, chain.mailsTo("Z1").size());
            assertTrue(chain.actions("Z1").stream().noneMatch(a -> a.getKey() instanceof Effect.ApplyFee));
            assertEquals(0, chain.allDeadLetters());
        }
    }

    /** 7a. Effects committed but not handed over (the send failed after the commit) still go out: the reinstatement and the close. */
    @Test
    void effects_committed_before_a_failed_send_are_carried_out() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-01T12:00:00Z"))) {
            chain.plan(PLAN).account("R1").invoice("R1", "I1", JAN_1, JAN_1, "80.00");
            chain.cloud.runtime().advanceTo(Instant.parse("2026-01-12T12:00:00Z"));
            assertEquals("SUSPENDED", chain.profileStatus("R1"));

            FaultInjector.when("DunningEvaluationFunction", "Sqs", "SendMessageBatch").onCall(1)
                    .failBeforeSending(FaultInjector.clientError("injected: SQS refused the batch"));
            chain.pay("R1", Optional.empty(), "80.00", "USD");

            assertEquals(1, FaultInjector.injected().size(), "the send did fail once");
            assertEquals("ACTIVE", chain.profileStatus("R1"), "the reinstatement was carried out");
            assertTrue(chain.actions("R1").stream().anyMatch(a -> a.getKey() instanceof Effect.CloseEpisode && a.getValue().equals("DONE")),
                    "Dunning Episode Closed was published");
            assertEquals(0, chain.outboxMarkers("R1"));
        }
    }

    /** 7b. A soft decline long before the due date gets its retries: the account wakes up on their days, nothing else needed. */
    @Test
    void retries_of_a_failure_long_before_the_due_date_are_requested_on_their_days() {
        try (Chain chain = Chain.start(Instant.parse("2026-02-01T12:00:00Z"))) {
            chain.plan(PLAN).account("E1").invoice("E1", "I1", JAN_1, LocalDate.of(2026, 2, 28), "60.00");
            chain.publish(chain.billing.failed(chain.nextId("pay"), "E1", "I1", usd("60.00"), "USD", "insufficient_funds"));
            chain.cloud.runtime().advanceTo(Instant.parse("2026-02-06T00:00:00Z"));
            List<Effect.RequestRetry> retries = chain.actions("E1").stream().filter(a -> a.getKey() instanceof Effect.RequestRetry
                    && a.getValue().equals("DONE")).map(a -> (Effect.RequestRetry) a.getKey()).toList();
            assertEquals(List.of(LocalDate.of(2026, 2, 2), LocalDate.of(2026, 2, 4)), retries.stream().map(Effect::day).sorted().toList(),
                    "days 1 and 3 of the retry schedule, 27 days before the due date");
        }
    }

    /** 8. A SUSPENDED delayed past the reinstatement that followed it changes nothing, and is not announced. */
    @Test
    void a_stale_status_change_never_overrides_a_newer_one() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-01T12:00:00Z"))) {
            chain.plan(PLAN).account("S1").invoice("S1", "I1", JAN_1, JAN_1, "80.00");
            chain.cloud.runtime().hold("StatusChangeQueue", body -> body.contains("\"status\":\"SUSPENDED\""));
            chain.cloud.runtime().advanceTo(Instant.parse("2026-01-12T12:00:00Z"));
            // held for eleven days, the suspension's message is handed over again by the redispatch sweeps: all copies of one record
            assertEquals(1, chain.cloud.runtime().held("StatusChangeQueue").stream()
                    .map(b -> dunning.aws.json.Json.parse(b).get("idempotencyKey").asText()).distinct().count(), "the suspension is held back");

            chain.pay("S1", Optional.empty(), "80.00", "USD");
            assertEquals("ACTIVE", chain.profileStatus("S1"));
            chain.cloud.runtime().release("StatusChangeQueue");

            assertEquals("ACTIVE", chain.profileStatus("S1"), "the late SUSPENDED changed nothing");
            long announced = chain.cloud.eventBridge().archive().stream()
                    .filter(a -> a.envelopeJson().contains("Account Status Changed") && a.envelopeJson().contains("\"S1\"")).count();
            assertEquals(1, announced, "only the reinstatement is announced");
        }
    }

    /** 9. A failed write of the send's record does not send a second mail: the write is retried, SES's message id kept. */
    @Test
    void a_failed_record_of_a_sent_mail_sends_no_second_mail() {
        try (Chain chain = Chain.start(Instant.parse("2026-01-02T12:00:00Z"))) {
            chain.plan(PLAN).account("M1").invoice("M1", "I1", JAN_1, JAN_1, "80.00");
            FaultInjector.when("NotificationFunction", "DynamoDb", "TransactWriteItems").onNextCalls(9)
                    .failBeforeSending(FaultInjector.clientError("injected: DynamoDB unavailable"));
            chain.sweep();

            assertEquals(1, chain.mailsTo("M1").size(), "one mail, though recording it failed nine times");
            var record = chain.actions("M1").stream().filter(a -> a.getKey() instanceof Effect.SendEmail).findFirst().orElseThrow();
            assertEquals("DONE", record.getValue());
            assertEquals(0, chain.allDeadLetters());
        }
    }

    /** 10. One account that cannot be billed fails alone inside its bill-run batch; a message past its time is handed back. */
    @Test
    void an_account_that_cannot_be_billed_fails_alone_in_its_batch() {
        try (Chain chain = Chain.start(Instant.parse("2026-02-01T01:00:00Z"))) {
            chain.plan(PLAN);
            for (int i = 0; i < 5; i++) {
                chain.account("G" + i, "UTC", "USD", Optional.of("MONTHLY_1"), List.of(new TableSeeder.Recurring("Plan", usd("30.00"))));
            }
            chain.table.client().updateItem(b -> b.tableName(chain.table.name()).key(Attr.key(Keys.account("G2"), Keys.SK_PROFILE))
                    .updateExpression("SET #f = :v").expressionAttributeNames(Map.of("#f", AccountItems.AR_TERM))
                    .expressionAttributeValues(Map.of(":v", Attr.s("no-such-term"))));
            chain.cloud.runtime().advanceTo(Instant.parse("2026-02-01T02:01:00Z"));

            for (String id : List.of("G0", "G1", "G3", "G4")) {
                assertEquals(Invoice.Status.OPEN, chain.invoice(id, "INV-" + id + "-2026-02-01").status(), id + " is billed");
            }
            assertFalse(chain.table.get(Keys.account("G2"), Keys.invoiceSk("INV-G2-2026-02-01")).isPresent());
            assertEquals(List.of(), chain.deadLetters("BillRunQueue"), "the batch is not dead-lettered for one account");
            assertTrue(chain.problem("G2").orElseThrow().contains("no-such-term"), "and the account says why");

            chain.cloud.runtime().remainingTimeFor("DunningEvaluationFunction", Duration.ofSeconds(2));
            chain.at(Instant.parse("2026-02-02T12:00:00Z"));
            chain.cloud.runtime().fire("DailyDunningSweep", Map.of());
            chain.cloud.runtime().drain();
            assertTrue(chain.cloud.runtime().invocations().stream().anyMatch(i -> i.function().equals("DunningEvaluationFunction")
                    && i.failed() == i.records() && i.records() > 0), "with 2 s left the records are handed back untouched");
        }
    }
}
