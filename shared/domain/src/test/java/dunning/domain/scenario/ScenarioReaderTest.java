package dunning.domain.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.plan.Plan;
import dunning.domain.plan.ReaderProblems;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
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
        assertTrue(r.scenario().isEmpty());
        ReaderProblems.assertReported(List.of("start: not an ISO date", "days: must be at least 1", "arTerms[0].plan: unknown plan nope",
                "accounts[0].timezone: unknown time zone Mars/Base", "accounts[1].currency: unknown currency code XXQ",
                "invoices[0].amount: amount must be a quoted string", "events[0].payment.invoice: invoice I2 belongs to account A2, not A1",
                "events[1].refund.account: unknown field", "events[1].refund.invoice: required field is missing", "expect[0].account: unknown account A9"),
                r.problems());
    }

    @Test
    void every_mistake_planted_in_a_scenario_is_reported_at_its_path_and_nothing_else() throws URISyntaxException {
        Path file = Path.of(ScenarioReaderTest.class.getResource("/broken-scenarios/every-mistake.yaml").toURI());

        ScenarioReader.Result r = new ScenarioReader().read(file);

        assertTrue(r.scenario().isEmpty(), "nothing partial is returned");
        List<String> expected = List.of(
                "days: must be at most 3660, got 4294967297",
                "plans[0].graceDays: must be at most 365, got 2147483648",
                "plans[0].retrySchedule[2]: day 3 is already in the schedule",
                "plans[0].paths.STANDARD[0].days: must be at most 3650, got 4294967297",
                "plans[0].paths.STANDARD[1].actions[0].fee.fixed.USD: more decimals than USD has (2): 5.005",
                "plans[0].paths.STANDARD[1].actions[1].fee.percent: a percentage is at most 100, got 500",
                "plans[1].paths.STANDARD[0].actions[0].fee.fixed: fixed fee has no amount in BHD, the currency of account B2",
                "arTerms[1].netDays: must be at most 3650, got 3651",
                "accounts[0].collectionsCases: must be at most 100000, got 100001",
                "accounts[0].annualRevenue: more decimals than USD has (2): 5.005",
                "invoices[1].amount: more than 15 digits before the decimal point: 1E+999999999",
                "invoices[3].amount: more decimals than BHD has (3): 1.2345",
                "events[0].payment.amount: must be more than 0, got 0",
                "events[1].payment.amount: more decimals than JPY has (0): 5.5",
                "events[2].creditNote.amount: more decimals than BHD has (3): 1.2345",
                "events[3].refund.amount: must be more than 0, got -5.00",
                "events[4].void.invoice: unknown invoice I9",
                "events[5].void.reason: unknown field (expected one of invoice)",
                "events[6].paymentPlan.invoices[1]: invoice I1 is listed twice",
                "events[6].paymentPlan.invoices[2]: invoice J1-1 belongs to account J1, not A1",
                "events[6].paymentPlan.installments: must be at most 60, got 61",
                "events[6].paymentPlan.everyDays: must be at most 366, got 4294967297",
                "events[7].publishPlan.plan.id: unknown plan ghost: a publish makes a new version of a plan under plans",
                "events[8].publishPlan.plan.graceDays: must be at most 365, got 366",
                "events[8].publishPlan.applyToOpenEpisodes: expected true or false, got \"maybe\"",
                "events[9].publishPlan.plan.paths.STANDARD[0].actions[0].fee.fixed: fixed fee has no amount in BHD, the currency of account B1",
                "expect[0].fee: more decimals than USD has (2): 5.005",
                "final[0].balance: more decimals than USD has (2): 10.001",
                "final[0].credit: amount must not be negative, got -1.00",
                "final[1].colour: unknown field (expected one of account, status, balance, credit)",
                "final[1].credit: more decimals than JPY has (0): 0.5");
        ReaderProblems.assertExactly(file, expected, r.problems());
    }

    @Test
    void the_new_events_and_the_final_credit_read_into_their_records(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("events.yaml");
        Files.writeString(file, String.join("\n",
                "start: 2026-01-01",
                "days: 30",
                "plans:",
                "  - { id: p, paths: { STANDARD: [ { name: L1, days: 1, actions: [ { email: { template: first-reminder } } ] } ] } }",
                "arTerms: [ { id: t, netDays: 0, plan: p } ]",
                "accounts: [ { id: A1, currency: USD, arTerm: t }, { id: J1, currency: JPY, arTerm: t } ]",
                "invoices:",
                "  - { id: I1, account: A1, issued: 2026-01-01, amount: \"100.00\" }",
                "  - { id: I2, account: A1, issued: 2026-01-01, amount: \"50.00\" }",
                "  - { id: J1-1, account: J1, issued: 2026-01-01, amount: \"1852\" }",
                "events:",
                "  - { day: 2026-01-03, void: { invoice: I2 } }",
                "  - { day: 2026-01-04, creditNote: { invoice: I1, amount: \"10.00\" } }",
                "  - { day: 2026-01-05, refund: { invoice: J1-1, amount: \"1852.00\" } }",
                "  - day: 2026-01-06",
                "    publishPlan:",
                "      plan: { id: p, graceDays: 3, paths: { STANDARD: [ { name: L1, days: 2, actions: [ { email: { template: own-notice } } ] } ] } }",
                "  - day: 2026-01-07",
                "    publishPlan:",
                "      applyToOpenEpisodes: true",
                "      plan: { id: p, paths: { STANDARD: [ { name: L1, days: 2, actions: [ { email: { template: first-reminder } } ] } ] } }",
                "final:",
                "  - { account: A1, balance: \"90.00\", credit: \"10.00\" }",
                "  - { account: J1, status: ACTIVE }",
                ""));

        ScenarioReader.Result r = new ScenarioReader().read(file);

        assertEquals(List.of(), r.problems());
        Scenario s = r.scenario().orElseThrow();
        List<Scenario.Event> events = s.events();
        assertEquals(new Scenario.Event.Void(LocalDate.parse("2026-01-03"), "I2"), events.get(0));
        assertEquals(new Scenario.Event.CreditNote(LocalDate.parse("2026-01-04"), "I1", new BigDecimal("10.00")), events.get(1));
        assertEquals(new Scenario.Event.Refund(LocalDate.parse("2026-01-05"), "J1-1", new BigDecimal("1852.00")), events.get(2));
        Scenario.Event.PublishPlan later = (Scenario.Event.PublishPlan) events.get(3);
        assertEquals(LocalDate.parse("2026-01-06"), later.day());
        assertFalse(later.applyToOpenEpisodes(), "applyToOpenEpisodes defaults to false");
        assertEquals("p", later.plan().id());
        assertEquals(1, later.plan().version(), "the reader leaves numbering versions to the publish");
        assertEquals(3, later.plan().graceDays());
        assertEquals(new Plan.Action.Email("own-notice"), later.plan().levels(Plan.Path.STANDARD).get(0).actions().get(0));
        Scenario.Event.PublishPlan now = (Scenario.Event.PublishPlan) events.get(4);
        assertTrue(now.applyToOpenEpisodes());
        assertEquals(0, now.plan().graceDays());
        assertEquals(List.of(
                new Scenario.FinalLine("A1", Optional.empty(), Optional.of(new BigDecimal("90.00")), Optional.of(new BigDecimal("10.00"))),
                new Scenario.FinalLine("J1", Optional.of("ACTIVE"), Optional.empty(), Optional.empty())), s.finalLines());
    }
}
