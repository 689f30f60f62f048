package dunning.domain.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.account.Account;
import dunning.domain.account.Customer;
import dunning.domain.account.DunningState;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.plan.Plan;
import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.Level;
import dunning.domain.port.InMemoryPlanCatalog;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The events the ways in bring (DESIGN §5.1), as the account day applies them. */
class AccountDayEventsTest {
    static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
    static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    static final InMemoryPlanCatalog PLANS = new InMemoryPlanCatalog();

    static {
        Level reminder = new Level("Reminder", 30, 0, Map.of(), false, List.of(new Action.Email("first-reminder")));
        PLANS.publish(new Plan("p", "P", true, Map.of(), 0, Plan.CatchUp.HIGHEST_ONLY, List.of(1, 3), List.of(), Plan.Segments.NONE,
                Map.of(Plan.Path.STANDARD, List.of(reminder)), "payment-failed"), false);
    }

    static Account account(Invoice... invoices) {
        return new Account(new Customer("A1", "USD", Set.of(), BigDecimal.ZERO, 0), "p", false, List.of(invoices), BigDecimal.ZERO,
                DunningState.initial(Plan.Status.ACTIVE));
    }

    static Invoice open(String id, String amount) {
        return Invoice.issued(id, JAN_1, JAN_1, new BigDecimal(amount));
    }

    static DayResult day(Account a, AccountEvent... events) {
        return AccountDay.run(a, DAY, List.of(events), PLANS);
    }

    static List<LedgerEntry> ledger(DayResult r, LedgerEntry.Kind kind) {
        return r.ledger().stream().filter(l -> l.kind() == kind).toList();
    }

    @Test
    void an_invoice_the_billing_system_writes_off_leaves_the_balance_and_a_later_payment_of_it_is_a_recovery() {
        DayResult r = day(account(open("I1", "120.00"), open("I2", "30.00")), new AccountEvent.InvoiceWrittenOff("w1", "I1"));
        Invoice i1 = r.after().invoices().get(0);
        assertEquals(Invoice.Status.WRITTEN_OFF, i1.status());
        assertEquals(0, BigDecimal.ZERO.compareTo(i1.balance()));
        assertEquals(0, new BigDecimal("-120.00").compareTo(ledger(r, LedgerEntry.Kind.WRITE_OFF).get(0).amount()));
        assertEquals(0, new BigDecimal("30.00").compareTo(r.after().balance()), "I2 is still owed");
        assertEquals(Plan.Status.ACTIVE, r.after().state().status(), "one invoice, not the account");

        DayResult again = day(r.after(), new AccountEvent.InvoiceWrittenOff("w1", "I1"),
                new AccountEvent.PaymentReceived("p1", new BigDecimal("120.00"), "USD", Optional.of("I1")));
        assertEquals(List.of(), ledger(again, LedgerEntry.Kind.WRITE_OFF), "written off once");
        assertEquals(1, ledger(again, LedgerEntry.Kind.RECOVERY).size(), "Stripe's uncollectible invoice may still be paid");
        assertEquals(0, new BigDecimal("30.00").compareTo(again.after().balance()), "a recovery changes no balance");
    }

    @Test
    void a_refund_or_credit_note_in_another_currency_is_booked_as_rejected_and_changes_nothing() {
        Invoice paid = open("I1", "100.00").withBalance(BigDecimal.ZERO.setScale(2));
        DayResult r = day(account(paid), new AccountEvent.PaymentRefunded("r1", "I1", new BigDecimal("40.00"), "EUR"),
                new AccountEvent.CreditNoteIssued("c1", "I1", new BigDecimal("5.00"), "GBP"));
        assertEquals(Invoice.Status.PAID, r.after().invoices().get(0).status());
        List<LedgerEntry> rejected = ledger(r, LedgerEntry.Kind.PAYMENT_REJECTED);
        assertEquals(List.of("EUR", "GBP"), rejected.stream().map(LedgerEntry::currency).toList());
        assertTrue(rejected.get(0).cause().contains("refund r1 in EUR, the account is in USD"), rejected.get(0).cause());
        assertTrue(rejected.get(1).cause().contains("credit note c1 in GBP"), rejected.get(1).cause());
    }

    @Test
    void a_failure_carries_its_decline_code_to_its_notice_and_asks_retries_only_when_soft_and_not_retried_by_the_processor() {
        DayResult soft = day(account(open("I1", "50.00")), new AccountEvent.PaymentFailed("f1", "I1", "insufficient_funds", false));
        DayResult byStripe = day(account(open("I1", "50.00")), new AccountEvent.PaymentFailed("f2", "I1", "generic_decline", true));
        DayResult hard = day(account(open("I1", "50.00")), new AccountEvent.PaymentFailed("f3", "I1", "stolen_card", false));

        Effect.SendEmail notice = (Effect.SendEmail) soft.effects().get(0);
        assertEquals(Optional.of("insufficient_funds"), notice.declineCode());
        assertEquals(2, soft.after().state().retries().size(), "retrySchedule [1, 3]");
        assertEquals(List.of(), byStripe.after().state().retries(), "the processor retries the card itself");
        assertEquals(List.of(), hard.after().state().retries(), "a hard decline asks for a new payment method");
        assertEquals(Optional.of("stolen_card"), ((Effect.SendEmail) hard.effects().get(0)).declineCode());
    }

    @Test
    void a_payment_that_needs_the_customer_gets_the_authentication_notice_and_no_retry() {
        DayResult r = day(account(open("I1", "50.00")), new AccountEvent.PaymentActionRequired("a1", "I1"));
        Effect.SendEmail notice = (Effect.SendEmail) r.effects().get(0);
        assertEquals("payment-action-required", notice.template());
        assertEquals(Effect.Purpose.PAYMENT_ACTION_REQUIRED, notice.purpose());
        assertEquals(Optional.of("I1"), notice.invoice());
        assertEquals(List.of(), r.after().state().retries());
        DayResult paid = day(account(open("I1", "50.00").withBalance(BigDecimal.ZERO.setScale(2))),
                new AccountEvent.PaymentActionRequired("a2", "I1"));
        assertEquals(List.of(), paid.effects(), "a paid invoice needs no authentication");
    }
}
