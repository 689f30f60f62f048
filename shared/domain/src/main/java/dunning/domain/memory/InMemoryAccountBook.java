package dunning.domain.memory;

import dunning.domain.account.Account;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.DayResult;
import dunning.domain.engine.Decision;
import dunning.domain.engine.Effect;
import dunning.domain.port.AccountBook;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account book in memory: the scenario runner's, and the reference the DynamoDB book is held
 * to by the contract tests. It refuses an effect key it has seen before, so a test that commits an
 * effect twice fails loudly.
 */
public final class InMemoryAccountBook implements AccountBook {
    private static final class Stored {
        Account account;
        final ZoneId zone;
        long version;
        final List<Inbound> inbox = new ArrayList<>();
        final List<LedgerEntry> ledger = new ArrayList<>();
        final List<Decision> decisions = new ArrayList<>();
        Optional<String> problem = Optional.empty();
        Optional<String> setAside = Optional.empty();

        Stored(Account account, ZoneId zone) {
            this.account = account;
            this.zone = zone;
        }
    }

    private final Map<String, Stored> accounts = new LinkedHashMap<>();
    private final Map<String, Effect> effects = new LinkedHashMap<>();

    /** Opens (or replaces) an account, as an import or a billing system's upsert would. */
    public synchronized void open(Account account, ZoneId zone) {
        accounts.put(account.id(), new Stored(account, zone));
    }

    /** Marks the account's data as unusable (what a stored profile with an unknown time zone is to the DynamoDB book). */
    public synchronized void corrupt(String accountId, String problem) {
        stored(accountId).problem = Optional.of(problem);
    }

    /** An event for the account's next evaluation, after the ones already waiting. */
    public synchronized void deliver(String accountId, String eventId, Instant occurredAt, dunning.domain.engine.AccountEvent event) {
        Stored s = stored(accountId);
        if (s.inbox.stream().noneMatch(i -> i.id().equals(eventId))) {
            s.inbox.add(new Inbound(eventId, occurredAt, event));
            s.version++;
        }
    }

    @Override
    public synchronized Optional<Loaded> load(String accountId) {
        Stored s = accounts.get(accountId);
        if (s == null) {
            return Optional.empty();
        }
        if (s.problem.isPresent()) {
            throw new Unusable(s.problem.get());
        }
        return Optional.of(new Loaded(s.account, s.zone, s.version, s.inbox, List.of(), List.of()));
    }

    @Override
    public synchronized void commit(Loaded loaded, DayResult day) {
        Stored s = stored(loaded.account().id());
        if (s.version != loaded.version()) {
            throw new Conflict("account " + loaded.account().id() + " is at version " + s.version + ", loaded " + loaded.version());
        }
        for (Effect e : day.effects()) {
            if (effects.containsKey(e.key())) {
                throw new IllegalStateException("effect " + e.key() + " committed twice");
            }
        }
        day.effects().forEach(e -> effects.put(e.key(), e));
        for (LedgerEntry entry : day.ledger()) {
            if (s.ledger.stream().noneMatch(l -> l.key().equals(entry.key()))) {
                s.ledger.add(entry);
            }
        }
        if (day.changed()) {
            s.decisions.add(day.decision());
        }
        s.inbox.removeAll(loaded.inbox());
        s.account = day.after();
        s.version++;
    }

    @Override
    public synchronized void problem(String accountId, Optional<String> reason) {
        stored(accountId).setAside = reason;
    }

    public synchronized Account account(String accountId) {
        return stored(accountId).account;
    }

    public synchronized long version(String accountId) {
        return stored(accountId).version;
    }

    public synchronized List<LedgerEntry> ledger(String accountId) {
        return List.copyOf(stored(accountId).ledger);
    }

    /** The decisions written for the account (one per evaluation that changed something), oldest first. */
    public synchronized List<Decision> decisions(String accountId) {
        Stored s = accounts.get(accountId);
        return s == null ? List.of() : List.copyOf(s.decisions);
    }

    public synchronized Optional<String> setAside(String accountId) {
        return stored(accountId).setAside;
    }

    /** Every effect committed, in order. */
    public synchronized List<Effect> effects() {
        return List.copyOf(effects.values());
    }

    private Stored stored(String accountId) {
        Stored s = accounts.get(accountId);
        if (s == null) {
            throw new IllegalArgumentException("unknown account " + accountId);
        }
        return s;
    }
}
