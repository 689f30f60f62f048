package dunning.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.scenario.Scenario;
import dunning.domain.scenario.ScenarioReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The canonical text reads back to the same plan, and equal content gives equal text whatever the source's layout. */
class PlanWriterTest {
    static final PlanReader ANY = new PlanReader(TemplateNames.any());

    static List<Plan> everyPlanOfTheSuite() throws IOException {
        List<Plan> plans = new ArrayList<>();
        Path dir = Path.of("src/test/resources/scenarios");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                Scenario s = new ScenarioReader().read(f).scenario().orElseThrow(() -> new AssertionError(f + " does not read"));
                plans.addAll(s.plans());
                s.events().stream().filter(e -> e instanceof Scenario.Event.PublishPlan)
                        .forEach(e -> plans.add(((Scenario.Event.PublishPlan) e).plan()));
            }
        }
        plans.addAll(ANY.readFile(Path.of("src/test/resources/plans/good-plan.yaml")).plans());
        return plans;
    }

    @Test
    void every_plan_of_the_suite_reads_back_from_its_canonical_text_with_the_same_content() throws IOException {
        List<Plan> plans = everyPlanOfTheSuite();
        assertTrue(plans.size() >= 35, "plans found: " + plans.size());
        for (Plan plan : plans) {
            String yaml = PlanWriter.yaml(plan);
            PlanReader.Result back = ANY.readText(yaml, "canonical " + plan.id());
            assertEquals(List.of(), back.problems(), yaml);
            assertEquals(plan.withVersion(1), back.plans().get(0), yaml);
            assertEquals(yaml, PlanWriter.yaml(back.plans().get(0)), "the canonical text is a fixed point");
        }
    }

    @Test
    void the_same_plan_written_two_ways_has_one_text_and_a_change_shows_as_its_line() {
        String a = String.join("\n", "id: p", "minimumOverdue: { USD: \"5.00\", EUR: \"5.00\" }",
                "paths: { STANDARD: [ { name: L1, days: 1, actions: [ { email: { template: first-reminder } } ] } ] }", "");
        String b = String.join("\n", "paths:", "  STANDARD:", "    - name: L1", "      days: 1", "      actions:",
                "        - email: { template: first-reminder }", "minimumOverdue:", "  EUR: \"5.00\"", "  USD: \"5.00\"",
                "name: p", "id: p", "active: true", "");
        Plan pa = ANY.readText(a, "a").plans().get(0);
        Plan pb = ANY.readText(b, "b").plans().get(0);
        assertEquals(PlanWriter.yaml(pa), PlanWriter.yaml(pb));

        String c = PlanWriter.yaml(ANY.readText(a.replace("days: 1", "days: 2"), "c").plans().get(0));
        List<String> changed = new ArrayList<>(c.lines().toList());
        changed.removeAll(PlanWriter.yaml(pa).lines().toList());
        assertEquals(List.of("    days: 2"), changed);
        assertNotEquals(PlanWriter.yaml(pa), c);
    }

    @Test
    void a_diff_names_each_changed_field_by_its_path_and_levels_by_their_name() {
        Plan v1 = ANY.readText(String.join("\n", "id: p", "minimumOverdue: { USD: \"5.00\", EUR: \"5.00\" }", "paths:", "  STANDARD:",
                "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
                "    - { name: Notice, days: 10, actions: [ { email: { template: second-notice } } ] }", ""), "v1").plans().get(0);
        Plan v2 = ANY.readText(String.join("\n", "id: p", "minimumOverdue: { USD: \"9.00\" }", "paths:", "  STANDARD:",
                "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
                "    - { name: Call, days: 5, actions: [ { task: { kind: phone-call } } ] }",
                "    - { name: Notice, days: 10, actions: [ { email: { template: notice-2 } } ] }", ""), "v2").plans().get(0);

        assertEquals(List.of(
                "- minimumOverdue.EUR: 5.00",
                "~ minimumOverdue.USD: 5.00 → 9.00",
                "~ paths.STANDARD[Notice].actions[0].email.template: second-notice → notice-2",
                "+ paths.STANDARD[Call].name: Call",
                "+ paths.STANDARD[Call].days: 5",
                "+ paths.STANDARD[Call].actions[0].task.kind: phone-call"), PlanDiff.between(v1, v2));
        assertEquals(List.of(), PlanDiff.between(v1, v1.withVersion(4)));
    }
}
