package dunning.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.local.LocalCloud;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Faults injected into a real handler's SDK calls (WritingSqsHandler: a PutItem, then a SendMessage, per record), with the
 * injector registered as the SDK's global interceptor, as the chain tests register it.
 */
class FaultInjectorTest {
    static LocalCloud cloud;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloud.Options.defaults().withTemplate(Path.of("src/test/resources/runtime-template.yaml")));
    }

    @AfterAll
    static void stop() {
        FaultInjector.reset();
        cloud.close();
    }

    @BeforeEach
    void clean() {
        FaultInjector.reset();
        WritingSqsHandler.FAILURES.clear();
        for (String q : cloud.stack().queues()) {
            cloud.clients().sqs().purgeQueue(b -> b.queueUrl(cloud.stack().queueUrl(q)));
        }
    }

    void write(String... bodies) {
        for (String body : bodies) {
            cloud.clients().sqs().sendMessage(b -> b.queueUrl(cloud.stack().queueUrl("WriteQueue")).messageBody(body));
        }
        cloud.runtime().drain();
    }

    /** Everything the handler sent on, in the order SQS gives it. */
    List<String> sent() {
        String url = cloud.stack().queueUrl("OutQueue");
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> batch = cloud.clients().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            for (Message m : batch) {
                bodies.add(m.body());
                cloud.clients().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    boolean inLedger(String pk) {
        return cloud.clients().dynamoDb().getItem(b -> b.tableName(cloud.stack().tableName("LedgerTable"))
                .key(Map.of("pk", AttributeValue.fromS(pk)))).hasItem();
    }

    @Test
    void a_call_failed_before_sending_never_reaches_the_service_and_the_handler_sees_the_failure() {
        FaultInjector.Rule rule = FaultInjector.when("WriterWorker", "Sqs", "SendMessage").failBeforeSending(FaultInjector.clientError("refused"));

        write("a1");

        assertEquals(List.of("a1"), sent(), "the failed send never reached SQS; the retried batch sent it once");
        assertEquals(1, WritingSqsHandler.FAILURES.size());
        assertEquals(1, rule.fired());
        FaultInjector.Injection i = FaultInjector.injected().get(0);
        assertEquals(List.of("WriterWorker", "Sqs", "SendMessage", "FAIL_BEFORE_SENDING", "1"),
                List.of(i.function(), i.service(), i.operation(), i.fault().name(), String.valueOf(i.call())));
        assertTrue(inLedger("a1"));
    }

    @Test
    void a_lost_response_took_effect_yet_the_caller_failed_so_the_retried_batch_sends_again() {
        FaultInjector.when("WriterWorker", "Sqs", "SendMessage").loseResponse(FaultInjector.clientError("response lost"));

        write("b1");

        assertEquals(List.of("b1", "b1"), sent(), "a send failing after the commit is a duplicate downstream");
        assertEquals(1, WritingSqsHandler.FAILURES.size());
        assertEquals(FaultInjector.Fault.LOSE_RESPONSE, FaultInjector.injected().get(0).fault());
    }

    @Test
    void a_retryable_fault_is_retried_by_the_sdks_own_strategy_and_a_retried_lost_response_is_applied_twice() {
        FaultInjector.when("WriterWorker", "Sqs", "SendMessage").failBeforeSending(FaultInjector.networkError("connection refused"));
        write("c1");
        assertEquals(List.of("c1"), sent());
        assertEquals(List.of(), WritingSqsHandler.FAILURES, "the SDK's retry went through: the handler never saw it");

        FaultInjector.reset();
        FaultInjector.when("WriterWorker", "Sqs", "SendMessage").loseResponse(FaultInjector.networkError("connection reset"));
        write("c2");
        assertEquals(List.of("c2", "c2"), sent(), "the SDK resent a request that had already been applied");
        assertEquals(List.of(), WritingSqsHandler.FAILURES);
    }

    @Test
    void the_kth_matching_call_is_the_one_that_fails() {
        FaultInjector.Rule rule = FaultInjector.when("WriterWorker", "DynamoDb", "PutItem").onCall(2)
                .failBeforeSending(FaultInjector.clientError("throttled"));

        write("d1", "d2", "d3");

        assertEquals(1, rule.fired());
        assertEquals(2, FaultInjector.injected().get(0).call());
        assertTrue(rule.calls() >= 4, "three records and the retry: " + rule.calls());
        assertTrue(inLedger("d1") && inLedger("d2") && inLedger("d3"));
        assertEquals(List.of("d1", "d2", "d3"), sent().stream().distinct().sorted().toList());
    }

    @Test
    void a_crash_after_sending_leaves_the_write_done_returns_the_batch_and_restarts_the_environment_cold() {
        write("e0"); // a warm environment first
        sent();
        int environments = cloud.runtime().environmentsStarted("WriterWorker");
        FaultInjector.when("WriterWorker", "DynamoDb", "PutItem").crashAfterSending();

        write("e1");

        assertTrue(inLedger("e1"));
        assertEquals(List.of("e1"), sent(), "the crash came before the send; the redelivery sent once");
        assertEquals(environments + 1, cloud.runtime().environmentsStarted("WriterWorker"));
        assertTrue(cloud.runtime().invocations().stream().anyMatch(i -> i.function().equals("WriterWorker")
                && i.error().orElse("").startsWith("environment crashed")));
        assertEquals(List.of(), WritingSqsHandler.FAILURES, "an Error is nothing the handler catches");
    }

    @Test
    void a_crash_before_sending_stops_the_request_on_its_way() {
        FaultInjector.when("WriterWorker", "Sqs", "SendMessage").crashBeforeSending();

        write("f1");

        assertEquals(List.of("f1"), sent());
        assertEquals(FaultInjector.Fault.CRASH_BEFORE_SENDING, FaultInjector.injected().get(0).fault());
        assertTrue(FaultInjector.injected().get(0).thrown().contains("SimulatedCrash"));
    }

    @Test
    void rules_match_only_their_function_and_only_calls_made_by_a_handler_and_reset_clears_them() {
        FaultInjector.Rule other = FaultInjector.when("StreamWorker", "Sqs", "SendMessage").onEveryCall()
                .failBeforeSending(FaultInjector.clientError("not mine"));
        FaultInjector.Rule any = FaultInjector.when(FaultInjector.ANY_FUNCTION, "Sqs", "SendMessage").onEveryCall()
                .crashBeforeSending();

        // the test's own call is no function's: untouched
        cloud.clients().sqs().sendMessage(b -> b.queueUrl(cloud.stack().queueUrl("OutQueue")).messageBody("from the test"));
        assertEquals(0, any.calls());
        assertEquals(List.of("from the test"), sent());

        any.cancel();
        write("g1");
        assertEquals(0, other.calls());
        assertEquals(List.of("g1"), sent());

        FaultInjector.when("WriterWorker", "Sqs", "SendMessage").failBeforeSending(FaultInjector.clientError("x"));
        FaultInjector.reset();
        write("g2");
        assertEquals(List.of("g2"), sent());
        assertEquals(List.of(), FaultInjector.injected());
    }
}
