package dunning.domain.port;

import dunning.domain.account.Account;
import dunning.domain.engine.AccountEvent;
import dunning.domain.engine.DayResult;
import dunning.domain.engine.Effect;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Where accounts are kept between days (DESIGN §4): one load gives everything an account's day
 * needs, and one commit writes the day's result, only if nobody wrote the account since the load.
 */
public interface AccountBook {

    /** An event waiting in the account's inbox, in the order it happened. */
    record Inbound(String id, Instant occurredAt, AccountEvent event) {}

    /**
     * An account as loaded: the snapshot, its time zone (business dates are the account's), the
     * version a commit must find, the inbox, and the effects decided earlier that are not known to
     * be carried out: {@code undispatched} have waited long enough that their hand-over was surely
     * lost; {@code inFlight} were handed over only just and are probably on their way (every worker
     * is idempotent on its effect's key, so handing either over again does nothing twice).
     */
    record Loaded(Account account, ZoneId zone, long version, List<Inbound> inbox, List<Effect> undispatched,
                  List<Effect> inFlight) {
        public Loaded {
            inbox = List.copyOf(inbox);
            undispatched = List.copyOf(undispatched);
            inFlight = List.copyOf(inFlight);
        }
    }

    /**
     * The account, or empty when the book has no such account (it is not dunned).
     *
     * @throws Unusable when the stored account can never be evaluated as it stands (an unknown time
     *                  zone, a profile without currency): it is set aside with that reason, nothing loops
     */
    Optional<Loaded> load(String accountId);

    /**
     * Writes the day: the account's new state and invoices, the inbox entries it consumed, one
     * record per effect (each once), the ledger entries and the decision, all or nothing, and
     * only if the account is still at {@code loaded.version()}.
     *
     * @throws Conflict when another writer got there first: load again and redo the day
     */
    void commit(Loaded loaded, DayResult day);

    /** Sets the account aside with the reason it cannot be evaluated (once per reason), or clears it (empty). */
    void problem(String accountId, Optional<String> reason);

    /** Stored data of the account that no evaluation can use until a person or its billing system mends it. */
    final class Unusable extends RuntimeException {
        public Unusable(String reason) {
            super(reason);
        }
    }

    /** Another writer changed the account since it was loaded. */
    final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }
}
