package dunning.bench.coldstart;

import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.ActionRecords;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.domain.engine.Effect;
import dunning.domain.plan.Plan;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.local.LocalCloud;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

        // the engines on loopback, provisioned from template.yaml; each function gets its template environment
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().withTemplate(root.resolve("template.yaml"))
                .startingAt(Instant.now()))) {
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
                if (!hasClass(jar, f.handler)) {
                    System.out.printf("%-20s %s%n", f.module, "not built: " + f.handler + " is not in " + root.relativize(jar));
                    continue;
                }
                Map<String, String> env = cloud.environmentFor(f.logicalId);
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

    static Effect.Context context(String day, String level) {
        return new Effect.Context("A1", LocalDate.parse(day), java.util.Optional.of(1), java.util.Optional.of(level),
                java.util.Optional.of(Plan.Path.STANDARD), "p", 1, 8, new BigDecimal("120.00"), "USD");
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
            DynamoPlanCatalog plans = new DynamoPlanCatalog(table, java.time.Clock.systemUTC());
            plans.putTerm(new DynamoPlanCatalog.Term("net0", 0, "p"));
            plans.publish("p", "id: p\nname: P\npaths:\n  STANDARD:\n"
                    + "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }\n", false);
            // each run evaluates afresh: the level fires again, as on a cold container's first message
            for (Map<String, AttributeValue> key : List.of(Attr.key(Keys.account("A1"), Keys.SK_STATE),
                    Attr.key(Keys.action("A1#1#Reminder#0"), Keys.SK_ITEM), Attr.key(Keys.payment("pay_0001#FAILED"), Keys.SK_ITEM),
                    Attr.key(Keys.payment("stripe:evt_1QpaidGHIjkl#SUCCEEDED"), Keys.SK_ITEM),
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
            // the records the evaluation would have written for the sample messages under events/
            for (Effect effect : List.of(
                    new Effect.ApplyFee("A1#E1#Second Notice#fee", context("2026-01-09", "Second Notice"), new BigDecimal("2.00"), "late-fee"),
                    new Effect.SendEmail("A1#E1#First Reminder#email#first-reminder", context("2026-01-02", "First Reminder"),
                            "first-reminder", Effect.Purpose.LEVEL, java.util.Optional.empty()),
                    new Effect.ChangeStatus("A1#E1#Suspension#status", context("2026-01-31", "Suspension"), Plan.Status.ACTIVE,
                            Plan.Status.SUSPENDED, 1, "dunning level Suspension"))) {
                clients.dynamoDb().deleteItem(DeleteItemRequest.builder().tableName(table.name())
                        .key(Attr.key(Keys.action(effect.key()), Keys.SK_ITEM)).build());
                List<TransactWriteItem> writes = ActionRecords.pending(table.name(), effect, Instant.now());
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
}
