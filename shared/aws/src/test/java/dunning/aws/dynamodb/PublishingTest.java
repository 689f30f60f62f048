package dunning.aws.dynamodb;

import dunning.local.junit.ClassCloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.notice.NoticeCatalog;
import dunning.domain.notice.UserTemplates;
import dunning.domain.plan.ArTerm;
import dunning.domain.plan.Plan;
import dunning.domain.plan.PlanReader;
import dunning.domain.plan.PlanWriter;
import dunning.domain.plan.Publication;
import dunning.domain.plan.TemplateNames;
import dunning.local.runtime.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Plans, AR terms and templates published to a table: versions, identical content, the stack's list, the templates' freshness. */
class PublishingTest {
    static final String PLAN = String.join("\n", "id: p", "minimumOverdue: { USD: \"5.00\" }", "paths:", "  STANDARD:",
            "    - { name: L1, days: 1, actions: [ { email: { template: first-reminder } } ] }", "");
    static final String SAME_PLAN_OTHER_LAYOUT = String.join("\n", "# the same content, written otherwise", "paths:",
            "  STANDARD: [ { days: 1, name: L1, actions: [ { email: { template: first-reminder } } ] } ]",
            "minimumOverdue:", "  USD: \"5.00\"", "id: p", "name: p", "active: true", "");
    static final String OWN = String.join("\n", "== subject ==", "Important: {{overdueAmount}}", "== text ==", "Pay {{payLink}}",
            "== html ==", "<p>Pay {{payLink}}</p>", "");

    @RegisterExtension
    static final ClassCloud cloud = new ClassCloud();
    SimulatedClock clock;
    DynamoTable table;
    DynamoPlanCatalog plans;
    DynamoNoticeTemplates templates;

    @BeforeEach
    void fresh() {
        clock = new SimulatedClock(Instant.parse("2026-01-02T12:00:00Z"));
        table = new DynamoTable(cloud.clients().dynamoDb(), cloud.newTable());
        plans = new DynamoPlanCatalog(table, clock);
        templates = new DynamoNoticeTemplates(table, clock);
    }

    static Plan read(String yaml) {
        PlanReader.Result r = new PlanReader(TemplateNames.any()).readText(yaml, "test");
        assertEquals(List.of(), r.problems());
        return r.plans().get(0);
    }

    @Test
    void every_publish_of_new_content_is_a_new_immutable_version_and_identical_content_is_not() {
        assertEquals(1, plans.publish("p", PLAN, false));
        assertEquals(1, plans.publish("p", SAME_PLAN_OTHER_LAYOUT, false), "identical content, another layout");
        assertEquals(2, plans.publish(read(PLAN.replace("days: 1", "days: 3")), true));
        assertEquals(2, plans.publish(read(PLAN.replace("days: 1", "days: 3")), false), "the same as the current version");
        assertEquals(3, plans.publish(read(PLAN), false), "content equal to an older version is a new version");

        assertEquals(1, plans.version("p", 1).levels(Plan.Path.STANDARD).get(0).days());
        assertEquals(3, plans.version("p", 2).levels(Plan.Path.STANDARD).get(0).days());
        assertEquals(3, plans.current("p").version());
        assertEquals(Optional.of(plans.version("p", 2)), plans.appliedToOpenEpisodesAfter("p", 1));
        assertEquals(Optional.empty(), plans.appliedToOpenEpisodesAfter("p", 2));
        DynamoPlanCatalog.Stored v2 = plans.stored("p", 2).orElseThrow();
        assertEquals(PlanWriter.yaml(read(PLAN.replace("days: 1", "days: 3"))), v2.yaml(), "stored in its canonical text");
        assertTrue(v2.appliedToOpenEpisodes());
        assertEquals(Optional.empty(), plans.stored("p", 4));
        assertThrows(IllegalArgumentException.class, () -> plans.publish("q", PLAN, false), "the text is plan p");
    }

    @Test
    void the_stacks_list_holds_each_plan_with_its_version_and_each_term() {
        PlanPublisher publisher = new PlanPublisher(plans, templates);
        PlanPublisher.Outcome first = publisher.publish(new Publication.Bundle(List.of(read(PLAN), read(PLAN.replace("id: p", "id: q"))),
                List.of(new ArTerm("net30", 30, "p")), UserTemplates.none()), false);
        PlanPublisher.Outcome again = publisher.publish(new Publication.Bundle(List.of(read(PLAN)), List.of(), UserTemplates.none()), false);

        assertEquals(List.of(new PlanPublisher.PlanVersion("p", 1, true), new PlanPublisher.PlanVersion("q", 1, true)), first.plans());
        assertEquals(List.of(new PlanPublisher.PlanVersion("p", 1, false)), again.plans());
        DynamoPlanCatalog.Listing listing = plans.list();
        assertEquals(List.of("p", "q"), listing.plans().stream().map(DynamoPlanCatalog.Listed::planId).toList());
        assertEquals(List.of(new DynamoPlanCatalog.Term("net30", 30, "p")), listing.terms());
        assertEquals(Optional.of(new DynamoPlanCatalog.Term("net30", 30, "p")), plans.term("net30"));
    }

    @Test
    void templates_are_added_to_the_set_in_force_and_a_warm_reader_sees_a_new_set_within_the_freshness() {
        DynamoNoticeTemplates warm = new DynamoNoticeTemplates(table, clock); // a warm function's, apart from the publisher's
        assertSame(NoticeCatalog.standard(), warm.catalog(), "nothing published: the default catalog");
        assertEquals(1, templates.publish(UserTemplates.of(Map.of("en/important-notice.notice", OWN), "DIR")));
        assertEquals(1, templates.publish(UserTemplates.of(Map.of("en/important-notice.notice", OWN), "DIR")), "the same set");
        clock.advance(DynamoPlanCatalog.FRESHNESS);
        assertSame(NoticeCatalog.standard(), warm.catalog(), "the reader looked no longer than the freshness ago");

        clock.advance(Duration.ofSeconds(1));
        NoticeCatalog catalog = warm.catalog();
        assertTrue(catalog.has("important-notice") && catalog.has("first-reminder"));

        assertEquals(2, templates.publish(UserTemplates.of(Map.of("en/notice-2.notice", OWN), "DIR")));
        DynamoNoticeTemplates.Published published = templates.published();
        assertEquals(2, published.version());
        assertEquals(List.of("en/important-notice.notice", "en/notice-2.notice"), List.copyOf(published.templates().files().keySet()),
                "a publish adds to the set, never removes");
        assertFalse(warm.catalog().has("notice-2"), "still the cached set");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(warm.catalog().has("notice-2") && warm.catalog().has("important-notice"));
        assertTrue(new DynamoNoticeTemplates(table, clock).catalog().has("notice-2"), "a cold reader reads the set in force");
    }
}
