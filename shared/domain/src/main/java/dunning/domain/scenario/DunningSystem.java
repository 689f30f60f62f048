package dunning.domain.scenario;

import dunning.domain.engine.CarriedOut;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What runs a scenario: the pure engine in memory, or (one day) the real handlers on the local
 * cloud. The runner compares what either carried out with the scenario's expectations.
 */
public interface DunningSystem {
    /** Loads the scenario's plans, terms, accounts and invoices. */
    void load(Scenario scenario);

    /** One day: that day's events in file order, retries and reminders, installment checks, evaluation. */
    List<CarriedOut> runDay(LocalDate day, List<Scenario.Event> events);

    String status(String account);

    BigDecimal balance(String account);

    /** The decision records of an account on a day, for explain. */
    List<String> decisions(String account, LocalDate day);
}
