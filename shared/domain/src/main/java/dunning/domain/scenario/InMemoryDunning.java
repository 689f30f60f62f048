package dunning.domain.scenario;

import dunning.domain.account.Account;
import dunning.domain.account.Customer;
import dunning.domain.account.DunningState;
import dunning.domain.account.Invoice;
import dunning.domain.engine.AccountEvent;
import dunning.domain.engine.Decision;
import dunning.domain.engine.Effect;
import dunning.domain.engine.Evaluation;
import dunning.domain.memory.InMemoryAccountBook;
import dunning.domain.memory.RecordingDispatcher;
import dunning.domain.plan.Plan;
import dunning.domain.port.InMemoryPlanCatalog;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scenario in memory, the reference every other system must match: its events go into the
 * accounts' inboxes as the payment and billing systems would send them, and each day every account
 * is evaluated through the same {@link Evaluation} and account day as the deployed function, on an
 * in-memory account book.
 */
public final class InMemoryDunning implements DunningSystem {
    private final InMemoryPlanCatalog plans = new InMemoryPlanCatalog();
    private final InMemoryAccountBook book = new InMemoryAccountBook();
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();
    private final Evaluation evaluation = new Evaluation(book, plans, dispatcher, Clock.systemUTC());
    private final Map<String, Scenario.Account> accounts = new LinkedHashMap<>();
    private final Map<String, String> accountOfInvoice = new HashMap<>();
    private final Map<String, List<Decision>> everyDecision = new HashMap<>();
    private int events;

    @Override
    public void load(Scenario scenario) {
        scenario.plans().forEach(p -> plans.publish(p, false));
        Map<String, Scenario.ArTerm> terms = new HashMap<>();
        scenario.arTerms().forEach(t -> terms.put(t.id(), t));
        Map<String, List<Invoice>> invoices = new HashMap<>();
        for (Scenario.Invoice inv : scenario.invoices()) {
            invoices.computeIfAbsent(inv.account(), a -> new ArrayList<>())
                    .add(Invoice.issued(inv.id(), inv.issued(), inv.due(), inv.amount()));
            accountOfInvoice.put(inv.id(), inv.account());
        }
        for (Scenario.Account a : scenario.accounts()) {
            accounts.put(a.id(), a);
            Customer customer = new Customer(a.id(), a.currency(), a.tags(), a.annualRevenue(), a.collectionsCases());
            book.open(new Account(customer, terms.get(a.arTerm()).plan(), a.exempt(), invoices.getOrDefault(a.id(), List.of()),
                    BigDecimal.ZERO, DunningState.initial(Plan.Status.ACTIVE)), ZoneId.of(a.timezone()));
        }
    }

    @Override
    public List<Effect> runDay(LocalDate day, List<Scenario.Event> dayEvents) {
        for (Scenario.Event e : dayEvents) {
            if (e instanceof Scenario.Event.PublishPlan p) {
                plans.publish(p.plan(), p.applyToOpenEpisodes());
            } else {
                String id = "scenario-" + (++events);
                book.deliver(accountOf(e), id, day.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC), toAccountEvent(e, id));
            }
        }
        for (String account : accounts.keySet()) {
            evaluation.evaluate(account, Optional.of(day)).day()
                    .ifPresent(d -> everyDecision.computeIfAbsent(account, a -> new ArrayList<>()).add(d.decision()));
        }
        return dispatcher.drain();
    }

    private String accountOf(Scenario.Event e) {
        if (e instanceof Scenario.Event.Payment p) {
            return p.account();
        } else if (e instanceof Scenario.Event.PaymentFailed f) {
            return f.account();
        } else if (e instanceof Scenario.Event.PaymentPlan p) {
            return p.account();
        } else if (e instanceof Scenario.Event.Approve a) {
            return a.account();
        } else if (e instanceof Scenario.Event.Exempt x) {
            return x.account();
        } else if (e instanceof Scenario.Event.Dispute d) {
            return accountOfInvoice.get(d.invoice());
        } else if (e instanceof Scenario.Event.Void v) {
            return accountOfInvoice.get(v.invoice());
        } else if (e instanceof Scenario.Event.CreditNote c) {
            return accountOfInvoice.get(c.invoice());
        } else {
            return accountOfInvoice.get(((Scenario.Event.Refund) e).invoice());
        }
    }

    /** The scenario's event as the account's inbox holds it; amounts are in the account's currency. */
    private AccountEvent toAccountEvent(Scenario.Event e, String id) {
        String currency = accounts.get(accountOf(e)).currency();
        if (e instanceof Scenario.Event.Payment p) {
            return new AccountEvent.PaymentReceived(id, p.amount(), currency, p.invoice());
        } else if (e instanceof Scenario.Event.PaymentFailed f) {
            return new AccountEvent.PaymentFailed(id, f.invoice(), f.declineCode(), false);
        } else if (e instanceof Scenario.Event.PaymentPlan p) {
            return new AccountEvent.PaymentPlanAgreed(id, p.invoices(), p.installments(), p.everyDays());
        } else if (e instanceof Scenario.Event.Approve a) {
            return new AccountEvent.LevelApproved(id, a.level());
        } else if (e instanceof Scenario.Event.Exempt x) {
            return new AccountEvent.ExemptionChanged(id, x.value());
        } else if (e instanceof Scenario.Event.Dispute d) {
            return new AccountEvent.DisputeChanged(id, d.invoice(), d.open());
        } else if (e instanceof Scenario.Event.Void v) {
            return new AccountEvent.InvoiceVoided(id, v.invoice());
        } else if (e instanceof Scenario.Event.CreditNote c) {
            return new AccountEvent.CreditNoteIssued(id, c.invoice(), c.amount(), currency);
        } else {
            Scenario.Event.Refund r = (Scenario.Event.Refund) e;
            return new AccountEvent.PaymentRefunded(id, r.invoice(), r.amount(), currency);
        }
    }

    @Override
    public String status(String account) {
        return book.account(account).state().status().name();
    }

    @Override
    public BigDecimal balance(String account) {
        return book.account(account).balance();
    }

    @Override
    public BigDecimal credit(String account) {
        return book.account(account).state().held();
    }

    /**
     * Every day's decision of the account, those that changed nothing too: a scenario can ask why
     * nothing happened on a day. (The book, like the deployed table, keeps only those that changed something.)
     */
    @Override
    public List<Decision> decisions(String account) {
        return List.copyOf(everyDecision.getOrDefault(account, List.of()));
    }

    /** The book behind the run, for tests and explain. */
    public InMemoryAccountBook book() {
        return book;
    }
}
