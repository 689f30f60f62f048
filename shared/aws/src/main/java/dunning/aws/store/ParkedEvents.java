package dunning.aws.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: events that arrived before what they name (an account, an invoice, a customer, the invoice
 * behind a payment), kept as they came, filed by what they wait for. They are retried when it
 * arrives, and hourly by the redispatch sweep; one still waiting {@link #REPORT_AFTER} after it was
 * first parked is reported among the problems (and no longer swept: only the arrival of what it
 * waits for still brings it in). Nothing is lost: a parked event is booked the moment it can be.
 */
public interface ParkedEvents {
    /** How long an event may wait before it is reported. */
    Duration REPORT_AFTER = Duration.ofHours(24);

    /** A parked event: its key (unique per event), what it waits for, its message body as it arrived, since when. */
    record Parked(String key, Awaited awaited, String body, String reason, Instant since, int attempts, boolean reported) {}

    /** Where a parked event is kept: what the sweep hands to payment-events to retry. */
    record Ref(String partition, String key) {}

    /**
     * Parks the event, or parks it again: the first {@code since} is kept and the attempts counted.
     * Returns it as stored.
     */
    Parked park(String key, Awaited awaited, String reason, String body, Instant now);

    /** Marks it reported (among the problems, out of the hourly sweep). */
    void report(Parked parked, Instant now);

    /** The events parked for what {@code arrived} names (for an account: every event parked in its collection). */
    List<Parked> waitingFor(Awaited arrived);

    Optional<Parked> find(Ref ref);

    Ref refOf(Parked parked);

    /** Booked at last: it leaves the parking. */
    void resolved(Parked parked);
}
