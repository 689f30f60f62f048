package dunning.domain.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioReaderTest {
    @Test
    void every_problem_of_a_scenario_is_reported_and_nothing_runs(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, String.join("\n",
                "name: bad",
                "start: 2026-13-01",
                "days: 0",
                "plans:",
                "  - { id: p, name: P, paths: { STANDARD: [ { name: L, days: 1, actions: [ { email: { template: first-reminder } } ] } ] } }",
                "arTerms: [ { id: t, netDays: 0, plan: nope } ]",
                "accounts:",
                "  - { id: A1, name: A, email: a@x, currency: USD, arTerm: t, timezone: Mars/Base }",
                "  - { id: A2, name: B, email: b@x, currency: XXQ, arTerm: t }",
                "invoices:",
                "  - { id: I1, account: A1, issued: 2026-01-01, amount: 10.00 }",
                "  - { id: I2, account: A2, issued: 2026-01-01, amount: \"5.00\" }",
                "events:",
                "  - { day: 2026-01-02, payment: { account: A1, invoice: I2, amount: \"1.00\" } }",
                "  - { day: 2026-01-02, refund: { account: A1 } }",
                "expect:",
                "  - { day: 2026-01-02, account: A9, email: first-reminder }",
                ""));
        ScenarioReader.Result r = new ScenarioReader().read(file);
        String all = String.join("\n", r.problems());
        assertTrue(r.scenario().isEmpty());
        for (String expected : new String[] {"start: not an ISO date", "days: must be at least 1", "arTerms[0].plan: unknown plan nope",
                "accounts[0].timezone: unknown time zone Mars/Base", "accounts[1].currency: unknown currency code XXQ",
                "invoices[0].amount: amount must be a quoted string", "events[0]: invoice I2 belongs to account A2, not A1",
                "events[1].refund: unknown field", "expect[0].account: unknown account A9"}) {
            assertTrue(all.contains(expected), "missing: " + expected + "\nin:\n" + all);
        }
    }
}
