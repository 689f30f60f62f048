package dunning.aws.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Read side of the table the schedules need: bill groups and the sparse due-date index. */
public interface AccountDirectory {
    record Page(List<String> accountIds, Optional<String> next) {}

    /** One page of a bill group's account ids (ByBillGroup); {@code cursor} from the previous page. */
    Page billGroupPage(String billGroup, Optional<String> cursor, int limit);

    /** Distinct ids of accounts with an open invoice due before {@code dueBefore}, all shards. */
    List<String> accountsWithOpenInvoicesDueBefore(LocalDate dueBefore);

    /** Distinct ids of accounts with something due by {@code through} (a retry, an installment, a held payment's invoice). */
    List<String> accountsToWakeThrough(LocalDate through);

    /** Distinct ids of accounts with committed work (an effect or a commit) unfinished since before {@code before}. */
    List<String> accountsWithWorkPendingSince(java.time.Instant before);

    /** The account of an external id (EXTERNAL#&lt;system&gt;#&lt;id&gt;). */
    Optional<String> accountOfExternalId(String system, String externalId);

    /** The parked events the hourly sweep retries: every one not yet reported (WakeUps PARKED#&lt;shard&gt;). */
    default List<ParkedEvents.Ref> parkedEvents() {
        return List.of();
    }

    /** Whether an external id is a customer that is not dunned, by design (its events are acknowledged, never parked). */
    default boolean notDunned(String system, String externalId) {
        return false;
    }
}
