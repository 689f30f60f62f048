package dunning.domain.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.account.Account;
import dunning.domain.account.Customer;
import dunning.domain.account.DunningState;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.AccountDay;
import dunning.domain.engine.AccountEvent;
import dunning.domain.engine.DayResult;
import dunning.domain.engine.Decision;
import dunning.domain.engine.Effect;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountBook} must do, run against the in-memory book and the DynamoDB book
 * alike: a subclass says how to open an account, deliver an event and read back what was booked.
 */
public abstract class AccountBookContract {
    protected static final LocalDate DAY = LocalDate.of(2026, 1, 2);

    protected abstract AccountBook book();

    /** The plans the book's accounts name (the subclass stores them where its book reads them). */
    protected abstract PlanCatalog plans();

    /** Opens an account as an import or a billing system would. */
    protected abstract void open(Account account, ZoneId zone);

    /** Puts an event in the account's inbox, as the payment-events function would. */
    protected abstract void deliver(String accountId, AccountBook.Inbound entry);

    protected abstract List<LedgerEntry> ledger(String accountId);

    protected abstract List<Decision> decisions(String accountId);

    /** The keys of the effects committed for the account. */
    protected abstract Set<String> effectKeys(String accountId);

    /** Makes the stored account impossible to evaluate (e.g. an unknown time zone in its profile). */
    protected abstract void corrupt(String accountId);

    /** A plan with a reminder level, a fee level and a write-off level, published as "contract". */
    protected static Plan plan() {
        return new Plan("contract", "Contract", true, Map.of("USD", new BigDecimal("1.00")), 0, Plan.CatchUp.HIGHEST_ONLY,
                List.of(1, 3), List.of(), Plan.Segments.NONE, Map.of(Plan.Path.STANDARD, List.of(
                new Plan.Level("Reminder", 1, 0, Map.of(), false, List.of(new Plan.Action.Email("first-reminder"))),
                new Plan.Level("Fee", 5, 0, Map.of(), false, List.of(new Plan.Action.Fee(new Plan.FeeSpec.Fixed(
                        Map.of("USD", new BigDecimal("2.00"))), Optional.empty()))),
                new Plan.Level("Write Off", 20, 0, Map.of(), false, List.of(new Plan.Action.ChangeStatus(Plan.Status.WRITTEN_OFF)))
        )), "payment-failed");
    }

