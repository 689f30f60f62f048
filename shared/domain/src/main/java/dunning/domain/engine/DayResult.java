package dunning.domain.engine;

import dunning.domain.account.Account;
import dunning.domain.account.LedgerEntry;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What one account's day came to: the account after it, the effects to carry out, the money
 * movements to book, and the decision. {@code changed} is false when nothing at all changed: then
 * nothing is written.
 *
 * @param wakeUp the next business date something is due on the account without any outside event
 *               (a retry, an installment, a held payment's invoice): the day it must be looked at again
 */
public record DayResult(Account before, Account after, List<Effect> effects, List<LedgerEntry> ledger, Decision decision,
                        Optional<LocalDate> wakeUp) {
    public DayResult {
        effects = List.copyOf(effects);
        ledger = List.copyOf(ledger);
    }

    public boolean changed() {
        return !effects.isEmpty() || !ledger.isEmpty() || !after.equals(before);
    }
}
