package dunning.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.engine.Decision;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a decision record weighs in the table: typical, with a long path, and a day of thousands of events (kept under its bound). */
class DecisionRecordSizeTest {
    static Decision decision(int levels, int events, int nameLength) {
        List<Decision.LevelResult> results = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            String name = ("Level " + i + " ").repeat(nameLength).substring(0, nameLength);
            results.add(new Decision.LevelResult(name, Decision.Outcome.NOT_REACHED,
                    "reached at " + (i * 10) + " days, the account is 12 days overdue"));
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            lines.add("payment pay-" + i + " of 12.34 USD (oldest first) applied");
        }
        return new Decision("ACC-00042", LocalDate.of(2026, 1, 12), lines, Optional.of(new Decision.Inputs(12, new BigDecimal("1234.50"),
                "USD", new BigDecimal("10.00"), 3, Optional.of(Plan.Path.STANDARD), "consumer", 7, Optional.of(2))), results,
                List.of("episode 2 opens on path STANDARD with plan consumer v7"));
    }

    @Test
    void a_decision_record_is_a_few_hundred_bytes_and_never_passes_its_bound() {
        long typical = Items.size(HistoryCodec.decisionItem(decision(5, 1, 14), 12));
        long longPath = Items.size(HistoryCodec.decisionItem(decision(100, 3, 40), 12));
        Decision flood = decision(5, 20_000, 14);
        var floodItem = HistoryCodec.decisionItem(flood, 12);
        long floodSize = Items.size(floodItem);
        System.out.printf("decision record bytes: typical (5 levels, 1 event) %d; 100 levels of 40-character names %d;"
                + " 20,000 events in one evaluation %d (bound %d)%n", typical, longPath, floodSize, HistoryCodec.MAX_DECISION_BYTES);

        assertTrue(typical < 1024, "typical: " + typical);
        assertTrue(floodSize <= HistoryCodec.MAX_DECISION_BYTES, "flood: " + floodSize);
        Decision back = HistoryCodec.decision(floodItem);
        assertEquals(flood.levels(), back.levels(), "the levels and their reasons are all kept");
        assertEquals(flood.events().get(0), back.events().get(0));
        String last = back.events().get(back.events().size() - 1);
        assertEquals((20_000 - (back.events().size() - 1)) + " more event lines of this evaluation were left out to keep its record under 256 KB",
                last);
        assertEquals(decision(5, 1, 14), HistoryCodec.decision(HistoryCodec.decisionItem(decision(5, 1, 14), 12)), "below the bound: whole");
    }
}