    protected static Account account(String id, int invoices) {
        List<Invoice> list = new ArrayList<>();
        for (int i = 0; i < invoices; i++) {
            list.add(Invoice.issued(id + "-I" + i, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), new BigDecimal("10.00")));
        }
        return new Account(new Customer(id, "USD", Set.of(), BigDecimal.ZERO, 0), "contract", false, list, BigDecimal.ZERO,
                DunningState.initial(Plan.Status.ACTIVE));
    }

    /** Delivers a USD payment for no invoice in particular to the account, at 10:00 UTC on DAY. */
    private void pay(String accountId, String paymentId, String amount) {
        deliver(accountId, new AccountBook.Inbound(paymentId, Instant.parse("2026-01-02T10:00:00Z"),
                new AccountEvent.PaymentReceived(paymentId, new BigDecimal(amount), "USD", Optional.empty())));
    }

    private DayResult day(AccountBook.Loaded loaded, LocalDate day) {
        return AccountDay.run(loaded.account(), day, loaded.inbox().stream().map(AccountBook.Inbound::event).toList(), plans());
    }

    @Test
    void an_unknown_account_is_not_in_the_book() {
        assertEquals(Optional.empty(), book().load("nobody"));
    }

    @Test
    void a_committed_day_loads_back_as_it_was_committed() {
        open(account("C1", 2), ZoneId.of("America/Los_Angeles"));
        AccountBook.Loaded loaded = book().load("C1").orElseThrow();
        assertEquals(ZoneId.of("America/Los_Angeles"), loaded.zone());
        DayResult day = day(loaded, DAY);
        assertTrue(day.changed());
        book().commit(loaded, day);

        AccountBook.Loaded again = book().load("C1").orElseThrow();
        assertEquals(day.after(), again.account(), "state and invoices round-trip");
        assertTrue(again.version() > loaded.version());
        assertEquals(Set.of("C1#1#Reminder#0"), effectKeys("C1"));
        assertEquals(1, decisions("C1").size());
        assertEquals(day.decision(), decisions("C1").get(0));
    }

    @Test
    void a_commit_on_a_version_someone_else_moved_on_is_a_conflict_and_writes_nothing() {
        open(account("C2", 1), ZoneId.of("UTC"));
        AccountBook.Loaded first = book().load("C2").orElseThrow();
        AccountBook.Loaded second = book().load("C2").orElseThrow();
        book().commit(first, day(first, DAY));
        assertThrows(AccountBook.Conflict.class, () -> book().commit(second, day(second, DAY)));
        assertEquals(1, decisions("C2").size());
        assertEquals(Set.of("C2#1#Reminder#0"), effectKeys("C2"));
    }

    @Test
    void an_event_delivered_after_the_load_makes_the_commit_conflict_and_waits_for_the_next_day() {
        open(account("C3", 1), ZoneId.of("UTC"));
        AccountBook.Loaded loaded = book().load("C3").orElseThrow();
        pay("C3", "pay-1", "10.00");
        assertThrows(AccountBook.Conflict.class, () -> book().commit(loaded, day(loaded, DAY)));

        AccountBook.Loaded again = book().load("C3").orElseThrow();
        assertEquals(1, again.inbox().size());
        book().commit(again, day(again, DAY));
        AccountBook.Loaded after = book().load("C3").orElseThrow();
        assertEquals(List.of(), after.inbox(), "the inbox entry is consumed by the commit that applied it");
        assertEquals(Invoice.Status.PAID, after.account().invoices().get(0).status());
        assertTrue(ledger("C3").stream().anyMatch(l -> l.kind() == LedgerEntry.Kind.PAYMENT), "the payment is booked");
    }

    @Test
    void a_day_too_big_for_one_transaction_is_committed_whole_and_once() {
        open(account("C4", 120), ZoneId.of("UTC"));
        AccountBook.Loaded loaded = book().load("C4").orElseThrow();
        pay("C4", "pay-all", "1500.00");
        loaded = book().load("C4").orElseThrow();
        DayResult day = day(loaded, DAY);
        book().commit(loaded, day);

        AccountBook.Loaded after = book().load("C4").orElseThrow();
        assertTrue(after.account().invoices().stream().allMatch(i -> i.status() == Invoice.Status.PAID), "every invoice is paid");
        assertEquals(0, new BigDecimal("300.00").compareTo(after.account().state().credit()), "the rest is kept as credit");
        assertEquals(day.after(), after.account());
        assertEquals(121, ledger("C4").size(), "120 payments and one credit, each booked once");
        assertEquals(List.of(), after.inbox());
    }

    @Test
    void a_write_off_is_booked_once_with_its_amount_and_reason() {
        open(account("C5", 3), ZoneId.of("UTC"));
        AccountBook.Loaded loaded = book().load("C5").orElseThrow();
        book().commit(loaded, day(loaded, LocalDate.of(2026, 1, 25)));
        List<LedgerEntry> writeOffs = ledger("C5").stream().filter(l -> l.kind() == LedgerEntry.Kind.WRITE_OFF).toList();
        assertEquals(3, writeOffs.size());
        assertEquals(0, new BigDecimal("-30.00").compareTo(writeOffs.stream().map(LedgerEntry::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add)));
        assertTrue(writeOffs.get(0).cause().contains("Write Off"), writeOffs.get(0).cause());
        AccountBook.Loaded after = book().load("C5").orElseThrow();
        assertEquals(Plan.Status.WRITTEN_OFF, after.account().state().status());
        assertTrue(after.account().invoices().stream().allMatch(i -> i.status() == Invoice.Status.WRITTEN_OFF));
    }

    @Test
    void unusable_stored_data_says_why() {
        open(account("C6", 1), ZoneId.of("UTC"));
        corrupt("C6");
        AccountBook.Unusable e = assertThrows(AccountBook.Unusable.class, () -> book().load("C6"));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    /** The effects a commit recorded carry the decision's context. */
    protected static boolean isLevelEffect(Effect e) {
        return e.level().isPresent();
    }
}
