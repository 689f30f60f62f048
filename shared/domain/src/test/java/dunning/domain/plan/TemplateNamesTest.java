package dunning.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.scenario.Scenario;
import dunning.domain.scenario.ScenarioReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Template names are the user's (FORMAT.md): a scenario takes any, validation only the ones some source holds. */
class TemplateNamesTest {
    static final String OWN_TEMPLATE_PLAN = String.join("\n",
            "id: p",
            "paymentFailedTemplate: card-declined",
            "reminders: [ { daysBeforeDue: 2, template: notice-2 } ]",
            "paths:",
            "  STANDARD:",
            "    - { name: L1, days: 1, actions: [ { email: { template: important-notice } } ] }",
            "    - { name: L2, days: 5, actions: [ { email: { template: first-reminder } } ] }",
            "");

    @Test
    void a_plan_naming_its_own_templates_fails_against_the_default_catalog_at_each_field(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("plan.yaml"), OWN_TEMPLATE_PLAN);

        PlanReader.Result r = new PlanReader(TemplateNames.defaultCatalog()).readFile(file);

        assertEquals(List.of(
                file + ": reminders[0].template: unknown template notice-2: not in the default catalog",
                file + ": paymentFailedTemplate: unknown template card-declined: not in the default catalog",
                file + ": paths.STANDARD[0].actions[0].email.template: unknown template important-notice: not in the default catalog"),
                r.problems());
        assertTrue(r.plans().isEmpty());
    }

    @Test
    void the_same_plan_reads_whole_when_any_name_is_accepted(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("plan.yaml"), OWN_TEMPLATE_PLAN);

        PlanReader.Result r = new PlanReader(TemplateNames.any()).readFile(file);

        assertEquals(List.of(), r.problems());
        Plan plan = r.plans().get(0);
        assertEquals("card-declined", plan.paymentFailedTemplate());
        assertEquals(new Plan.Action.Email("important-notice"), plan.levels(Plan.Path.STANDARD).get(0).actions().get(0));
    }

    @Test
    void any_name_is_still_checked_for_everything_else(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("plan.yaml"), OWN_TEMPLATE_PLAN.replace("days: 5", "days: -5"));

        PlanReader.Result r = new PlanReader(TemplateNames.any()).readFile(file);

        assertEquals(List.of(file + ": paths.STANDARD[1].days: must be at least 0, got -5"), r.problems());
    }

    @Test
    void a_union_holds_a_name_any_source_holds_and_its_error_names_every_source() {
        TemplateNames user = TemplateNames.of(Set.of("important-notice"), "the user's templates");
        TemplateNames both = TemplateNames.union(TemplateNames.defaultCatalog(), user);

        assertTrue(both.has("important-notice"));
        assertTrue(both.has("first-reminder"));
        assertFalse(both.has("notice-2"));
        assertFalse(user.has("first-reminder"));
        assertEquals("unknown template notice-2: neither in the default catalog nor in the user's templates",
                both.whyUnknown("notice-2"));
        assertEquals("unknown template notice-2: neither in a, in b nor in c", TemplateNames.union(
                TemplateNames.of(Set.of(), "a"), TemplateNames.of(Set.of(), "b"), TemplateNames.of(Set.of(), "c")).whyUnknown("notice-2"));
    }

    @Test
    void a_scenario_accepts_any_template_name(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("s.yaml"), String.join("\n",
                "start: 2026-01-01",
                "days: 10",
                "plans:",
                "  - id: p",
                "    paymentFailedTemplate: card-declined",
                "    reminders: [ { daysBeforeDue: 2, template: notice-2 } ]",
                "    paths: { STANDARD: [ { name: L1, days: 1, actions: [ { email: { template: reached-od1 } } ] } ] }",
                "arTerms: [ { id: t, netDays: 0, plan: p } ]",
                "accounts: [ { id: A1, currency: USD, arTerm: t } ]",
                "expect: [ { day: 2026-01-02, account: A1, level: L1, email: reached-od1 } ]",
                ""));

        ScenarioReader.Result r = new ScenarioReader().read(file);

        assertEquals(List.of(), r.problems());
        Scenario s = r.scenario().orElseThrow();
        assertEquals(new Plan.Action.Email("reached-od1"), s.plans().get(0).levels(Plan.Path.STANDARD).get(0).actions().get(0));
        assertEquals("notice-2", s.plans().get(0).reminders().get(0).template());
    }
}
