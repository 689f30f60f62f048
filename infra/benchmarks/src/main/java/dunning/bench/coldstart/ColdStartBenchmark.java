package dunning.bench.coldstart;

import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.ActionRecords;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoPlans;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.store.ActionKind;
import dunning.local.dynamodb.LocalDynamoDb;
import dunning.local.eventbridge.LocalEventBridge;
import dunning.local.ses.LocalSes;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Cold start per function, the way Lambda pays it: for each function a fresh JVM with Lambda's
 * flags ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1}, 512 MB heap) loads the function's
 * deployable jar, builds the handler with its no-arg constructor (reading the environment the
 * template gives it, pointed at the local cloud) and invokes it once with its sample event from
 * {@code events/}. Each is run several times beside a hello-world JVM under the same flags; the
 * table gives the median wall time from process start to exit and its ratio to hello-world, without
 * and with an AppCDS archive made by a training run.
 *
 * <p>Run: {@code mvn -B -q package -DskipTests && java -cp "$(cat infra/benchmarks/target/classpath.txt):infra/benchmarks/target/classes" dunning.bench.coldstart.ColdStartBenchmark [runs]}
 */
public final class ColdStartBenchmark {
    private static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-Xmx512m", "-Xms512m");
    private static final Pattern PROBE = Pattern.compile("init=(\\d+) invoke=(\\d+)");

    record Function(String logicalId, String module, String handler, String event) {
        Path jar(Path root) {
            return root.resolve("functions").resolve(module).resolve("target").resolve(module + "-lambda.jar");
        }
    }

    static final List<Function> FUNCTIONS = List.of(
            new Function("BillRunFunction", "bill-run", "dunning.functions.billrun.BillRunHandler", "bill-run-schedule.json"),
            new Function("DunningEvaluationFunction", "dunning-evaluation", "dunning.functions.evaluation.EvaluationHandler", "dunning-evaluation.json"),
            new Function("FeeApplicationFunction", "fee-application", "dunning.functions.fee.FeeApplicationHandler", "fee-application.json"),
            new Function("NotificationFunction", "notification", "dunning.functions.notification.NotificationHandler", "notification.json"),
            new Function("StatusChangeFunction", "status-change", "dunning.functions.status.StatusChangeHandler", "status-change.json"),
            new Function("PaymentEventsFunction", "payment-events", "dunning.functions.payment.PaymentEventsHandler", "payment-events.json"));

