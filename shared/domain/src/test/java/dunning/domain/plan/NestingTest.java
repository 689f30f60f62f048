package dunning.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.scenario.ScenarioReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file nested deeper than 64 collections is one problem at its path, never a StackOverflowError. */
class NestingTest {
    final PlanReader reader = new PlanReader(TemplateNames.defaultCatalog());

    /** {@code retrySchedule: [[[…]]]}: the root mapping plus {@code lists} lists. */
    static String flowPlan(int lists) {
        return "id: p\nretrySchedule: " + "[".repeat(lists) + "]".repeat(lists) + "\n"
                + "paths: { STANDARD: [ { name: L, days: 1, actions: [ { retry: {} } ] } ] }\n";
    }

    @Test
    void a_plan_nested_2000_deep_is_one_problem_at_the_path_where_level_65_opens(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("deep.yaml"), flowPlan(2000));

        PlanReader.Result r = reader.readFile(file);

        assertEquals(List.of(file + ": retrySchedule" + "[0]".repeat(63) + ": nested deeper than 64 levels"), r.problems());
        assertTrue(r.plans().isEmpty());
    }

    @Test
    void block_style_nesting_is_caught_the_same_way(@TempDir Path tmp) throws IOException {
        StringBuilder yaml = new StringBuilder("id: p\nsegments:\n");
        for (int i = 0; i < 2000; i++) {
            yaml.append("  ".repeat(i + 1)).append("VIP:\n");
        }
        Path file = Files.writeString(tmp.resolve("deep.yaml"), yaml.append("  ".repeat(2001)).append("x\n").toString());

        PlanReader.Result r = reader.readFile(file);

        assertEquals(List.of(file + ": segments" + ".VIP".repeat(63) + ": nested deeper than 64 levels"), r.problems());
    }

    @Test
    void depth_is_measured_without_recursion_so_any_depth_is_one_problem(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("deeper.yaml"), flowPlan(50_000));

        assertEquals(1, reader.readFile(file).problems().size());
        assertEquals(1, reader.readText(flowPlan(50_000), "stored").problems().size(), "stored plans are read the same way");
    }

    @Test
    void sixty_four_levels_are_read_and_sixty_five_are_not(@TempDir Path tmp) throws IOException {
        Path at = Files.writeString(tmp.resolve("at.yaml"), flowPlan(63));
        Path over = Files.writeString(tmp.resolve("over.yaml"), flowPlan(64));

        List<String> atLimit = reader.readFile(at).problems();
        assertTrue(atLimit.stream().noneMatch(p -> p.contains("nested deeper")), String.join("\n", atLimit));
        assertEquals(file(at, "retrySchedule[0]: expected a whole number, got a list"), atLimit);
        assertEquals(List.of(over + ": retrySchedule" + "[0]".repeat(63) + ": nested deeper than 64 levels"),
                reader.readFile(over).problems());
    }

    @Test
    void a_scenario_nested_2000_deep_is_one_problem(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("deep.yaml"), "name: deep\nstart: 2026-01-01\ndays: 1\nplans:\n  - "
                + "{ id: p, tags: " + "[".repeat(2000) + "]".repeat(2000) + " }\n");

        ScenarioReader.Result r = new ScenarioReader().read(file);

        assertEquals(List.of(file + ": plans[0].tags" + "[0]".repeat(61) + ": nested deeper than 64 levels"), r.problems());
        assertTrue(r.scenario().isEmpty());
    }

    static List<String> file(Path file, String problem) {
        return List.of(file + ": " + problem);
    }
}
