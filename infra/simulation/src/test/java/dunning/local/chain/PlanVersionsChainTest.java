package dunning.local.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.aws.dynamodb.HistoryCodec;
import dunning.aws.dynamodb.Items;
import dunning.aws.dynamodb.Keys;
import dunning.aws.dynamodb.PlanPublisher;
import dunning.aws.json.Json;
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.sqs.QueueSender.OutgoingMessage;
import dunning.aws.sqs.SqsQueueSender;
import dunning.domain.engine.Decision;
import dunning.domain.engine.Effect;
import dunning.domain.notice.UserTemplates;
import dunning.domain.plan.ArTerm;
import dunning.domain.plan.Plan;
import dunning.domain.plan.PlanReader;
import dunning.domain.plan.Publication;
import dunning.domain.plan.TemplateNames;
import dunning.local.RequestCounter;
import dunning.local.ses.LocalSes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plan versions through the deployed chain (DESIGN §5.2, FORMAT.md publishPlan): an open episode
 * keeps the version it opened with, a new episode opens on the newest, and a warm evaluation
 * function (the same handler instance) sees a published version within DynamoPlanCatalog's
 * freshness, on the clock the handlers get. What each evaluation reads is counted on the way.
 */
class PlanVersionsChainTest {
    static final Instant T0 = Instant.parse("2026-01-02T08:00:00Z");
    static final String V1 = String.join("\n", "id: tiers", "paths:", "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
            "    - { name: Notice, days: 10, actions: [ { email: { template: second-notice } } ] }", "");
    /** v2 reaches Notice at 3 days, with a template of the user's published with it. */
    static final String V2 = V1.replace("days: 10, actions: [ { email: { template: second-notice } } ]",
            "days: 3, actions: [ { email: { template: important-notice } } ]");
    static final String IMPORTANT = String.join("\n", "== subject ==", "Important: {{overdueAmount}} is overdue", "== text ==",
            "Pay {{overdueAmount}} at {{payLink}}", "== html ==", "<p>Pay {{overdueAmount}} at {{payLink}}</p>", "");
    static final String EVALUATOR = "DunningEvaluationFunction";

    static Plan plan(String yaml) {
        return new PlanReader(TemplateNames.any()).readText(yaml, "test").plans().get(0);
    }

    static void evaluate(Chain chain, String account, LocalDate asOf) {
        new SqsQueueSender(chain.cloud.clients().sqs()).send(chain.cloud.stack().queueUrl("EvaluationQueue"), List.of(
                new OutgoingMessage(account, Json.write(new EvaluateAccount(account, Optional.of(asOf), Optional.empty()).toJson()))));
        chain.cloud.runtime().drain();
    }

    static int episodeVersion(Chain chain, String account) {
        return chain.state(account).episode().orElseThrow().planVersion();
    }

