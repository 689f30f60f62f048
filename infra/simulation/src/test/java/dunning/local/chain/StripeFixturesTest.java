package dunning.local.chain;

import static dunning.local.chain.StripeFixtures.attr;
import static dunning.local.chain.StripeFixtures.deliver;
import static dunning.local.chain.StripeFixtures.deliverFile;
import static dunning.local.chain.StripeFixtures.emails;
import static dunning.local.chain.StripeFixtures.envelope;
import static dunning.local.chain.StripeFixtures.inbox;
import static dunning.local.chain.StripeFixtures.object;
import static dunning.local.chain.StripeFixtures.parked;
import static dunning.local.chain.StripeFixtures.retries;
import static dunning.local.chain.StripeFixtures.stripeObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.Keys;
import dunning.aws.json.Json;
import dunning.aws.store.BillingRecords;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.Effect;
import dunning.local.LocalCloud;
import dunning.local.ses.LocalSes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every Stripe fixture, real (../shared/fixtures/stripe/) and built (shared/aws/src/test/resources/stripe/),
 * through the real handlers as Lambda's SQS event source delivers it (the EventBridge envelope is the SQS
 * body), on one local cloud without a Stripe key, each test asserting what it books: the account, the
 * invoice, the payment once, the decline code, the notice, that no retry of ours is asked for.
 * (StripeApiLookupTest has the cloud with a key; StripeChainTest the duplicate and out-of-order deliveries.)
 */
class StripeFixturesTest {
    /** No dunning level fires within these tests' dates: only what the events themselves cause is seen. */
    static final String PLAN = String.join("\n",
            "id: stripe-plan",
            "name: Stripe",
            "retrySchedule: [1, 3]",
            "paths:",
            "  STANDARD:",
            "    - { name: Reminder, days: 3650, actions: [ { email: { template: first-reminder } } ] }");

    static Chain chain;
    int mails;

    @BeforeAll
    static void start() {
        chain = Chain.start(Instant.parse("2024-11-01T00:00:00Z"));
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    @BeforeEach
    void clean() {
        wipeAndSeed(chain);
        mails = chain.mailMark();
    }

    /** An empty table with the Stripe tests' plan, and the AR terms their customers name (stripe, net0). */
    static void wipeAndSeed(Chain chain) {
        chain.wipe();
        chain.seeder().plan("stripe-plan", PLAN).arTerm("stripe", 0, "stripe-plan").arTerm("net0", 0, "stripe-plan").flush();
    }

    List<LocalSes.Sent> mails() {
        return chain.mailsSince(mails);
    }

    Invoice invoice(String account, String id) {
        return chain.invoice(account, id);
    }

    Map<String, AttributeValue> profile(String account) {
        return chain.table.get(Keys.account(account), Keys.SK_PROFILE).orElseThrow();
    }

    /** The account's profile holds each of these string attributes (AccountItems name to value). */
    void assertProfile(String account, Map<String, String> expected) {
        Map<String, AttributeValue> p = profile(account);
        expected.forEach((name, value) -> assertEquals(value, Attr.str(p, name), name));
    }

    BigDecimal sum(String account, LedgerEntry.Kind kind) {
        return chain.ledger(account, kind).stream().map(LedgerEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static void assertMoney(String expected, BigDecimal actual, String why) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), why + ": " + actual);
    }


