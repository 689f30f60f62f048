package dunning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.json.Json;
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.sqs.QueueSender.OutgoingMessage;
import dunning.aws.sqs.SqsQueueSender;
import dunning.local.seed.TableSeeder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the functions ask of AWS, counted by an SDK execution interceptor ({@link RequestCounter})
 * while the real handlers run on the local cloud.
 */
class RequestCountTest {
    static final LocalDate OVERDUE = LocalDate.of(2026, 1, 1);
    static final LocalDate NOT_YET_DUE = LocalDate.of(2026, 2, 1);

    static void seed(LocalCloud cloud, int accounts, int overdue) {
        TableSeeder seeder = new TableSeeder(cloud.clients().dynamoDb(), cloud.tableName())
                .plan("slice", ChainSliceTest.ONE_LEVEL_PLAN).arTerm("net0", 0, "slice");
        for (int i = 0; i < accounts; i++) {
            String id = String.format("A%04d", i);
            seeder.account(new TableSeeder.Account(id, id, id + "@example.org", "en", "UTC", "USD", "net0", null,
                    List.of(), BigDecimal.ZERO, false, 0, List.of(), Map.of()));
            seeder.invoice(id, "I-" + id, LocalDate.of(2025, 12, 1), i < overdue ? OVERDUE : NOT_YET_DUE, "USD",
                    new BigDecimal("50.00"), new BigDecimal("50.00"));
        }
        seeder.flush();
    }

    static void evaluate(LocalCloud cloud, int accounts, LocalDate asOf) {
        List<OutgoingMessage> messages = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            String id = String.format("A%04d", i);
            messages.add(new OutgoingMessage(id, Json.write(new EvaluateAccount(id, Optional.of(asOf), Optional.empty()).toJson())));
        }
        new SqsQueueSender(cloud.clients().sqs()).send(cloud.stack().queueUrl("EvaluationQueue"), messages);
        cloud.runtime().drain();
    }

    @Test
    void an_evaluation_reads_once_per_account_and_an_unchanged_account_writes_nothing() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().startingAt(Instant.parse("2026-01-02T08:00:00Z")))) {
            seed(cloud, 20, 20);
            RequestCounter.reset();
            evaluate(cloud, 20, LocalDate.of(2026, 1, 2)); // the reminder level fires for all 20
            assertEquals(20, RequestCounter.count("DunningEvaluationFunction", "DynamoDb", "Query"));
            assertEquals(20, RequestCounter.count("DunningEvaluationFunction", "DynamoDb", "TransactWriteItems"));
            // and, after the sends, one write per account clearing its outbox markers; the plan (its current
            // version's pointer and the version) and its AR term are read once per warm container
            assertTrue(RequestCounter.count("DunningEvaluationFunction", "DynamoDb", "GetItem") <= 3,
                    "plan and term cached: " + RequestCounter.count("DunningEvaluationFunction", "DynamoDb", "GetItem"));

            RequestCounter.reset();
            evaluate(cloud, 20, LocalDate.of(2026, 1, 3)); // nothing changes
            assertEquals(20, RequestCounter.count("DunningEvaluationFunction", "DynamoDb", "Query"));
            assertEquals(20, RequestCounter.count("DunningEvaluationFunction", "DynamoDb", "*"), () -> "no write for an unchanged account: " + RequestCounter.dump());
            assertEquals(0, RequestCounter.count("DunningEvaluationFunction", "Sqs", "*"), "and nothing sent");
        }
    }

    @Test
    void the_sweep_reads_grow_with_overdue_invoices_not_with_accounts_and_sends_in_batches_of_ten() {
        long[] itemsRead = new long[2];
        long[] queries = new long[2];
        int[] overdue = {10, 100};
        for (int run = 0; run < 2; run++) {
            try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().startingAt(Instant.parse("2026-01-05T06:00:00Z")))) {
                seed(cloud, 1000, overdue[run]);
                RequestCounter.reset();
                cloud.runtime().invoke("BillRunFunction", "{\"kind\":\"DUNNING_SWEEP\",\"asOf\":\"2026-01-05\"}");
                queries[run] = RequestCounter.count("BillRunFunction", "DynamoDb", "Query");
                itemsRead[run] = RequestCounter.count("BillRunFunction", "DynamoDb", "Query.items");
                assertEquals(overdue[run] / 10, RequestCounter.count("BillRunFunction", "Sqs", "SendMessageBatch"));
                assertEquals(overdue[run], RequestCounter.count("BillRunFunction", "Sqs", "SendMessageBatch.entries"));
                assertEquals(0, RequestCounter.count("BillRunFunction", "Sqs", "SendMessage"));
            }
        }
        assertEquals(10, itemsRead[0], "1,000 accounts, 1% overdue: 10 index entries read");
        assertEquals(100, itemsRead[1], "1,000 accounts, 10% overdue: 100 index entries read");
        assertEquals(queries[0], queries[1], "one Query per shard of each sparse index either way");
        assertTrue(queries[0] <= 2 * 16, "at most one page per shard of the due-date and wake-up indexes here: " + queries[0]);
    }
}
