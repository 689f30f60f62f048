package dunning.domain.port;

import dunning.domain.account.Account;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.Decision;
import dunning.domain.engine.Effect;
import dunning.domain.memory.InMemoryAccountBook;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;

/** The account book contract on the in-memory book. */
class InMemoryAccountBookTest extends AccountBookContract {
    private InMemoryAccountBook book;
    private InMemoryPlanCatalog plans;

    @BeforeEach
    void fresh() {
        book = new InMemoryAccountBook();
        plans = new InMemoryPlanCatalog();
        plans.publish(plan(), false);
    }

    @Override
    protected AccountBook book() {
        return book;
    }

    @Override
    protected PlanCatalog plans() {
        return plans;
    }

    @Override
    protected void open(Account account, ZoneId zone) {
        book.open(account, zone);
    }

    @Override
    protected void deliver(String accountId, AccountBook.Inbound entry) {
        book.deliver(accountId, entry.id(), entry.occurredAt(), entry.event());
    }

    @Override
    protected List<LedgerEntry> ledger(String accountId) {
        return book.ledger(accountId);
    }

    @Override
    protected List<Decision> decisions(String accountId) {
        return book.decisions(accountId);
    }

    @Override
    protected Set<String> effectKeys(String accountId) {
        return book.effects().stream().filter(e -> e.context().account().equals(accountId)).map(Effect::key)
                .collect(Collectors.toSet());
    }

    @Override
    protected void corrupt(String accountId) {
        book.corrupt(accountId, "the profile's time zone Mars/Olympus is not a time zone");
    }
}
