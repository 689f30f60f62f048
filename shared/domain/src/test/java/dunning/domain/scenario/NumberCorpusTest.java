package dunning.domain.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dunning.domain.plan.PlanReader;
import dunning.domain.plan.TemplateNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The numbers the readers accept (docs/semantics.md): each input changes one field of a valid plan or
 * scenario and must yield exactly the one problem given, at its path, or none.
 */
class NumberCorpusTest {
    @TempDir
    Path tmp;

    static final String TOP = "graceDays: 0";
    static final String LEVEL = "days: 1";
    static final String ACTION = "{ email: { template: first-reminder } }";

    static String plan(String top, String level, String action) {
        return "id: p\n" + top + "\npaths: { STANDARD: [ { name: L, " + level + ", actions: [ " + action + " ] } ] }\n";
    }

    static Arguments top(String field, String problem) {
        return Arguments.of(named(field), plan(field, LEVEL, ACTION), problem);
    }

    static Arguments level(String fields, String problem) {
        return Arguments.of(named(fields), plan(TOP, fields, ACTION), problem);
    }

    static Arguments action(String action, String problem) {
        return Arguments.of(named(action), plan(TOP, LEVEL, action), problem);
    }

    /** The input as the test's name: a hundred-thousand-digit amount is cut. */
    static String named(String input) {
        return input.length() <= 100 ? input : input.substring(0, 60) + "… (" + input.length() + " characters)";
    }

    static final String LEVEL_PATH = "paths.STANDARD[0]";
    static final String FEE = LEVEL_PATH + ".actions[0].fee";