    record Run(long wallMs, long initMs, long invokeMs) {}

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path root = repositoryRoot();
        // AppCDS takes jars only on the class path: the probe runs from the benchmarks jar
        Path probeClasses = root.resolve("infra/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar");
        Path cds = Files.createDirectories(root.resolve("infra/benchmarks/target/cds"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        try (Engines cloud = Engines.start()) {
            List<Long> hello = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                hello.add(spawn(java, List.of(), probeClasses.toString(), List.of(HelloWorld.class.getName()), Map.of()).wallMs);
            }
            long helloMedian = median(hello);
            System.out.printf("%-20s %8s %6s %8s %8s %10s %6s%n", "function", "median", "ratio", "init", "invoke",
                    "AppCDS", "ratio");
            System.out.printf("%-20s %6d ms %6s%n", "hello-world", helloMedian, "1.0x");
            for (Function f : FUNCTIONS) {
                Path jar = f.jar(root);
                if (!cloud.serves(f.logicalId)) {
                    System.out.printf("%-20s %s%n", f.module, "skipped: needs the SES v2 endpoint of the local cloud, not built yet");
                    continue;
                }
                if (!hasClass(jar, f.handler)) {
                    System.out.printf("%-20s %s%n", f.module, "not built: " + f.handler + " is not in " + root.relativize(jar));
                    continue;
                }
                Map<String, String> env = new HashMap<>(cloud.environmentFor(f.logicalId));
                env.put("AWS_ACCESS_KEY_ID", "local");
                env.put("AWS_SECRET_ACCESS_KEY", "local");
                String classpath = jar + File.pathSeparator + probeClasses;
                List<String> probe = List.of(ColdStartProbe.class.getName(), f.handler,
                        root.resolve("events").resolve(f.event).toString());

                List<Run> plain = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    seed(env);
                    plain.add(spawn(java, List.of(), classpath, probe, env));
                }
                Path archive = cds.resolve(f.module + ".jsa");
                Files.deleteIfExists(archive);
                seed(env);
                spawn(java, List.of("-XX:ArchiveClassesAtExit=" + archive), classpath, probe, env);
                List<Run> withCds = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    seed(env);
                    withCds.add(spawn(java, List.of("-XX:SharedArchiveFile=" + archive), classpath, probe, env));
                }
                long m = median(plain.stream().map(Run::wallMs).toList());
                long c = median(withCds.stream().map(Run::wallMs).toList());
                System.out.printf("%-20s %6d ms %5.1fx %5d ms %5d ms %7d ms %5.1fx%n", f.module, m, (double) m / helloMedian,
                        median(plain.stream().map(Run::initMs).toList()), median(plain.stream().map(Run::invokeMs).toList()),
                        c, (double) c / helloMedian);
            }
        }
    }

    /** Puts back what the sample events act on: account A1, an open invoice, and PENDING action records. */
    static void seed(Map<String, String> environment) {
        try (AwsClients clients = new AwsClients(Env.of(environment))) {
            DynamoTable table = new DynamoTable(clients.dynamoDb(), environment.get("TABLE_NAME"));
            Map<String, AttributeValue> profile = Attr.key(Keys.account("A1"), Keys.SK_PROFILE);
            profile.put(AccountItems.ACCOUNT_ID, Attr.s("A1"));
            profile.put(AccountItems.NAME, Attr.s("Ada Lovelace"));
            profile.put(AccountItems.EMAIL, Attr.s("ada@example.org"));
            profile.put(AccountItems.LOCALE, Attr.s("en"));
            profile.put(AccountItems.TIME_ZONE, Attr.s("UTC"));
            profile.put(AccountItems.CURRENCY, Attr.s("USD"));
            profile.put(AccountItems.STATUS, Attr.s("ACTIVE"));
            profile.put(AccountItems.AR_TERM, Attr.s("net0"));
            AccountItems.indexBillGroup(profile, "A1", "monthly-1");
            Map<String, AttributeValue> term = Attr.key(Keys.arTerm("net0"), Keys.SK_ITEM);
            term.put("netDays", Attr.n(0));
            term.put(DynamoPlans.PLAN_ID, Attr.s("p"));
            clients.dynamoDb().putItem(PutItemRequest.builder().tableName(table.name()).item(term).build());
            Map<String, AttributeValue> plan = Attr.key(Keys.plan("p"), Keys.SK_ITEM);
            plan.put(DynamoPlans.YAML, Attr.s("id: p\nname: P\npaths:\n  STANDARD:\n"
                    + "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }\n"));
            clients.dynamoDb().putItem(PutItemRequest.builder().tableName(table.name()).item(plan).build());
            // each run evaluates afresh: the level fires again, as on a cold container's first message
            for (Map<String, AttributeValue> key : List.of(Attr.key(Keys.account("A1"), Keys.SK_STATE),
                    Attr.key(Keys.action("A1#1#0#0"), Keys.SK_ITEM), Attr.key(Keys.payment("pay_0001"), Keys.SK_ITEM),
                    Attr.key(Keys.payment("stripe:evt_1QpaidGHIjkl"), Keys.SK_ITEM),
                    Attr.key(Keys.account("A1"), Keys.SK_CHARGE + dunning.aws.store.FeeLedger.chargeId("A1#E1#Second Notice#fee")))) {
                clients.dynamoDb().deleteItem(DeleteItemRequest.builder().tableName(table.name()).key(key).build());
            }
            Map<String, AttributeValue> stripe = Attr.key(Keys.external("stripe", "cus_QxYz123"), Keys.SK_ITEM);
            stripe.put(AccountItems.ACCOUNT_ID, Attr.s("A1"));
            clients.dynamoDb().putItem(PutItemRequest.builder().tableName(table.name()).item(stripe).build());
            clients.dynamoDb().putItem(PutItemRequest.builder().tableName(table.name()).item(profile).build());
            clients.dynamoDb().putItem(PutItemRequest.builder().tableName(table.name()).item(AccountItems.invoice("A1", "INV-1",
                    "INV-1", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), "USD", new BigDecimal("120.00"),
                    new BigDecimal("120.00"), "OPEN")).build());
            ActionRecords actions = new ActionRecords(table);
            for (String[] action : new String[][] {
                {"A1#E1#Second Notice#fee", "FEE"},
                {"A1#E1#First Reminder#email#first-reminder", "EMAIL"},
                {"A1#E1#Suspension#status", "STATUS"}}) {
                clients.dynamoDb().deleteItem(DeleteItemRequest.builder().tableName(table.name())
                        .key(Attr.key(Keys.action(action[0]), Keys.SK_ITEM)).build());
                List<TransactWriteItem> writes = List.of(actions.pending(action[0], "A1", ActionKind.valueOf(action[1]),
                        "{}", Instant.now()));
                clients.dynamoDb().transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes).build());
            }
        }
    }

    static Run spawn(String java, List<String> extraFlags, String classpath, List<String> mainAndArgs,
                     Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(LAMBDA_FLAGS);
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(classpath);
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException("cold-start run failed (exit " + exit + "): " + String.join(" ", mainAndArgs)
                    + "\n" + output);
        }
        if (System.getenv("COLD_START_VERBOSE") != null) {
            System.out.println(output); // the handler's own log lines: what the invocation did
        }
        Matcher m = PROBE.matcher(output);
        return m.find() ? new Run(wall, Long.parseLong(m.group(1)), Long.parseLong(m.group(2))) : new Run(wall, 0, 0);
    }

    static boolean hasClass(Path jar, String className) throws IOException {
        if (!Files.exists(jar)) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(className.replace('.', '/') + ".class") != null;
        }
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("functions"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository: no functions/ folder above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /**
     * The engines the measured functions talk to, on loopback: the DynamoDB API engine with the
     * table shaped as template.yaml declares it, and ElasticMQ with the queues.
     */
    static final class Engines implements AutoCloseable {
        private final LocalDynamoDb dynamoDb;
        private final SQSRestServer sqs;
        private LocalEventBridge eventBridge;
        private LocalSes ses;
        private final int sqsPort;
        private final Map<String, String> base = new HashMap<>();

        private Engines(LocalDynamoDb dynamoDb, SQSRestServer sqs, int sqsPort) {
            this.dynamoDb = dynamoDb;
            this.sqs = sqs;
            this.sqsPort = sqsPort;
        }

        static Engines start() throws IOException {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            SQSRestServer sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
            sqs.waitUntilStarted();
            Engines engines = new Engines(LocalDynamoDb.start(), sqs, port);
            engines.provision();
            return engines;
        }

        private void provision() {
            base.put("AWS_REGION", "us-east-1");
            base.put(AwsClients.ENDPOINT_DYNAMODB, dynamoDb.endpoint().toString());
            base.put(AwsClients.ENDPOINT_SQS, "http://127.0.0.1:" + sqsPort);
            eventBridge = LocalEventBridge.start(new AwsClients(Env.of(Map.copyOf(base))).sqs(), "us-east-1");
            base.put(AwsClients.ENDPOINT_EVENTBRIDGE, eventBridge.endpoint().toString());
            ses = LocalSes.start(Optional.empty());
            ses.verify("billing@dunning.example");
            base.put(AwsClients.ENDPOINT_SESV2, ses.endpoint().toString());
            base.put("SENDER_EMAIL", "billing@dunning.example");
            base.put("PAY_LINK_BASE_URL", "https://pay.dunning.example/");
            base.put("TABLE_NAME", "DunningTable");
            base.put("ALLOWED_EVENT_SOURCES", "billing.payments,aws.partner/stripe.com");
            try (AwsClients clients = new AwsClients(Env.of(base))) {
                clients.dynamoDb().createTable(b -> b.tableName("DunningTable").billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(Stream.of("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk")
                                .map(n -> AttributeDefinition.builder().attributeName(n).attributeType(ScalarAttributeType.S).build())
                                .toList())
                        .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                        .globalSecondaryIndexes(
                                GlobalSecondaryIndex.builder().indexName(Keys.BY_BILL_GROUP)
                                        .keySchema(key("gsi1pk", KeyType.HASH), key("gsi1sk", KeyType.RANGE))
                                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build(),
                                GlobalSecondaryIndex.builder().indexName(Keys.OPEN_INVOICES_BY_DUE_DATE)
                                        .keySchema(key("gsi2pk", KeyType.HASH), key("gsi2sk", KeyType.RANGE))
                                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
                Map<String, String> queues = Map.of("BillRunQueue", "BILL_RUN_QUEUE_URL", "EvaluationQueue", "EVALUATION_QUEUE_URL",
                        "FeeQueue", "FEE_QUEUE_URL", "NotificationQueue", "NOTIFICATION_QUEUE_URL",
                        "StatusChangeQueue", "STATUS_CHANGE_QUEUE_URL");
                queues.forEach((queue, variable) -> base.put(variable,
                        clients.sqs().createQueue(b -> b.queueName(queue)).queueUrl()));
                // the evaluation publishes only event, task and retry actions; its sample fires an email
                base.put("EVENT_BUS_NAME", "dunning");
            }
        }

        private static KeySchemaElement key(String name, KeyType type) {
            return KeySchemaElement.builder().attributeName(name).keyType(type).build();
        }

        /** Every function: the engines cover DynamoDB, SQS, EventBridge and SES. */
        boolean serves(String logicalId) {
            return true;
        }

        Map<String, String> environmentFor(String logicalId) {
            return Map.copyOf(base);
        }

        @Override
        public void close() {
            dynamoDb.close();
            if (eventBridge != null) {
                eventBridge.close();
            }
            if (ses != null) {
                ses.close();
            }
            sqs.stopAndWait();
        }
    }
}