    List<Decision> decisions(Chain chain, String account) {
        List<Decision> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : chain.table.collection(Keys.accountHistory(account), HistoryCodec.SK_DECISION)) {
            out.add(HistoryCodec.decision(item));
        }
        return out;
    }

    @Test
    void an_open_episode_keeps_v1_a_new_one_opens_on_v2_and_a_warm_evaluator_sees_v2_within_the_freshness() {
        try (Chain chain = Chain.start(T0)) {
            PlanPublisher publisher = new PlanPublisher(chain.table, chain.cloud.clock());
            publisher.publish(new Publication.Bundle(List.of(plan(V1)), List.of(new ArTerm(Chain.TERM, 0, "tiers")), UserTemplates.none()),
                    false);
            LocalDate due = LocalDate.of(2026, 1, 1);
            for (String a : List.of("A1", "A2", "A3")) {
                chain.account(a).invoice(a, "I-" + a, due, due, "100.00");
            }

            RequestCounter.reset();
            evaluate(chain, "A1", LocalDate.of(2026, 1, 2)); // a cold start: the plan's CURRENT, v1 and the term are read
            assertEquals(1, episodeVersion(chain, "A1"));
            long coldGets = RequestCounter.count(EVALUATOR, "DynamoDb", "GetItem");
            assertEquals(1, RequestCounter.count(EVALUATOR, "DynamoDb", "TransactWriteItems"),
                    "the state, the action records and the decision record in one transaction");
            assertEquals(1, decisions(chain, "A1").size());

            chain.at(T0.plusSeconds(5));
            PlanPublisher.Outcome v2 = publisher.publish(new Publication.Bundle(List.of(plan(V2)), List.of(),
                    UserTemplates.of(Map.of("en/important-notice.notice", IMPORTANT), "templates")), false);
            assertEquals(List.of(new PlanPublisher.PlanVersion("tiers", 2, true)), v2.plans());

            RequestCounter.reset();
            chain.at(T0.plus(DynamoPlanCatalog.FRESHNESS).minusSeconds(1));
            evaluate(chain, "A2", LocalDate.of(2026, 1, 2)); // warm, within the freshness: the cached pointer still names v1
            assertEquals(1, episodeVersion(chain, "A2"), "a warm function may use the version it read up to FRESHNESS ago");
            long warmGets = RequestCounter.count(EVALUATOR, "DynamoDb", "GetItem");
            long warmQueries = RequestCounter.count(EVALUATOR, "DynamoDb", "Query");

            RequestCounter.reset();
            chain.at(T0.plus(DynamoPlanCatalog.FRESHNESS).plusSeconds(1));
            evaluate(chain, "A3", LocalDate.of(2026, 1, 2)); // past the freshness: the same instance reads the pointer again
            assertEquals(2, episodeVersion(chain, "A3"), "a new episode opens on the newest version once the freshness has passed");
            long refreshGets = RequestCounter.count(EVALUATOR, "DynamoDb", "GetItem");
            assertEquals(1, chain.cloud.runtime().environmentsStarted(EVALUATOR), "one warm execution environment throughout");

            // days later: A1 and A2 keep v1 (Notice at 10 days), A3 is on v2 (Notice at 3 days, the user's template)
            chain.at(T0.plus(Duration.ofDays(2)));
            RequestCounter.reset();
            evaluate(chain, "A1", LocalDate.of(2026, 1, 4));
            long writes = RequestCounter.count(EVALUATOR, "DynamoDb", "*") - RequestCounter.count(EVALUATOR, "DynamoDb", "Query")
                    - RequestCounter.count(EVALUATOR, "DynamoDb", "GetItem");
            assertEquals(0, writes, () -> "an evaluation that changes nothing writes nothing, no decision record either: "
                    + RequestCounter.dump());
            assertEquals(1, decisions(chain, "A1").size());
            for (String a : List.of("A2", "A3")) {
                evaluate(chain, a, LocalDate.of(2026, 1, 4));
            }
            chain.at(T0.plus(Duration.ofDays(9)));
            for (String a : List.of("A1", "A2", "A3")) {
                evaluate(chain, a, LocalDate.of(2026, 1, 11));
            }
            assertEquals(List.of("Reminder v1", "Notice v1"), levelsFired(chain, "A1"));
            assertEquals(List.of("Reminder v1", "Notice v1"), levelsFired(chain, "A2"));
            assertEquals(List.of("Reminder v2", "Notice v2"), levelsFired(chain, "A3"));
            List<LocalSes.Sent> a3 = chain.mailsTo("A3");
            assertEquals("Important: $100.00 is overdue", a3.get(a3.size() - 1).subject(), "rendered from the published template");
            assertTrue(chain.mailsTo("A1").stream().anyMatch(m -> m.subject().startsWith("Second notice")),
                    () -> chain.mailsTo("A1").toString());
            for (String a : List.of("A1", "A2", "A3")) {
                int version = a.equals("A3") ? 2 : 1;
                List<Decision> ds = decisions(chain, a);
                assertEquals(2, ds.size(), "one decision per evaluation that changed something: " + ds);
                ds.forEach(d -> assertEquals(version, d.inputs().orElseThrow().planVersion(), d.lines().toString()));
            }
            assertEquals(0, chain.allDeadLetters());
            List<Long> sizes = new ArrayList<>();
            for (String a : List.of("A1", "A2", "A3")) {
                chain.table.collection(Keys.accountHistory(a), HistoryCodec.SK_DECISION).forEach(i -> sizes.add(Items.size(i)));
            }
            System.out.println("decision record bytes through the chain: " + sizes);

            System.out.printf("plan versions, reads per evaluation: cold start %d GetItem; warm within freshness %d Query, %d GetItem;"
                    + " first after the freshness %d GetItem%n", coldGets, warmQueries, warmGets, refreshGets);
            assertEquals(1, warmQueries, "one Query of the account's collection");
            assertEquals(0, warmGets, "nothing else while the plan is fresh");
            assertTrue(refreshGets <= 3 && refreshGets >= 1, "the pointer (and the new version, the term) once a minute: " + refreshGets);
        }
    }

    /** The levels fired for the account, each with the plan version its action records name, in order. */
    private static List<String> levelsFired(Chain chain, String account) {
        return chain.actions(account).stream().map(Map.Entry::getKey).filter(e -> e instanceof Effect.SendEmail)
                .sorted(java.util.Comparator.comparing(Effect::day))
                .map(e -> e.level().orElseThrow() + " v" + e.context().planVersion()).toList();
    }
}