    static Stream<Arguments> plans() {
        String twenty = IntStream.rangeClosed(1, 20).mapToObj(String::valueOf).collect(Collectors.joining(", "));
        return Stream.of(
                top("graceDays: 2147483648", "graceDays: must be at most 365, got 2147483648"),
                top("graceDays: 99999999999999999999", "graceDays: must be at most 365, got 99999999999999999999"),
                top("graceDays: -99999999999999999999", "graceDays: must be at least 0, got -99999999999999999999"),
                top("graceDays: 366", "graceDays: must be at most 365, got 366"),
                top("graceDays: -1", "graceDays: must be at least 0, got -1"),
                top("graceDays: 1.5", "graceDays: expected a whole number, got double 1.5"),
                top("graceDays: \"3\"", "graceDays: expected a whole number, got \"3\""),
                top("graceDays: 365", null),
                level("days: 4294967297", LEVEL_PATH + ".days: must be at most 3650, got 4294967297"),
                level("days: 3651", LEVEL_PATH + ".days: must be at most 3650, got 3651"),
                level("days: 3650, waitDays: 3650", null),
                level("days: 0, waitDays: 3651", LEVEL_PATH + ".waitDays: must be at most 3650, got 3651"),
                level("days: 0, waitDays: -1", LEVEL_PATH + ".waitDays: must be at least 0, got -1"),
                top("retrySchedule: [0]", "retrySchedule[0]: must be at least 1, got 0"),
                top("retrySchedule: [366]", "retrySchedule[0]: must be at most 365, got 366"),
                top("retrySchedule: [1, 2, 1]", "retrySchedule[2]: day 1 is already in the schedule"),
                top("retrySchedule: [" + twenty + "]", null),
                top("retrySchedule: [" + twenty + ", 21]", "retrySchedule: at most 20 retries, got 21"),
                top("reminders: [ { daysBeforeDue: 366, template: upcoming-invoice } ]",
                        "reminders[0].daysBeforeDue: must be at most 365, got 366"),
                top("reminders: [ { daysBeforeDue: 0, template: upcoming-invoice }, { daysBeforeDue: 365, template: upcoming-invoice } ]", null),
                top("segments: { HIGH_RISK: { overdueInvoicesAtLeast: 0 } }",
                        "segments.HIGH_RISK.overdueInvoicesAtLeast: must be at least 1, got 0"),
                top("segments: { HIGH_RISK: { collectionsCasesAtLeast: 100001 } }",
                        "segments.HIGH_RISK.collectionsCasesAtLeast: must be at most 100000, got 100001"),
                top("segments: { HIGH_RISK: { overdueInvoicesAtLeast: 1, collectionsCasesAtLeast: 100000 } }", null),
                top("segments: { VIP: { annualRevenueAtLeast: { USD: \"-1\" } } }",
                        "segments.VIP.annualRevenueAtLeast.USD: amount must not be negative, got -1"),
                top("minimumOverdue: { USD: \"0.001\" }", "minimumOverdue.USD: more decimals than USD has (2): 0.001"),
                top("minimumOverdue: { JPY: \"1852.5\" }", "minimumOverdue.JPY: more decimals than JPY has (0): 1852.5"),
                top("minimumOverdue: { BHD: \"1.2345\" }", "minimumOverdue.BHD: more decimals than BHD has (3): 1.2345"),
                top("minimumOverdue: { JPY: \"1852.00\", BHD: \"1.234\", USD: \"100.000\" }", null),
                top("minimumOverdue: { USD: \"0\" }", null),
                top("minimumOverdue: { USD: \"-0.01\" }", "minimumOverdue.USD: amount must not be negative, got -0.01"),
                top("minimumOverdue: { USD: \"999999999999999.99\" }", null),
                top("minimumOverdue: { USD: \"1000000000000000\" }",
                        "minimumOverdue.USD: more than 15 digits before the decimal point: 1000000000000000"),
                top("minimumOverdue: { USD: \"1E+999999999\" }",
                        "minimumOverdue.USD: more than 15 digits before the decimal point: 1E+999999999"),
                top("minimumOverdue: { USD: \"1E+2147483647\" }",
                        "minimumOverdue.USD: more than 15 digits before the decimal point: 1E+2147483647"),
                top("minimumOverdue: { USD: \"1E-999999999\" }", "minimumOverdue.USD: more decimals than USD has (2): 1E-999999999"),
                top("minimumOverdue: { USD: \"1E+99999999999\" }", "minimumOverdue.USD: not a decimal amount: 1E+99999999999"),
                top("minimumOverdue: { USD: \"" + "1".repeat(100_000) + "\" }",
                        "minimumOverdue.USD: not a decimal amount: longer than 64 characters"),
                top("minimumOverdue: { USD: \"NaN\" }", "minimumOverdue.USD: not a decimal amount: NaN"),
                top("minimumOverdue: { USD: 1.00 }", "minimumOverdue.USD: amount must be a quoted string like \"2.00\", got double 1.0"),
                action("{ fee: { fixed: { USD: \"0\" } } }", FEE + ".fixed.USD: must be more than 0, got 0"),
                action("{ fee: { fixed: { USD: \"5.005\" } } }", FEE + ".fixed.USD: more decimals than USD has (2): 5.005"),
                action("{ fee: { fixed: { USD: \"1E+999999999\" } } }",
                        FEE + ".fixed.USD: more than 15 digits before the decimal point: 1E+999999999"),
                action("{ fee: { fixed: { USD: \"0.01\", JPY: \"1\", BHD: \"0.001\" } } }", null),
                action("{ fee: { percent: \"500\" } }", FEE + ".percent: a percentage is at most 100, got 500"),
                action("{ fee: { percent: \"100.0000001\" } }", FEE + ".percent: more decimals than a percentage has (6): 100.0000001"),
                action("{ fee: { percent: \"0\" } }", FEE + ".percent: must be more than 0, got 0"),
                action("{ fee: { percent: \"-1.5\" } }", FEE + ".percent: must be more than 0, got -1.5"),
                action("{ fee: { percent: \"1.1234567\" } }", FEE + ".percent: more decimals than a percentage has (6): 1.1234567"),
                action("{ fee: { percent: \"100\" } }", null),
                action("{ fee: { percent: \"0.000001\" } }", null),
                action("{ fee: { percent: \"1.5\", min: { USD: \"-1\" } } }", FEE + ".min.USD: amount must not be negative, got -1"),
                action("{ fee: { percent: \"1.5\", max: { JPY: \"1.5\" } } }", FEE + ".max.JPY: more decimals than JPY has (0): 1.5"),
                action("{ fee: { percent: \"1.5\", min: { USD: \"0\" }, max: { USD: \"0.00\" } } }", null),
                action("{ fee: { annualInterest: \"101\" } }", FEE + ".annualInterest: a percentage is at most 100, got 101"),
                action("{ fee: { annualInterest: \"0\" } }", FEE + ".annualInterest: must be more than 0, got 0"),
                action("{ fee: { annualInterest: \"100\" } }", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void plan_numbers(String input, String yaml, String problem) {
        List<String> problems = new PlanReader(TemplateNames.defaultCatalog()).readText(yaml, "plan").problems();

        assertEquals(problem == null ? List.of() : List.of("plan: " + problem), problems);
    }

    static final String SCENARIO = String.join("\n",
            "start: $start",
            "days: $days",
            "plans: [ { id: p, paths: { STANDARD: [ { name: L, days: 1, actions: [ { email: { template: notice-1 } } ] } ] } } ]",
            "arTerms: [ { id: t, netDays: $netDays, plan: p } ]",
            "accounts:",
            "  - { id: A1, currency: USD, arTerm: t$account }",
            "  - { id: J1, currency: JPY, arTerm: t }",
            "  - { id: B1, currency: BHD, arTerm: t }",
            "invoices:",
            "  - { id: I1, account: A1, issued: 2026-01-01, amount: $amount }",
            "  - { id: I2, account: A1, issued: 2026-01-01, amount: \"20.00\" }",
            "  - { id: J1-1, account: J1, issued: 2026-01-01, amount: \"1852\" }",
            "  - { id: B1-1, account: B1, issued: 2026-01-01, amount: \"1.234\" }",
            "events: [ $event ]",
            "expect: [ $expect ]",
            "final: [ $final ]",
            "");

    /** The valid scenario with one placeholder set: start, days, netDays, account (fields added to A1), amount, event, expect, final. */
    static String scenario(String placeholder, String value) {
        String s = SCENARIO.replace("$" + placeholder, value);
        for (String[] d : new String[][] {{"start", "2026-01-01"}, {"days", "10"}, {"netDays", "0"}, {"account", ""},
                {"amount", "\"10.00\""}, {"event", ""}, {"expect", ""}, {"final", ""}}) {
            s = s.replace("$" + d[0], d[1]);
        }
        return s;
    }

    static Arguments at(String placeholder, String value, String problem) {
        return Arguments.of(placeholder + ": " + value, scenario(placeholder, value), problem);
    }

    static Arguments event(String event, String problem) {
        return at("event", "{ day: 2026-01-02, " + event + " }", problem);
    }

    static final String PUBLISHED = "paths: { STANDARD: [ { name: L, days: 1, actions: [ { email: { template: notice-2 } } ] } ] }";

    static Stream<Arguments> scenarios() {
        return Stream.of(
                at("days", "4294967297", "days: must be at most 3660, got 4294967297"),
                at("days", "3661", "days: must be at most 3660, got 3661"),
                at("days", "0", "days: must be at least 1, got 0"),
                at("days", "3660", null),
                at("start", "20260-01-01", "start: not an ISO date (YYYY-MM-DD): 20260-01-01"),
                at("start", "+999999999-12-31", "start: not an ISO date (YYYY-MM-DD): +999999999-12-31"),
                at("netDays", "3651", "arTerms[0].netDays: must be at most 3650, got 3651"),
                at("netDays", "2147483648", "arTerms[0].netDays: must be at most 3650, got 2147483648"),
                at("netDays", "3650", null),
                at("account", ", collectionsCases: 100001", "accounts[0].collectionsCases: must be at most 100000, got 100001"),
                at("account", ", collectionsCases: -1", "accounts[0].collectionsCases: must be at least 0, got -1"),
                at("account", ", collectionsCases: 100000", null),
                at("account", ", annualRevenue: \"5.005\"", "accounts[0].annualRevenue: more decimals than USD has (2): 5.005"),
                at("account", ", annualRevenue: \"-1.00\"", "accounts[0].annualRevenue: amount must not be negative, got -1.00"),
                at("amount", "\"5.005\"", "invoices[0].amount: more decimals than USD has (2): 5.005"),
                at("amount", "\"1E+999999999\"", "invoices[0].amount: more than 15 digits before the decimal point: 1E+999999999"),
                at("amount", "\"-1.00\"", "invoices[0].amount: amount must not be negative, got -1.00"),
                at("amount", "\"5.000\"", null),
                event("payment: { account: A1, amount: \"0\" }", "events[0].payment.amount: must be more than 0, got 0"),
                event("payment: { account: A1, amount: \"-1.00\" }", "events[0].payment.amount: must be more than 0, got -1.00"),
                event("payment: { account: J1, amount: \"1852.5\" }", "events[0].payment.amount: more decimals than JPY has (0): 1852.5"),
                event("payment: { account: J1, amount: \"1852.00\" }", null),
                event("payment: { account: A1, amount: \"1E+999999999\" }",
                        "events[0].payment.amount: more than 15 digits before the decimal point: 1E+999999999"),
                event("payment: { account: A1, invoice: J1-1, amount: \"1.00\" }",
                        "events[0].payment.invoice: invoice J1-1 belongs to account J1, not A1"),
                event("creditNote: { invoice: B1-1, amount: \"1.2345\" }",
                        "events[0].creditNote.amount: more decimals than BHD has (3): 1.2345"),
                event("creditNote: { invoice: B1-1, amount: \"1.234\" }", null),
                event("creditNote: { invoice: I1, amount: \"-1.00\" }", "events[0].creditNote.amount: must be more than 0, got -1.00"),
                event("refund: { invoice: I1, amount: \"0.00\" }", "events[0].refund.amount: must be more than 0, got 0.00"),
                event("refund: { invoice: J1-1, amount: \"0.5\" }", "events[0].refund.amount: more decimals than JPY has (0): 0.5"),
                event("paymentPlan: { account: A1, invoices: [I1], installments: 61, everyDays: 30 }",
                        "events[0].paymentPlan.installments: must be at most 60, got 61"),
                event("paymentPlan: { account: A1, invoices: [I1], installments: 0, everyDays: 30 }",
                        "events[0].paymentPlan.installments: must be at least 1, got 0"),
                event("paymentPlan: { account: A1, invoices: [I1], installments: 2, everyDays: 367 }",
                        "events[0].paymentPlan.everyDays: must be at most 366, got 367"),
                event("paymentPlan: { account: A1, invoices: [I1], installments: 2, everyDays: 4294967297 }",
                        "events[0].paymentPlan.everyDays: must be at most 366, got 4294967297"),
                event("paymentPlan: { account: A1, invoices: [I1], installments: 2, everyDays: 99999999999999999999 }",
                        "events[0].paymentPlan.everyDays: must be at most 366, got 99999999999999999999"),
                event("paymentPlan: { account: A1, invoices: [I1, I2], installments: 60, everyDays: 366 }", null),
                event("paymentPlan: { account: A1, invoices: [I1, I1], installments: 2, everyDays: 30 }",
                        "events[0].paymentPlan.invoices[1]: invoice I1 is listed twice"),
                event("paymentPlan: { account: A1, invoices: [I1, J1-1], installments: 2, everyDays: 30 }",
                        "events[0].paymentPlan.invoices[1]: invoice J1-1 belongs to account J1, not A1"),
                event("paymentPlan: { account: A1, invoices: [], installments: 2, everyDays: 30 }",
                        "events[0].paymentPlan.invoices: a payment plan needs at least one invoice"),
                event("publishPlan: { plan: { id: p, graceDays: 2147483648, " + PUBLISHED + " } }",
                        "events[0].publishPlan.plan.graceDays: must be at most 365, got 2147483648"),
                event("publishPlan: { plan: { id: p, " + PUBLISHED.replace("days: 1", "days: 4294967297") + " } }",
                        "events[0].publishPlan.plan.paths.STANDARD[0].days: must be at most 3650, got 4294967297"),
                event("publishPlan: { plan: { id: ghost, " + PUBLISHED + " } }",
                        "events[0].publishPlan.plan.id: unknown plan ghost: a publish makes a new version of a plan under plans"),
                event("publishPlan: { plan: { id: ghost, graceDays: -1, " + PUBLISHED + " } }",
                        "events[0].publishPlan.plan.graceDays: must be at least 0, got -1\n"
                                + "events[0].publishPlan.plan.id: unknown plan ghost: a publish makes a new version of a plan under plans"),
                event("publishPlan: { plan: { id: p, " + PUBLISHED + " }, apply: true }",
                        "events[0].publishPlan.apply: unknown field (expected one of plan, applyToOpenEpisodes)"),
                event("publishPlan: { applyToOpenEpisodes: true }", "events[0].publishPlan.plan: required field is missing"),
                event("publishPlan: { plan: { id: p, " + PUBLISHED + " }, applyToOpenEpisodes: true }", null),
                at("expect", "{ day: 2026-01-02, account: A1, level: L, fee: \"5.005\" }",
                        "expect[0].fee: more decimals than USD has (2): 5.005"),
                at("expect", "{ day: 2026-01-02, account: J1, level: L, fee: \"1852.00\" }", null),
                at("final", "{ account: A1, credit: \"-1.00\" }", "final[0].credit: amount must not be negative, got -1.00"),
                at("final", "{ account: A1, credit: \"0.001\" }", "final[0].credit: more decimals than USD has (2): 0.001"),
                at("final", "{ account: A1, balance: \"5.005\" }", "final[0].balance: more decimals than USD has (2): 5.005"),
                at("final", "{ account: A1, balance: \"1E+999999999\" }",
                        "final[0].balance: more than 15 digits before the decimal point: 1E+999999999"),
                at("final", "{ account: B1, balance: \"1.234\", credit: \"0.000\" }", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario_numbers(String input, String yaml, String problems) throws IOException {
        Path file = Files.writeString(tmp.resolve("s.yaml"), yaml);

        ScenarioReader.Result r = new ScenarioReader().read(file);

        List<String> expected = problems == null ? List.of() : Stream.of(problems.split("\n")).map(p -> file + ": " + p).toList();
        assertEquals(expected, r.problems());
        assertEquals(problems == null, r.scenario().isPresent());
    }
}
