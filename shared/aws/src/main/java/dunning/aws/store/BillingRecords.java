package dunning.aws.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Port: the accounts and invoices a billing system owns, written the same way whichever way they
 * come in (Account Upserted and Invoice Issued on EventBridge, Stripe's customers and invoices, the
 * onboarding import). A plain Java API: no Lambda, no JSON. Every write bumps the account's version,
 * so an evaluation running at the same time re-reads and redoes its day.
 *
 * <p>A bad record is a {@link dunning.aws.json.BadMessageException} naming why, and nothing of it is
 * written; an invoice for an account the stack does not have yet is a {@link NotKnownYetException}.
 */
public interface BillingRecords {
    /**
     * The fields of an account's profile its billing system owns. Dunning's own (the status it keeps,
     * its order) are never touched by an upsert; a new account starts ACTIVE.
     *
     * @param currency    empty only until the account's first invoice (a new Stripe customer has none); once set it never changes
     * @param externalIds the account's ids in other systems, e.g. {@code stripe → cus_…}: events of those systems name it by them
     */
    record Profile(String accountId, String name, Optional<String> email, String locale, String timeZone,
                   Optional<String> currency, String arTerm, Optional<String> billGroup, List<String> tags,
                   BigDecimal annualRevenue, boolean exempt, int collectionsCases, List<Recurring> recurring,
                   Map<String, String> externalIds) {
        public Profile {
            tags = List.copyOf(tags);
            recurring = List.copyOf(recurring);
            externalIds = Map.copyOf(externalIds);
        }
    }

    /** A charge billed on every bill date by the stack's own bill run. */
    record Recurring(String description, BigDecimal amount) {}

    /** A profile as stored, and the {@code updatedAt} of the write that made it (empty for an account seeded without one). */
    record Stored(Profile profile, Optional<Instant> updatedAt) {}

    enum Upserted {
        CREATED,
        UPDATED,
        /** the same content at the same {@code updatedAt}: a redelivery */
        UNCHANGED,
        /** older than what is stored: changes nothing (the latest {@code updatedAt} wins) */
        OLDER
    }

    /** An issued invoice, as its billing system issued it; {@code payLink} is where its customer pays it (Stripe's hosted invoice page). */
    record Invoice(String accountId, String invoiceId, String number, LocalDate issued, LocalDate due, String currency,
                   BigDecimal amount, Optional<String> payLink) {}

    enum Issued {
        ISSUED,
        /** issued before with the same content: a redelivery, a second import */
        ALREADY_ISSUED
    }

    Optional<Stored> profile(String accountId);

    /**
     * Writes the profile {@code change} makes of the stored one (empty for a new account), as of
     * {@code updatedAt}, unless a write with a later {@code updatedAt} is stored (OLDER). The change
     * sees what is stored, so a source that owns only some fields (Stripe's customer) keeps the others.
     * The same {@code updatedAt} with other content is refused; so is a change of currency, and an
     * external id another account holds.
     */
    Upserted upsert(String accountId, Instant updatedAt, Function<Optional<Profile>, Profile> change);

    /** The whole profile, as a billing system of its own (or an import row) states it. */
    default Upserted upsert(Profile profile, Instant updatedAt) {
        return upsert(profile.accountId(), updatedAt, stored -> profile);
    }

    /**
     * Issues the invoice once: its item on the sparse due-date index while it is open, the account's
     * currency set from it if the account has none yet. The same invoice id again with the same
     * content (number, dates, currency, amount) is ALREADY_ISSUED; with other content, or in another
     * currency than the account's, it is refused with the reason. The amount is more than 0.
     *
     * @throws NotKnownYetException when the account does not exist (yet)
     */
    Issued issue(Invoice invoice);

    /** Whether the account has the invoice (in any status). */
    boolean hasInvoice(String accountId, String invoiceId);

    /** Records that a customer of another system is not dunned, by design: its events are acknowledged, never parked. */
    void notDunned(String system, String externalId, Instant updatedAt);
}