    /** A new file in either fixture directory without a test here fails this (the tests name the files they deliver). */
    @Test
    void every_fixture_file_has_its_test_here() throws java.io.IOException {
        String tests = java.nio.file.Files.readString(StripeFixtures.ROOT.resolve(
                "infra/simulation/src/test/java/dunning/local/chain/StripeFixturesTest.java"));
        List<String> untested = new java.util.ArrayList<>();
        for (java.nio.file.Path dir : List.of(StripeFixtures.SHARED, StripeFixtures.OURS)) {
            org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(dir), dir + " is not here");
            try (var files = java.nio.file.Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
                        .filter(f -> !tests.contains("\"" + f + "\"")).forEach(untested::add);
            }
        }
        assertEquals(List.of(), untested);
    }

    // ---- customers (built from Stripe's API fixtures) -----------------------------------------------------------------

    @Test
    void customer_created_2022_11_15_is_an_account_with_the_stacks_defaults_and_no_currency_yet() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        Map<String, AttributeValue> p = profile("cus_TzWXHppRzW1pJG");
        assertEquals("es", Attr.str(p, AccountItems.LOCALE), "from preferred_locales");
        assertEquals("UTC", Attr.str(p, AccountItems.TIME_ZONE), "no dunning_time_zone: StripeDefaultTimeZone");
        assertEquals("stripe", Attr.str(p, AccountItems.AR_TERM), "no dunning_ar_term: StripeDefaultArTerm");
        assertFalse(p.containsKey(AccountItems.CURRENCY), "a new customer's currency is null: its first invoice gives it");
        assertEquals("cus_TzWXHppRzW1pJG", Attr.str(chain.table.get(Keys.external("stripe", "cus_TzWXHppRzW1pJG"), Keys.SK_ITEM)
                .orElseThrow(), AccountItems.ACCOUNT_ID));
        assertEquals(List.of(), mails());
    }

    @Test
    void customer_created_2025_03_31_basil_takes_time_zone_and_ar_term_from_its_metadata() {
        deliverFile(chain, "customer.created-2025-03-31.basil.json");
        assertProfile("cus_SGqVI5XZS5sDjA",
                Map.of(AccountItems.TIME_ZONE, "America/Toronto", AccountItems.AR_TERM, "net0", AccountItems.LOCALE, "fr-CA"));
    }

    @Test
    void customer_updated_2025_09_30_clover_of_an_invoiced_customer_carries_its_currency() {
        deliverFile(chain, "customer.updated-2025-09-30.clover.json");
        assertProfile("cus_TVh2JpYenCust1",
                Map.of(AccountItems.CURRENCY, "JPY", AccountItems.TIME_ZONE, "Asia/Tokyo", AccountItems.LOCALE, "ja"));
    }

    // ---- invoices -----------------------------------------------------------------------------------------------------

    @Test
    void invoice_finalized_2022_11_15_is_a_dunning_invoice_due_at_finalization() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        deliverFile(chain, "invoice.finalized-2022-11-15.json");
        Invoice inv = invoice("cus_TzWXHppRzW1pJG", "in_1TBq2c8p2opQAPTXr7Ld0QnW");
        assertMoney("20.00", inv.balance(), "EUR 2000 minor units");
        assertEquals(LocalDate.of(2026, 3, 16), inv.issued(), "finalized 2026-03-16T20:30:39Z, UTC");
        assertEquals(LocalDate.of(2026, 3, 16), inv.due(), "charge_automatically: due when finalized");
        Map<String, AttributeValue> item = chain.table.get(Keys.account("cus_TzWXHppRzW1pJG"), Keys.invoiceSk("in_1TBq2c8p2opQAPTXr7Ld0QnW"))
                .orElseThrow();
        assertTrue(item.containsKey(Keys.GSI2PK), "on the sparse due-date index");
        assertEquals("https://invoice.stripe.com/i/acct_1SyxMT8p2opQAPTX/test_REDACTED?s=ap", Attr.str(item, AccountItems.PAY_LINK));
        assertEquals("EUR", Attr.str(profile("cus_TzWXHppRzW1pJG"), AccountItems.CURRENCY), "the account's currency from its first invoice");
        assertEquals(Optional.of("in_1TBq2c8p2opQAPTXr7Ld0QnW"), attr(stripeObject(chain, "pi_3TBr9x8p2opQAPTX0yV4sTqR"),
                AccountItems.INVOICE_ID), "before basil the invoice names its PaymentIntent");
    }

    @Test
    void invoice_finalized_2025_03_31_basil_send_invoice_is_due_on_its_due_date_in_the_accounts_zone() {
        deliverFile(chain, "customer.created-2025-03-31.basil.json");
        deliverFile(chain, "invoice.finalized-2025-03-31.basil.send_invoice.json");
        Invoice inv = invoice("cus_SGqVI5XZS5sDjA", "in_1RNsendCMHTTliF5iNet30A1");
        assertMoney("125.00", inv.amount(), "CAD 12500");
        assertEquals(LocalDate.of(2025, 5, 9), inv.issued());
        assertEquals(LocalDate.of(2025, 6, 8), inv.due(), "due_date 2025-06-08T14:15Z in Toronto");
    }

    @Test
    void invoice_paid_2022_11_15_books_its_payment() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        deliverFile(chain, "invoice.paid-2022-11-15.json");
        assertEquals(Invoice.Status.PAID, invoice("cus_TzWXHppRzW1pJG", "in_1T1XVD8p2opQAPTX2UPmI1Sl").status(),
                "issued from the event's own snapshot, then paid");
        assertMoney("-20.00", sum("cus_TzWXHppRzW1pJG", LedgerEntry.Kind.PAYMENT), "EUR 20.00 once");
        assertEquals(Optional.of("in_1T1XVD8p2opQAPTX2UPmI1Sl"), attr(stripeObject(chain, "ch_3T1XVE8p2opQAPTX1FqphSVi"),
                AccountItems.INVOICE_ID), "its charge, kept for a later dispute or refund");
        assertEquals(List.of(), mails());
    }

    @Test
    void invoice_payment_succeeded_2022_11_15_and_its_invoice_paid_twin_book_the_payment_once() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        deliverFile(chain, "invoice.payment_succeeded-2022-11-15.json");
        assertMoney("-20.00", sum("cus_TzWXHppRzW1pJG", LedgerEntry.Kind.PAYMENT), "alone, it books the payment");
        deliverFile(chain, "invoice.paid-2022-11-15.json");
        assertMoney("-20.00", sum("cus_TzWXHppRzW1pJG", LedgerEntry.Kind.PAYMENT), "its twin books nothing more");
        assertMoney("0", chain.state("cus_TzWXHppRzW1pJG").credit(), "and no credit");
    }

    @Test
    void invoice_paid_and_payment_succeeded_2025_03_31_basil_book_one_payment() {
        deliverFile(chain, "customer.created-2025-03-31.basil.json");
        deliverFile(chain, "invoice.paid-2025-03-31.basil.json");
        deliverFile(chain, "invoice.payment_succeeded-2025-03-31.basil.json");
        assertMoney("-49.99", sum("cus_SGqVI5XZS5sDjA", LedgerEntry.Kind.PAYMENT), "CAD 4999 once");
        assertEquals(Invoice.Status.PAID, invoice("cus_SGqVI5XZS5sDjA", "in_1RMgafCMHTTliF5ilpBkRLZf").status());
    }

    @Test
    void invoice_payment_failed_2022_11_15_alone_is_a_soft_failure_stripe_retries_itself() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        deliverFile(chain, "invoice.payment_failed-2022-11-15.json");
        List<Effect.SendEmail> sent = emails(chain, "cus_TzWXHppRzW1pJG");
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("payment-failed", sent.get(0).template());
        assertEquals(Optional.of("generic_decline"), sent.get(0).declineCode(), "no decline code known yet: soft");
        assertEquals(0, retries(chain, "cus_TzWXHppRzW1pJG"), "next_payment_attempt is set: Stripe retries, we do not");
        assertEquals(1, mails().size());
        assertTrue(mails().get(0).text().contains("try the payment again automatically"), mails().get(0).text());
    }

    @Test
    void payment_intent_payment_failed_2022_11_15_gives_the_failure_that_follows_its_decline_code() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        deliverFile(chain, "payment_intent.payment_failed-2022-11-15.json");
        assertEquals(Optional.of("insufficient_funds"), attr(stripeObject(chain, "pi_3TBr9x8p2opQAPTX0yV4sTqR"), "declineCode"));
        assertEquals(Optional.of("insufficient_funds"), attr(stripeObject(chain, "ch_3TBr9x8p2opQAPTX0b6H2kLm"), "declineCode"),
                "and for its latest charge");
        assertEquals(List.of(), emails(chain, "cus_TzWXHppRzW1pJG"), "a PaymentIntent's failure books nothing by itself");

        deliverFile(chain, "invoice.payment_failed-2022-11-15.json");
        List<Effect.SendEmail> sent = emails(chain, "cus_TzWXHppRzW1pJG");
        assertEquals(1, sent.size());
        assertEquals(Optional.of("insufficient_funds"), sent.get(0).declineCode(), "the real decline code");
        assertTrue(mails().get(0).text().contains("insufficient_funds"), mails().get(0).text());
    }

    @Test
    void invoice_payment_action_required_2022_11_15_sends_the_authentication_notice_with_the_hosted_invoice() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        deliverFile(chain, "invoice.payment_action_required-2022-11-15.json");
        List<Effect.SendEmail> sent = emails(chain, "cus_TzWXHppRzW1pJG");
        assertEquals(List.of("payment-action-required"), sent.stream().map(Effect.SendEmail::template).toList());
        assertEquals(Effect.Purpose.PAYMENT_ACTION_REQUIRED, sent.get(0).purpose());
        assertEquals(0, retries(chain, "cus_TzWXHppRzW1pJG"), "no retry: the customer must act");
        assertEquals(1, mails().size());
        assertTrue(mails().get(0).text().contains("https://invoice.stripe.com/i/acct_1SyxMT8p2opQAPTX/test_REDACTED?s=ap"),
                "the hosted invoice page: " + mails().get(0).text());
        assertTrue(mails().get(0).subject().startsWith("Please confirm your payment"), mails().get(0).subject());
    }

    @Test
    void invoice_payment_action_required_2025_03_31_basil_sends_the_authentication_notice() {
        deliverFile(chain, "customer.created-2025-03-31.basil.json");
        deliverFile(chain, "invoice.payment_action_required-2025-03-31.basil.json");
        assertEquals(List.of("payment-action-required"), emails(chain, "cus_SGqVI5XZS5sDjA").stream().map(Effect.SendEmail::template).toList());
        assertTrue(mails().get(0).text().contains("https://invoice.stripe.com/i/acct_1RCUo0CMHTTliF5i/test_REDACTED?s=ap"));
        assertTrue(mails().get(0).subject().contains("CA$49.99") || mails().get(0).subject().contains("49,99"), mails().get(0).subject());
    }

    @Test
    void invoice_payment_failed_2025_03_31_basil_without_a_stripe_key_is_soft() {
        deliverFile(chain, "customer.created-2025-03-31.basil.json");
        deliverFile(chain, "charge.failed-2025-03-31.basil.json");
        deliverFile(chain, "invoice.payment_failed-2025-03-31.basil.json");
        List<Effect.SendEmail> sent = emails(chain, "cus_SGqVI5XZS5sDjA");
        assertEquals(1, sent.size());
        assertEquals(Optional.of("generic_decline"), sent.get(0).declineCode(),
                "the stolen card of charge.failed cannot be linked to the invoice without Stripe's API");
        assertEquals(0, retries(chain, "cus_SGqVI5XZS5sDjA"), "Stripe retries (next_payment_attempt)");
    }

    @Test
    void charge_failed_2025_03_31_basil_leaves_its_hard_decline_for_its_charge_and_payment_intent() {
        deliverFile(chain, "charge.failed-2025-03-31.basil.json");
        assertEquals(Optional.of("stolen_card"), attr(stripeObject(chain, "ch_3RXr9mCMHTTliF5i0hArD001"), "declineCode"),
                "outcome.reason, not failure_code card_declined");
        assertEquals(Optional.of("stolen_card"), attr(stripeObject(chain, "pi_3RXr9mCMHTTliF5i0hArD001"), "declineCode"));
        assertEquals(Optional.empty(), attr(stripeObject(chain, "ch_3RXr9mCMHTTliF5i0hArD001"), AccountItems.INVOICE_ID),
                "a basil charge names no invoice");
        assertEquals(List.of(), chain.deadLetters("PaymentEventsQueue"));
    }

    @Test
    void charge_failed_2024_09_30_acacia_names_its_invoice_and_leaves_its_soft_decline() {
        chain.accountWithStripeId("BG1", "BGN", "cus_RLScrIQ1GDjTpp");
        deliverFile(chain, "charge.failed-2024-09-30.acacia.json");
        assertEquals(Optional.of("insufficient_funds"), attr(stripeObject(chain, "ch_3QZb1c2MCIkaoAFD1fa1L3d0"), "declineCode"));
        assertEquals(Optional.of("in_1QZa0b2MCIkaoAFDacacia01"), attr(stripeObject(chain, "pi_3QZb1c2MCIkaoAFD1acacia1"),
                AccountItems.INVOICE_ID), "an acacia charge names its invoice");
        assertEquals(Optional.of("BG1"), attr(stripeObject(chain, "ch_3QZb1c2MCIkaoAFD1fa1L3d0"), AccountItems.ACCOUNT_ID),
                "the customer is the own billing system's account BG1");
        assertEquals(List.of(), chain.ledger("BG1"), "nothing is booked by the charge itself");
    }

    @Test
    void charge_succeeded_2024_09_30_acacia_of_no_invoice_is_acknowledged() {
        deliverFile(chain, "charge.succeeded-2024-09-30.acacia.json");
        assertEquals(Optional.empty(), stripeObject(chain, "ch_3QSo8A2MCIkaoAFD0U2ksilm"));
        assertEquals(List.of(), chain.deadLetters("PaymentEventsQueue"));
    }

    @Test
    void charge_refunded_2024_09_30_acacia_of_no_invoice_is_acknowledged_and_of_a_paid_invoice_owes_the_refund_again() {
        chain.accountWithStripeId("BG1", "BGN", "cus_RLScrIQ1GDjTpp");
        deliverFile(chain, "charge.refunded-2024-09-30.acacia.json");
        assertEquals(List.of(), chain.ledger("BG1"), "the charge paid no invoice: nothing of dunning's is owed again");
        assertEquals(List.of(), chain.deadLetters("PaymentEventsQueue"));

        // the same charge, had it paid BG1's invoice (the acacia shape names it): the partial refund is owed again, once
        chain.publish(chain.billing.invoiceIssued("BG1", "in_1QSo8ABGN", LocalDate.of(2024, 12, 5), LocalDate.of(2024, 12, 5),
                new BigDecimal("4.13"), "BGN"));
        chain.publish(chain.billing.succeeded("pay-bg1", "BG1", Optional.of("in_1QSo8ABGN"), new BigDecimal("4.13"), "BGN"));
        ObjectNode refunded = envelope("charge.refunded-2024-09-30.acacia.json");
        object(refunded).put("invoice", "in_1QSo8ABGN");
        ((ObjectNode) refunded.get("detail")).put("id", "evt_3QSo8A2MCIkaoAFD0rEfUnD2");
        deliver(chain, Json.write(refunded));
        deliver(chain, Json.write(refunded));
        assertMoney("2.00", sum("BG1", LedgerEntry.Kind.REFUND), "amount_refunded 200 of 413, once");
        Invoice inv = invoice("BG1", "in_1QSo8ABGN");
        assertEquals(Invoice.Status.OPEN, inv.status(), "a paid invoice is open again");
        assertMoney("2.00", inv.balance(), "it owes the refund");

        object(refunded).put("amount_refunded", 413).put("refunded", true);
        ((ObjectNode) refunded.get("detail")).put("id", "evt_3QSo8A2MCIkaoAFD0rEfUnD3");
        deliver(chain, Json.write(refunded));
        assertMoney("4.13", sum("BG1", LedgerEntry.Kind.REFUND), "the second refund books its increase: 2.13");
    }

    @Test
    void payment_intent_payment_failed_2025_04_30_basil_needs_authentication_not_a_new_card() {
        deliverFile(chain, "payment_intent.payment_failed-2025-04-30.basil.json");
        assertEquals(Optional.of("authentication_required"), attr(stripeObject(chain, "pi_3RWGX8Q8iJWBZFaM0ZSHRgfm"), "declineCode"),
                "authentication_not_handled is an authentication to ask for, not a decline");
        assertEquals(Optional.of("authentication_required"), attr(stripeObject(chain, "ch_3RWGX8Q8iJWBZFaM0IWum1a6"), "declineCode"));
        assertEquals(List.of(), chain.deadLetters("PaymentEventsQueue"));
    }

    @Test
    void charge_dispute_created_2025_04_30_basil_waits_for_its_invoice_then_opens_its_dispute() {
        deliverFile(chain, "charge.dispute.created-2025-04-30.basil.json");
        assertEquals(1, parked(chain, Keys.stripeObject("pi_3RWXidQ8iJWBZFaM0hwfe7LL")), "parked: its invoice is not known yet");
        assertEquals(List.of(), chain.deadLetters("PaymentEventsQueue"));

        // its charge's invoice arrives (an acacia-shaped invoice.paid names the charge and PaymentIntent)
        chain.accountWithStripeId("US1", "USD", "cus_USDispute1");
        ObjectNode paid = envelope("invoice.paid-2022-11-15.json");
        ((ObjectNode) paid.get("detail")).put("id", "evt_1RWXidUSDpaid0001");
        paid.put("time", "2025-06-05T06:00:00Z");
        object(paid).put("id", "in_1RWXidUSDinvoice1").put("customer", "cus_USDispute1").put("currency", "usd")
                .put("amount_due", 100).put("amount_paid", 100).put("total", 100).put("subtotal", 100)
                .put("charge", "ch_3RWXidQ8iJWBZFaM07eC54Yk").put("payment_intent", "pi_3RWXidQ8iJWBZFaM0hwfe7LL");
        ((ObjectNode) object(paid).get("status_transitions")).put("finalized_at", 1749099600).put("paid_at", 1749099601);
        deliver(chain, Json.write(paid));
        assertEquals(0, parked(chain, Keys.stripeObject("pi_3RWXidQ8iJWBZFaM0hwfe7LL")), "the dispute came in with it");
        assertTrue(invoice("US1", "in_1RWXidUSDinvoice1").disputed(), "the invoice's dispute is open");
    }

    @Test
    void invoice_marked_uncollectible_2022_11_15_writes_the_invoice_off() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        deliverFile(chain, "invoice.marked_uncollectible-2022-11-15.json");
        assertEquals(Invoice.Status.WRITTEN_OFF, invoice("cus_TzWXHppRzW1pJG", "in_1TBq2c8p2opQAPTXr7Ld0QnW").status());
        assertMoney("-20.00", sum("cus_TzWXHppRzW1pJG", LedgerEntry.Kind.WRITE_OFF), "its balance leaves the books");
        assertEquals("ACTIVE", chain.profileStatus("cus_TzWXHppRzW1pJG"), "one invoice, not the account");
    }

    @Test
    void invoice_marked_uncollectible_2025_09_30_clover_writes_the_yen_invoice_off() {
        deliverFile(chain, "customer.updated-2025-09-30.clover.json");
        deliverFile(chain, "invoice.marked_uncollectible-2025-09-30.clover.json");
        assertMoney("-4980", sum("cus_TVh2JpYenCust1", LedgerEntry.Kind.WRITE_OFF), "JPY is zero-decimal at Stripe: ¥4980");
        assertEquals(Invoice.Status.WRITTEN_OFF, invoice("cus_TVh2JpYenCust1", "in_1SZk3uHOQNg4XnOMjpy00003").status());
    }

    @Test
    void invoice_voided_2022_11_15_voids_the_invoice() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        deliverFile(chain, "invoice.voided-2022-11-15.json");
        assertEquals(Invoice.Status.VOID, invoice("cus_TzWXHppRzW1pJG", "in_1TBq2c8p2opQAPTXr7Ld0QnW").status());
        assertMoney("-20.00", sum("cus_TzWXHppRzW1pJG", LedgerEntry.Kind.VOID), "its balance leaves");
    }

    @Test
    void invoice_voided_2025_09_30_clover_voids_the_yen_invoice() {
        deliverFile(chain, "customer.updated-2025-09-30.clover.json");
        deliverFile(chain, "invoice.voided-2025-09-30.clover.json");
        assertEquals(Invoice.Status.VOID, invoice("cus_TVh2JpYenCust1", "in_1SZk3uHOQNg4XnOMjpy00004").status());
        assertMoney("-4980", sum("cus_TVh2JpYenCust1", LedgerEntry.Kind.VOID), "¥4980");
    }

    // ---- credit notes (built) -----------------------------------------------------------------------------------------

    @Test
    void credit_note_created_2022_11_15_before_its_invoice_waits_for_it_then_lowers_its_balance() {
        deliverFile(chain, "customer.created-2022-11-15.json");
        deliverFile(chain, "credit_note.created-2022-11-15.json");
        assertEquals(1, parked(chain, Keys.account("cus_TzWXHppRzW1pJG")), "parked until its invoice arrives");
        deliverFile(chain, "invoice.finalized-2022-11-15.json");
        assertMoney("15.00", invoice("cus_TzWXHppRzW1pJG", "in_1TBq2c8p2opQAPTXr7Ld0QnW").balance(), "20.00 less the €5 pre-payment note");
        assertMoney("-5.00", sum("cus_TzWXHppRzW1pJG", LedgerEntry.Kind.CREDIT_NOTE), "booked once");
        assertEquals(0, parked(chain, Keys.account("cus_TzWXHppRzW1pJG")));
    }

    @Test
    void credit_note_created_2025_09_30_clover_after_payment_is_stripes_to_refund_or_credit() {
        deliverFile(chain, "customer.updated-2025-09-30.clover.json");
        deliverFile(chain, "credit_note.created-2025-09-30.clover.json");
        assertEquals(List.of(), chain.ledger("cus_TVh2JpYenCust1"), "a post-payment note lowers nothing dunning collects");
        assertEquals(0, parked(chain, Keys.account("cus_TVh2JpYenCust1")), "acknowledged, not parked");
        assertEquals(List.of(), inbox(chain, "cus_TVh2JpYenCust1"));
        assertEquals(List.of(), chain.deadLetters("PaymentEventsQueue"));
    }
}
