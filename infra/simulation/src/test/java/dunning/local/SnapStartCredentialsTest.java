package dunning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.json.Json;
import dunning.aws.messages.EvaluateAccount;
import dunning.local.cloud.LocalClients;
import dunning.local.credentials.LocalContainerCredentials;
import dunning.local.http.LoopbackHttpServer;
import dunning.local.http.LoopbackProxy;
import dunning.local.seed.TableSeeder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The real handlers in a fresh JVM whose process environment is Lambda's: for a SnapStart function
 * AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN (pointing at
 * {@link LocalContainerCredentials}) and no AWS_ACCESS_KEY_ID; for any other function the access
 * key variables. Each engine's {@link LoopbackHttpServer.RequestLog} (ElasticMQ's through a
 * {@link LoopbackProxy}) shows which key signed every call. The probe pauses at the "snapshot",
 * after init and {@code beforeCheckpoint}: nothing may have been fetched or called by then, and the
 * credentials are rotated there, so only credentials fetched after restore can sign.
 *
 * <p>The evaluation (DynamoDB Query and transaction, SQS SendMessageBatch) runs on an account one
 * day overdue; its notification message is then taken from the queue and run through the
 * notification function (DynamoDB, SES SendEmail, EventBridge PutEvents).
 */
class SnapStartCredentialsTest {
    static final String EVALUATION = "DunningEvaluationFunction";
    static final String NOTIFICATION = "NotificationFunction";
    static final String EVALUATION_HANDLER = "dunning.functions.evaluation.EvaluationHandler";
    static final String NOTIFICATION_HANDLER = "dunning.functions.notification.NotificationHandler";
    static final LocalDate AS_OF = LocalDate.of(2026, 1, 2);

