package dunning.local.chain;

import static dunning.local.chain.StripeFixtures.emails;
import static dunning.local.chain.StripeFixtures.envelope;
import static dunning.local.chain.StripeFixtures.object;
import static dunning.local.chain.StripeFixtures.parked;
import static dunning.local.chain.StripeFixtures.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.Keys;
import dunning.aws.store.ParkedEvents;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.Effect;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe's events through the whole chain, from the stack's Stripe partner bus (the template's
 * StripeEventsRule, PaymentEventsQueue, payment-events, the evaluation, notification, SES): duplicate
 * deliveries, invoice.paid and invoice.payment_succeeded for one payment, and out-of-order delivery (a
 * payment before the failure it follows, an invoice before its customer) each book once and send no
 * wrong notice; a customer that never arrives is reported by the hourly sweep after a day.
 */
class StripeChainTest {
    static final String CUSTOMER = "cus_TzWXHppRzW1pJG";
    static Chain chain;
    int mails;

    @BeforeAll
    static void start() {
        chain = Chain.start(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    @BeforeEach
    void clean() {
        chain.wipe();
        chain.seeder().plan("stripe-plan", StripeFixturesTest.PLAN).arTerm("stripe", 0, "stripe-plan").flush();
        mails = chain.mailMark();
    }

    @AfterEach
    void once() {
        chain.cloud.runtime().deliverEveryMessageTwice(false);
    }

    BigDecimal payments() {
        return chain.ledger(CUSTOMER, LedgerEntry.Kind.PAYMENT).stream().map(LedgerEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void every_message_twice_and_the_event_again_book_one_payment_and_send_nothing() {
        chain.cloud.runtime().deliverEveryMessageTwice(true);
        publish(chain, envelope("customer.created-2022-11-15.json"));
        publish(chain, envelope("invoice.paid-2022-11-15.json"));
        publish(chain, envelope("invoice.paid-2022-11-15.json"));
        publish(chain, envelope("invoice.payment_succeeded-2022-11-15.json"));

        assertEquals(0, new BigDecimal("-20.00").compareTo(payments()), "once: " + payments());
        assertEquals(1, chain.ledger(CUSTOMER, LedgerEntry.Kind.PAYMENT).size());
        assertEquals(Invoice.Status.PAID, chain.invoice(CUSTOMER, "in_1T1XVD8p2opQAPTX2UPmI1Sl").status());
        assertEquals(List.of(), chain.mailsSince(mails), "a paid invoice gets no notice");
        assertEquals(0, chain.allDeadLetters());
    }

    @Test
    void a_payment_before_the_failure_it_follows_books_once_and_sends_no_payment_failed_notice() {
        publish(chain, envelope("customer.created-2022-11-15.json"));
        // the renewal, paid by Stripe's second attempt: its invoice.paid overtakes the first attempt's failure
        ObjectNode paid = envelope("invoice.payment_failed-2022-11-15.json");
        paid.put("detail-type", "invoice.paid");
        ((ObjectNode) paid.get("detail")).put("type", "invoice.paid").put("id", "evt_1TCpaid8p2opQAPTXsecond1");
        paid.put("time", "2026-03-19T20:30:46Z");
        object(paid).put("status", "paid").put("paid", true).put("amount_paid", 2000).put("amount_remaining", 0)
                .put("attempt_count", 2).putNull("next_payment_attempt");
        publish(chain, paid);
        publish(chain, envelope("invoice.payment_failed-2022-11-15.json"));

        assertEquals(0, new BigDecimal("-20.00").compareTo(payments()), payments().toString());
        assertEquals(Invoice.Status.PAID, chain.invoice(CUSTOMER, "in_1TBq2c8p2opQAPTXr7Ld0QnW").status());
        assertEquals(List.of(), emails(chain, CUSTOMER), "the failure is history: no payment-failed notice for a paid invoice");
        assertEquals(List.of(), chain.mailsSince(mails));
        assertEquals(0, chain.actions(CUSTOMER).stream().filter(a -> a.getKey() instanceof Effect.RequestRetry).count());
    }

    @Test
    void an_invoice_before_its_customer_is_parked_and_booked_once_when_the_customer_arrives() {
        publish(chain, envelope("invoice.paid-2022-11-15.json"));
        assertEquals(1, parked(chain, Keys.external("stripe", CUSTOMER)), "parked, not lost, not dead-lettered");
        assertEquals(0, chain.allDeadLetters());

        publish(chain, envelope("customer.created-2022-11-15.json"));
        assertEquals(0, parked(chain, Keys.external("stripe", CUSTOMER)));
        assertEquals(Invoice.Status.PAID, chain.invoice(CUSTOMER, "in_1T1XVD8p2opQAPTX2UPmI1Sl").status());
        assertEquals(0, new BigDecimal("-20.00").compareTo(payments()), payments().toString());
        publish(chain, envelope("invoice.payment_succeeded-2022-11-15.json"));
        assertEquals(1, chain.ledger(CUSTOMER, LedgerEntry.Kind.PAYMENT).size(), "its twin after it books nothing");
        assertEquals(List.of(), chain.mailsSince(mails));
    }

    @Test
    void an_invoices_later_event_after_its_accounts_time_zone_changed_is_booked_as_usual() {
        publish(chain, envelope("customer.created-2022-11-15.json"));
        publish(chain, envelope("invoice.finalized-2022-11-15.json"));
        ObjectNode moved = envelope("customer.created-2022-11-15.json");
        moved.put("detail-type", "customer.updated").put("time", "2026-03-16T20:30:42Z");
        ((ObjectNode) moved.get("detail")).put("type", "customer.updated").put("id", "evt_1TBr9w8p2opQAPTXcusTokyo").put("created", 1773693041L);
        ((ObjectNode) object(moved).get("metadata")).put("dunning_time_zone", "Asia/Tokyo");
        publish(chain, moved);
        publish(chain, envelope("invoice.payment_failed-2022-11-15.json"));

        assertEquals(java.time.LocalDate.of(2026, 3, 16), chain.invoice(CUSTOMER, "in_1TBq2c8p2opQAPTXr7Ld0QnW").issued(),
                "issued once, as of its first event (already the 17th in Tokyo)");
        assertEquals(List.of("payment-failed"), emails(chain, CUSTOMER).stream().map(Effect.SendEmail::template).toList());
        assertEquals(0, chain.allDeadLetters());
    }

    @Test
    void a_customer_that_never_arrives_is_retried_hourly_and_reported_after_a_day() {
        ObjectNode stranger = envelope("invoice.paid-2022-11-15.json");
        object(stranger).put("customer", "cus_NeverCreated1");
        ((ObjectNode) stranger.get("detail")).put("id", "evt_1T1XVI8p2opQAPTXstranger");
        publish(chain, stranger);
        String partition = Keys.external("stripe", "cus_NeverCreated1");
        assertEquals(1, parked(chain, partition));

        // the template's RedispatchSweep (hourly) hands it back to payment-events, which parks it again, then reports it
        chain.cloud.runtime().advanceTo(chain.cloud.clock().instant().plus(ParkedEvents.REPORT_AFTER).plusSeconds(3600));
        var item = chain.table.collection(partition, Keys.SK_PARKED).get(0);
        assertEquals(Keys.PROBLEMS, Attr.str(item, Keys.GSI3PK), "reported among the problems");
        assertTrue(Attr.num(item, "attempts") >= 24, "retried every hour: " + Attr.num(item, "attempts"));
        assertEquals(0, chain.allDeadLetters(), "never dead-lettered");
    }
}
