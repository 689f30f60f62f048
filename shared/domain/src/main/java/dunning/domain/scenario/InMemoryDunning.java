package dunning.domain.scenario;

import dunning.domain.engine.AccountState;
import dunning.domain.engine.CarriedOut;
import dunning.domain.engine.DunningEngine;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pure engine over a portfolio held in memory: the reference every other system must match. */
public final class InMemoryDunning implements DunningSystem {
    private final DunningEngine engine = new DunningEngine();
    private final Map<String, AccountState> accounts = new LinkedHashMap<>();
    private final Map<String, AccountState> accountOfInvoice = new HashMap<>();

    @Override
    public void load(Scenario scenario) {
        Map<String, Plan> plans = new HashMap<>();
        scenario.plans().forEach(p -> plans.put(p.id(), p));
        Map<String, Scenario.ArTerm> terms = new HashMap<>();
        scenario.arTerms().forEach(t -> terms.put(t.id(), t));
        for (Scenario.Account a : scenario.accounts()) {
            Plan plan = plans.get(terms.get(a.arTerm()).plan());
            accounts.put(a.id(), new AccountState(a.id(), a.currency(), a.tags(), a.annualRevenue(), a.collectionsCases(),
                    a.exempt(), plan));
        }
        for (Scenario.Invoice inv : scenario.invoices()) {
            AccountState a = accounts.get(inv.account());
            a.invoices.add(new AccountState.InvoiceState(inv.id(), inv.issued(), inv.due(), inv.amount()));
            accountOfInvoice.put(inv.id(), a);
        }
    }

    @Override
    public List<CarriedOut> runDay(LocalDate day, List<Scenario.Event> events) {
        List<CarriedOut> out = new ArrayList<>();
        for (Scenario.Event event : events) {
            apply(event, out);
        }
        accounts.values().forEach(a -> engine.retriesAndReminders(a, day, out::add));
        accounts.values().forEach(a -> engine.installmentChecks(a, day));
        accounts.values().forEach(a -> engine.evaluate(a, day, out::add));
        return out;
    }

    private void apply(Scenario.Event event, List<CarriedOut> out) {
        LocalDate day = event.day();
        if (event instanceof Scenario.Event.Payment p) {
            engine.pay(accounts.get(p.account()), day, p.amount(), p.invoice());
        } else if (event instanceof Scenario.Event.PaymentFailed f) {
            engine.paymentFailed(accounts.get(f.account()), day, f.invoice(), f.declineCode(), out::add);
        } else if (event instanceof Scenario.Event.PaymentPlan p) {
            engine.paymentPlan(accounts.get(p.account()), day, p.invoices(), p.installments(), p.everyDays());
        } else if (event instanceof Scenario.Event.Dispute d) {
            engine.dispute(accountOfInvoice.get(d.invoice()), day, d.invoice(), d.open());
        } else if (event instanceof Scenario.Event.Approve ap) {
            engine.approve(accounts.get(ap.account()), day, ap.level(), out::add);
        } else if (event instanceof Scenario.Event.Exempt ex) {
            engine.exempt(accounts.get(ex.account()), day, ex.value());
        }
    }

    @Override
    public String status(String account) {
        return accounts.get(account).status.name();
    }

    @Override
    public BigDecimal balance(String account) {
        return accounts.get(account).balance();
    }

    @Override
    public List<String> decisions(String account, LocalDate day) {
        AccountState a = accounts.get(account);
        return a == null ? List.of() : List.copyOf(a.decisions.getOrDefault(day, List.of()));
    }

    /** The account's state, for tests and the explain command. */
    public AccountState account(String id) {
        return accounts.get(id);
    }
}
