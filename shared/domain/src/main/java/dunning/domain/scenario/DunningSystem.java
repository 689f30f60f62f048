package dunning.domain.scenario;

import dunning.domain.engine.Decision;
import dunning.domain.engine.Effect;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What runs a scenario: the day protocol in memory, or the real handlers on the local cloud. The
 * runner compares the effects either carried out with the scenario's expectations.
 */
public interface DunningSystem {
    /** Loads the scenario's plans, terms, accounts and invoices. */
    void load(Scenario scenario);

    /** One day: that day's events in file order, retries and reminders, installment checks, evaluation. */
    List<Effect> runDay(LocalDate day, List<Scenario.Event> events);

    String status(String account);

    /** Open invoices plus unbilled fees (FORMAT.md). */
    BigDecimal balance(String account);

    /** Money held for the account apart from its balance: overpayments, payments before their invoice. */
    BigDecimal credit(String account);

    /** The decision records written for the account (one per evaluation that changed something), oldest first. */
    List<Decision> decisions(String account);
}