    static LocalCloud cloud;
    static LocalContainerCredentials credentials;
    static LoopbackProxy sqsProxy;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloud.Options.defaults().startingAt(Instant.parse("2026-01-02T08:00:00Z")));
        credentials = LocalContainerCredentials.start();
        sqsProxy = LoopbackProxy.start(URI.create(cloud.environmentFor(EVALUATION).get(LocalClients.ENDPOINT_SQS)));
        TableSeeder seeder = new TableSeeder(cloud.clients().dynamoDb(), cloud.tableName())
                .plan("slice", ChainSliceTest.ONE_LEVEL_PLAN).arTerm("net0", 0, "slice");
        for (String id : List.of("A1", "A2", "A3", "A4")) {
            seeder.account(new TableSeeder.Account(id, "Account " + id, id.toLowerCase() + "@example.org", "en", "UTC", "USD",
                    "net0", null, List.of(), BigDecimal.ZERO, false, 0, List.of(), Map.of()));
            seeder.invoice(id, "INV-" + id, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), "USD",
                    new BigDecimal("120.00"), new BigDecimal("120.00"));
        }
        seeder.flush();
    }

    @AfterAll
    static void stop() {
        if (sqsProxy != null) {
            sqsProxy.close();
        }
        if (credentials != null) {
            credentials.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    // ---- the environments ----

    /** What Lambda gives every function: region, names, the template's variables; here also the engines' endpoints. */
    static Map<String, String> lambdaEnvironment(String function, String initializationType) {
        Map<String, String> env = new TreeMap<>(cloud.environmentFor(function));
        // the local runner's dummy keys are not part of Lambda's environment
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        env.remove("AWS_SESSION_TOKEN");
        env.put(LocalClients.ENDPOINT_SQS, sqsProxy.endpoint().toString());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("TZ", ":UTC");
        return env;
    }

    static Map<String, String> snapStartEnvironment(String function, LocalContainerCredentials endpoint, String token) {
        Map<String, String> env = lambdaEnvironment(function, "snap-start");
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.uri().toString());
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
        return env;
    }

    static final String PLAIN_KEY = "ASIAPLAINLAMBDAKEY01";
    static final String PLAIN_TOKEN = "plain-lambda-session-token";

    static Map<String, String> plainEnvironment(String function) {
        Map<String, String> env = lambdaEnvironment(function, "on-demand");
        env.put("AWS_ACCESS_KEY_ID", PLAIN_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", "plain-lambda-secret");
        env.put("AWS_SESSION_TOKEN", PLAIN_TOKEN);
        return env;
    }

    // ---- running a handler in its own process ----

    record Run(int exit, List<String> failedMessageIds, String output) {}

    /** Runs {@code handler} in a fresh JVM with exactly {@code env} as its environment, one SQS record of {@code body}. */
    static Run run(String handler, Map<String, String> env, String body, Runnable atCheckpoint) throws Exception {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        ObjectNode record = records.addObject();
        record.put("messageId", "m1");
        record.put("receiptHandle", "r1");
        record.put("body", body);
        record.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:probe");
        record.put("awsRegion", "us-east-1");
        record.putObject("attributes").put("ApproximateReceiveCount", "1");
        Path eventFile = Files.createTempFile(dir, "event", ".json");
        Files.writeString(eventFile, Json.write(event));

        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", // the C1-only flags come from the template's JAVA_TOOL_OPTIONS, as on Lambda
                "-cp", System.getProperty("java.class.path"), LambdaProcessProbe.class.getName(), handler, eventFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear(); // nothing of this JVM's environment (a CI's AWS keys, say) leaks in
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch checkpoint = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals(LambdaProcessProbe.CHECKPOINT)) {
                        checkpoint.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            if (!checkpoint.await(90, TimeUnit.SECONDS)) {
                throw new AssertionError("the handler did not reach its checkpoint:\n" + String.join("\n", lines));
            }
            atCheckpoint.run();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write("restore\n".getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("the handler did not finish:\n" + String.join("\n", lines));
            }
            reader.join(10_000);
        } finally {
            process.destroyForcibly();
        }
        String output = String.join("\n", lines);
        List<String> failed = lines.stream().filter(l -> l.startsWith(LambdaProcessProbe.RESPONSE)).findFirst()
                .map(l -> l.substring(LambdaProcessProbe.RESPONSE.length()).replaceAll("[\\[\\] ]", ""))
                .map(s -> s.isEmpty() ? List.<String>of() : List.of(s.split(","))).orElse(List.of("<no response>"));
        return new Run(process.exitValue(), failed, output);
    }

    static String evaluate(String accountId) {
        return Json.write(new EvaluateAccount(accountId, Optional.of(AS_OF), Optional.empty()).toJson());
    }

    /** The notification message the evaluation queued for {@code accountId}, taken off the queue. */
    static String notificationFor(String accountId) {
        String queue = cloud.stack().queueUrl("NotificationQueue");
        for (int i = 0; i < 10; i++) {
            for (Message m : cloud.clients().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                if (Json.parse(m.body()).path("accountId").asText().equals(accountId)) {
                    cloud.clients().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
                    return m.body();
                }
            }
        }
        throw new AssertionError("no notification queued for " + accountId);
    }

    // ---- what the engines saw ----

    static List<LoopbackHttpServer.RequestLog> logs() {
        return List.of(LoopbackHttpServer.log(cloud.dynamoDb().endpoint()), LoopbackHttpServer.log(cloud.ses().endpoint()),
                LoopbackHttpServer.log(cloud.eventBridge().endpoint()), sqsProxy.log());
    }

    static void clearLogs() {
        logs().forEach(LoopbackHttpServer.RequestLog::clear);
    }

    static long requestsToEngines() {
        return logs().stream().mapToLong(LoopbackHttpServer.RequestLog::total).sum();
    }

    static List<LoopbackHttpServer.Received> received(URI endpoint) {
        return LoopbackHttpServer.log(endpoint).received();
    }

    static List<String> operations(List<LoopbackHttpServer.Received> received) {
        return received.stream().map(LoopbackHttpServer.Received::operation).toList();
    }

    /** Every request of every engine since the last clear was signed by {@code key} and carried {@code token}. */
    static void assertAllSignedWith(String key, String token) {
        for (LoopbackHttpServer.RequestLog log : logs()) {
            for (LoopbackHttpServer.Received r : log.received()) {
                assertEquals(Optional.of(key), r.accessKeyId(), () -> r.operation() + " signed by another key: " + r);
                assertEquals(Optional.of(token), r.securityToken(), () -> r.operation() + " without the session token: " + r);
                assertEquals("us-east-1", r.signature().orElseThrow().region());
            }
        }
    }

    static void assertSucceeded(Run run) {
        assertEquals(0, run.exit(), run::output);
        assertEquals(List.of(), run.failedMessageIds(), run::output);
    }

    // ---- the tests ----

    @Test
    void a_snapstart_function_signs_every_call_with_container_credentials_fetched_after_restore() throws Exception {
        clearLogs();
        int before = credentials.requestCount();
        LocalContainerCredentials.Issued[] restored = new LocalContainerCredentials.Issued[2];
        Runnable checkpoint0 = () -> {
            assertEquals(before, credentials.requestCount(), "init and priming fetched no credentials");
            assertEquals(0, requestsToEngines(), "init and priming called no AWS API");
            restored[0] = credentials.rotate(); // the snapshot is restored where other credentials are current
        };

        Run evaluation = run(EVALUATION_HANDLER, snapStartEnvironment(EVALUATION, credentials, credentials.token()),
                evaluate("A1"), checkpoint0);

        assertSucceeded(evaluation);
        List<LocalContainerCredentials.Request> fetches = credentials.requests().subList(before, credentials.requestCount());
        assertEquals(1, fetches.size(), "one fetch for all of the function's clients: " + fetches);
        assertTrue(fetches.get(0).authorized() && fetches.get(0).status() == 200, fetches::toString);
        assertEquals(Optional.of(restored[0].accessKeyId()), fetches.get(0).servedAccessKeyId());
        List<String> dynamo = operations(received(cloud.dynamoDb().endpoint()));
        assertTrue(dynamo.contains("DynamoDB_20120810.Query") && dynamo.contains("DynamoDB_20120810.TransactWriteItems"),
                dynamo::toString);
        assertTrue(operations(sqsProxy.log().received()).contains("AmazonSQS.SendMessageBatch"),
                () -> operations(sqsProxy.log().received()).toString());
        assertAllSignedWith(restored[0].accessKeyId(), restored[0].sessionToken());

        // the notice the evaluation queued, through the notification function (DynamoDB, SES, EventBridge)
        String notice = notificationFor("A1");
        clearLogs();
        int beforeNotification = credentials.requestCount();
        int mailsBefore = cloud.ses().outbox().size();
        Run notification = run(NOTIFICATION_HANDLER, snapStartEnvironment(NOTIFICATION, credentials, credentials.token()),
                notice, () -> {
                    assertEquals(beforeNotification, credentials.requestCount(), "init and priming fetched nothing");
                    assertEquals(0, requestsToEngines());
                    restored[1] = credentials.rotate();
                });

        assertSucceeded(notification);
        assertEquals(beforeNotification + 1, credentials.requestCount());
        assertEquals(mailsBefore + 1, cloud.ses().outbox().size());
        assertEquals(List.of("a1@example.org"), cloud.ses().outbox().get(mailsBefore).to());
        assertTrue(operations(received(cloud.ses().endpoint())).contains("POST /v2/email/outbound-emails"),
                () -> operations(received(cloud.ses().endpoint())).toString());
        assertTrue(operations(received(cloud.eventBridge().endpoint())).contains("AWSEvents.PutEvents"),
                () -> operations(received(cloud.eventBridge().endpoint())).toString());
        assertFalse(received(cloud.dynamoDb().endpoint()).isEmpty());
        assertAllSignedWith(restored[1].accessKeyId(), restored[1].sessionToken());
    }

    @Test
    void a_plain_lambda_function_signs_with_its_access_key_variables_and_fetches_nothing() throws Exception {
        clearLogs();
        int before = credentials.requestCount();
        Runnable nothingYet = () -> assertEquals(0, requestsToEngines(), "init and priming called no AWS API");

        assertSucceeded(run(EVALUATION_HANDLER, plainEnvironment(EVALUATION), evaluate("A2"), nothingYet));
        assertTrue(operations(sqsProxy.log().received()).contains("AmazonSQS.SendMessageBatch"));
        assertAllSignedWith(PLAIN_KEY, PLAIN_TOKEN);

        String notice = notificationFor("A2");
        clearLogs();
        assertSucceeded(run(NOTIFICATION_HANDLER, plainEnvironment(NOTIFICATION), notice, nothingYet));
        assertTrue(operations(received(cloud.ses().endpoint())).contains("POST /v2/email/outbound-emails"));
        assertTrue(operations(received(cloud.eventBridge().endpoint())).contains("AWSEvents.PutEvents"));
        assertAllSignedWith(PLAIN_KEY, PLAIN_TOKEN);
        assertEquals(before, credentials.requestCount(), "no container credentials were asked for");
    }

    @Test
    void with_the_wrong_token_the_endpoint_refuses_and_no_call_is_signed() throws Exception {
        clearLogs();
        int before = credentials.requestCount();

        Run run = run(EVALUATION_HANDLER, snapStartEnvironment(EVALUATION, credentials, "not-the-token"), evaluate("A3"), () -> { });

        assertEquals(0, run.exit(), run::output);
        assertEquals(List.of("m1"), run.failedMessageIds(), "the record fails and is retried by SQS: " + run.output());
        List<LocalContainerCredentials.Request> asked = credentials.requests().subList(before, credentials.requestCount());
        assertFalse(asked.isEmpty());
        assertTrue(asked.stream().allMatch(r -> r.status() == 403 && r.authorizationPresent() && !r.authorized()), asked::toString);
        assertEquals(0, requestsToEngines(), "nothing reached an engine unsigned or signed with anything else");
        assertTrue(run.output().lines().anyMatch(l -> l.contains("\"message\":\"message failed\"") && l.contains("credentials")),
                () -> "the record's failure names the credentials: " + run.output());
    }

    @Test
    void credentials_close_to_expiry_are_replaced_before_they_sign_again() throws Exception {
        // 90 s of validity is inside the SDK's refresh window (from 15 minutes before expiry, jittered to at
        // most one minute before it calls them stale): every use fetches first; the stand-in rotates on each fetch
        try (LocalContainerCredentials shortLived = LocalContainerCredentials.start(null, Duration.ofSeconds(90),
                java.time.Clock.systemUTC())) {
            shortLived.rotateOnEveryFetch(true);
            clearLogs();

            assertSucceeded(run(EVALUATION_HANDLER, snapStartEnvironment(EVALUATION, shortLived, shortLived.token()), evaluate("A4"),
                    () -> assertEquals(0, shortLived.requestCount())));

            List<String> served = shortLived.requests().stream().map(r -> r.servedAccessKeyId().orElseThrow()).toList();
            assertTrue(served.size() >= 2, "refetched: " + served);
            Set<String> used = new LinkedHashSet<>();
            List<LoopbackHttpServer.Received> all = new ArrayList<>(received(cloud.dynamoDb().endpoint()));
            all.addAll(sqsProxy.log().received());
            all.forEach(r -> used.add(r.accessKeyId().orElseThrow()));
            assertTrue(used.size() >= 2, "later calls were signed with newer credentials: " + used);
            assertTrue(served.containsAll(used), "every key that signed was one the endpoint served: " + used + " / " + served);
            int newest = -1;
            for (LoopbackHttpServer.Received r : received(cloud.dynamoDb().endpoint())) {
                int issuedAt = served.indexOf(r.accessKeyId().orElseThrow());
                assertTrue(issuedAt >= newest, "no call went back to older credentials: " + r);
                newest = issuedAt;
            }
        }
    }
}
