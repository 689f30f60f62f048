package dunning.aws.dynamodb;

import dunning.local.junit.ClassCloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.store.Awaited;
import dunning.aws.store.ParkedEvents;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Parked events, filed by what they wait for, on a table provisioned from template.yaml. */
class DynamoParkedEventsTest {
    @RegisterExtension
    static final ClassCloud cloud = new ClassCloud();

    @Test
    void a_parked_event_is_found_by_what_it_waits_for_keeps_its_first_time_and_leaves_the_sweep_when_reported() {
        DynamoTable table = new DynamoTable(cloud.clients().dynamoDb(), cloud.newTable());
        DynamoParkedEvents parked = new DynamoParkedEvents(table);
        DynamoAccountDirectory directory = new DynamoAccountDirectory(table);
        Instant t0 = Instant.parse("2026-01-05T10:00:00Z");

        parked.park("Succeeded:pay-1", new Awaited.Account("A1"), "unknown account A1", "{\"body\":1}", t0);
        parked.park("Voided:void-1", new Awaited.Invoice("A1", "INV-9"), "unknown invoice INV-9", "{\"body\":2}", t0);
        parked.park("stripe:evt_1", new Awaited.Customer("stripe", "cus_X"), "no account has stripe id cus_X", "{\"body\":3}", t0);
        ParkedEvents.Parked again = parked.park("Succeeded:pay-1", new Awaited.Account("A1"), "unknown account A1", "{\"body\":1}",
                t0.plusSeconds(3600));

        assertEquals(t0, again.since(), "parked first at t0");
        assertEquals(2, again.attempts());
        assertEquals(List.of("Succeeded:pay-1", "Voided:void-1"),
                parked.waitingFor(new Awaited.Account("A1")).stream().map(ParkedEvents.Parked::key).sorted().toList(),
                "an account's arrival finds every event parked in its collection");
        assertEquals(List.of("Voided:void-1"), parked.waitingFor(new Awaited.Invoice("A1", "INV-9")).stream()
                .map(ParkedEvents.Parked::key).toList(), "an invoice's only those waiting for it");
        assertEquals(List.of("{\"body\":3}"), parked.waitingFor(new Awaited.Customer("stripe", "cus_X")).stream()
                .map(ParkedEvents.Parked::body).toList());
        assertEquals(3, directory.parkedEvents().size(), "the hourly sweep sees all three");

        parked.report(again, t0.plusSeconds(86_400));
        assertEquals(2, directory.parkedEvents().size(), "a reported one leaves the sweep");
        ParkedEvents.Parked reported = parked.find(parked.refOf(again)).orElseThrow();
        assertTrue(reported.reported());
        assertTrue(parked.park("Succeeded:pay-1", new Awaited.Account("A1"), "still", "{\"body\":1}", t0.plusSeconds(90_000)).reported(),
                "parked again, it stays reported");
        assertEquals(2, directory.parkedEvents().size());

        parked.resolved(reported);
        assertEquals(Optional.empty(), parked.find(parked.refOf(reported)));
        assertEquals(List.of("Voided:void-1"), parked.waitingFor(new Awaited.Account("A1")).stream().map(ParkedEvents.Parked::key).toList());
    }
}
