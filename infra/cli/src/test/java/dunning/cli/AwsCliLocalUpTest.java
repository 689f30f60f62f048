package dunning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.aws.dynamodb.HistoryCodec;
import dunning.aws.dynamodb.Keys;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real AWS CLI (botocore) against a running {@code dunning local up}, an outside judge of the
 * engines (DESIGN §7): the local cloud starts as a child process, the CLI seeds two accounts the
 * way TableSeeder writes them ({@code dynamodb put-item}), puts a {@code Payment Succeeded} from
 * billing and a real Stripe {@code invoice.paid} capture on EventBridge ({@code events put-events},
 * {@code put-partner-events}), and reads the booked effects back ({@code dynamodb query}): the
 * invoice PAID, the inbox consumed, the ledger entry in HISTORY#&lt;account&gt;. The CLI is given
 * {@code AWS_ENDPOINT_URL} alone where it honours it (AWS CLI 1.29+ / 2.13+); older ones (Debian
 * bookworm's awscli is 2.9) get {@code --endpoint-url}, and so does CLI v1's {@code aws sqs}, whose
 * customization pins queue.amazonaws.com whatever the environment says.
 *
 * <p>The child runs the class {@code ./dunning} runs ({@code dunning.cli.DunningCli}) on this
 * module's test class path: {@code ./dunning} itself would start a Maven build of the reactor
 * that is running this test. Skipped, with the reason, where no {@code aws} is on the PATH.
 */
class AwsCliLocalUpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String START = "2026-02-17T12:00:00Z";
    static final Pattern VERSION = Pattern.compile("aws-cli/(\\d+)\\.(\\d+)\\.(\\d+)");

    /** The AWS CLI found, and how it is pointed at the endpoint. */
    record Cli(Path executable, String version, boolean honoursEndpointUrlVariable, boolean v1) {}

    record Ran(int exit, String out, String err, long millis) {}

    @Test
    void the_aws_cli_puts_a_billing_payment_and_a_stripe_event_and_reads_the_booked_effects_back(@TempDir Path dir) throws Exception {
        Cli cli = findCli();
        Path root = root();
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path capture = root.resolve("../shared/fixtures/stripe/invoice.paid-2022-11-15.json").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(capture), "the real Stripe capture is not here: " + capture
                + " (../shared beside the project)");
        JsonNode stripeEvent = JSON.readTree(Files.readString(capture));
        String stripeBus = stripeEvent.path("source").asText();

        // run from a directory with no template.yaml above it: --template alone names it
        LocalUpProcess up = LocalUpProcess.start(dir, port, List.of("--clock", "simulated", "--start", START,
                "--template", root.resolve("template.yaml").toString(),
                // the partner bus is named after the event source Stripe's destination created, as the capture's is
                "--param", "StripeEventBusName=" + stripeBus,
                "--function-log", dir.resolve("functions.log").toString()));
        List<String> lines = up.lines;
        try {
            long readyMillis = up.readyMillis;
            System.out.printf("AWS CLI %s at %s; AWS_ENDPOINT_URL alone: %s%n", cli.version(), cli.executable(),
                    cli.honoursEndpointUrlVariable() ? "yes" : "no, it predates the variable (1.29 / 2.13): --endpoint-url is passed");
            System.out.printf("local up: ready %d ms after the JVM was launched (%s)%n", readyMillis,
                    lines.stream().filter(l -> l.startsWith("started in")).findFirst().orElse("?"));

            JsonNode stack = JSON.readTree(http("GET", endpoint, "/_dunning/outputs"));
            String table = stack.path("outputs").path(StackOptions.TABLE_OUTPUT).asText();
            assertFalse(table.isEmpty(), stack.toString());
            assertTrue(String.join("\n", lines).contains(table), "local up prints the table it provisioned");

            // ---- seed two accounts as TableSeeder writes them: plan version, AR term, profile, open invoice, Stripe customer
            String plan = String.join("\n", "id: cli-standard", "name: Standard (AWS CLI test)",
                    "minimumOverdue: { USD: \"1.00\", EUR: \"1.00\" }", "graceDays: 0", "paths:", "  STANDARD:",
                    "    - name: First Reminder", "      days: 1", "      actions:", "        - email: { template: first-reminder }", "");
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            items.addAll(planItems("cli-standard", plan));
            Map<String, AttributeValue> term = Attr.key(Keys.arTerm("net30"), Keys.SK_ITEM);
            term.put(DynamoPlanCatalog.NET_DAYS, Attr.n(30));
            term.put(DynamoPlanCatalog.PLAN_ID, Attr.s("cli-standard"));
            items.add(term);
            items.add(profile("A1", "USD", "net30"));
            items.add(AccountItems.invoice("A1", "INV-1", "INV-1", LocalDate.parse("2026-01-10"), LocalDate.parse("2026-02-09"), "USD",
                    new BigDecimal("50.00"), new BigDecimal("50.00"), "OPEN"));
            JsonNode stripeInvoice = stripeEvent.path("detail").path("data").path("object");
            String stripeInvoiceId = stripeInvoice.path("id").asText();
            items.add(profile("B1", "EUR", "net30"));
            items.add(AccountItems.invoice("B1", stripeInvoiceId, stripeInvoice.path("number").asText(stripeInvoiceId),
                    LocalDate.parse("2026-02-16"), LocalDate.parse("2026-02-16"), "EUR", new BigDecimal("20.00"), new BigDecimal("20.00"), "OPEN"));
            Map<String, AttributeValue> customer = Attr.key(Keys.external("stripe", stripeInvoice.path("customer").asText()), Keys.SK_ITEM);
            customer.put(AccountItems.ACCOUNT_ID, Attr.s("B1"));
            items.add(customer);
            for (int i = 0; i < items.size(); i++) {
                Path item = Files.writeString(dir.resolve("item-" + i + ".json"), dynamoJson(items.get(i)).toString());
                aws(cli, dir, endpoint, "dynamodb", "put-item", "--table-name", table, "--item", "file://" + item);
            }

            try (DynamoDbClient probe = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe")))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                // ---- a Payment Succeeded from our own billing (the sample of events/), on the default bus
                JsonNode sample = JSON.readTree(Files.readString(root.resolve("events/payment-succeeded.json")));
                assertEquals("A1", sample.path("detail").path("accountId").asText(), "the sample pays A1's INV-1");
                ArrayNode own = JSON.createArrayNode();
                own.addObject().put("Source", sample.path("source").asText()).put("DetailType", sample.path("detail-type").asText())
                        .put("Detail", sample.path("detail").toString());
                Path ownFile = Files.writeString(dir.resolve("payment-succeeded.json"), own.toString());
                long t0 = System.nanoTime();
                JsonNode put = JSON.readTree(aws(cli, dir, endpoint, "events", "put-events", "--entries", "file://" + ownFile).out());
                long t1 = System.nanoTime();
                assertEquals(0, put.path("FailedEntryCount").asInt(), put.toString());
                long t2 = waitForPaid(probe, table, "A1", "INV-1");
                System.out.printf("round trip: events put-events -> A1's INV-1 PAID: %d ms in all (the CLI call %d ms, Python's start "
                        + "included; then %d ms through payment-events and evaluation)%n",
                        (t2 - t0) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);

                // ---- Stripe's invoice.paid, put as Stripe puts it: on its partner bus, from its partner source
                ArrayNode partner = JSON.createArrayNode();
                ObjectNode entry = partner.addObject().put("Source", stripeBus).put("DetailType", stripeEvent.path("detail-type").asText())
                        .put("Detail", stripeEvent.path("detail").toString());
                entry.set("Resources", stripeEvent.path("resources"));
                Path partnerFile = Files.writeString(dir.resolve("stripe-invoice-paid.json"), partner.toString());
                long s0 = System.nanoTime();
                JsonNode partnerPut = JSON.readTree(aws(cli, dir, endpoint, "events", "put-partner-events", "--entries",
                        "file://" + partnerFile).out());
                assertEquals(0, partnerPut.path("FailedEntryCount").asInt(), partnerPut.toString());
                long s2 = waitForPaid(probe, table, "B1", stripeInvoiceId);
                System.out.printf("round trip: events put-partner-events -> B1's %s PAID: %d ms%n", stripeInvoiceId, (s2 - s0) / 1_000_000);
            }

            JsonNode rules = JSON.readTree(aws(cli, dir, endpoint, "events", "list-rules", "--event-bus-name", stripeBus).out());
            assertTrue(StreamSupport.stream(rules.path("Rules").spliterator(), false)
                    .anyMatch(r -> r.path("EventPattern").asText().contains("aws.partner/stripe.com")), rules.toString());

            JsonNode drained = JSON.readTree(http("POST", endpoint, "/_dunning/drain"));
            drained.path("deadLetterQueues").fields().forEachRemaining(q ->
                    assertEquals(0, q.getValue().asInt(), q.getKey() + " holds a message: " + drained));

            // ---- the booked effects, read back with the CLI
            assertBooked(cli, dir, endpoint, table, "A1", "INV-1", "50.00");
            assertBooked(cli, dir, endpoint, table, "B1", stripeInvoiceId, "20.00");

            // ---- SQS through the edge, in the CLI's own protocol (JSON for 1.x here, the query protocol for 2.9)
            String dlq = stack.path("queues").path("PaymentEventsQueueDLQ").asText();
            JsonNode attributes = JSON.readTree(aws(cli, dir, endpoint, "sqs", "get-queue-attributes", "--queue-url", dlq,
                    "--attribute-names", "ApproximateNumberOfMessages").out());
            assertEquals("0", attributes.path("Attributes").path("ApproximateNumberOfMessages").asText(), attributes.toString());
            JsonNode queues = JSON.readTree(aws(cli, dir, endpoint, "sqs", "list-queues").out());
            assertTrue(queues.path("QueueUrls").toString().contains(stack.path("queues").path("PaymentEventsQueue").asText()), queues.toString());

            // ---- time moves when told
            JsonNode advanced = JSON.readTree(http("POST", endpoint, "/_dunning/clock/advance?to=2026-02-18T07:00:00Z"));
            assertEquals("2026-02-18T07:00:00Z", advanced.path("now").asText(), advanced.toString());
            assertFalse(advanced.path("fired").isEmpty(), "a day's schedules fired: " + advanced);
        } finally {
            up.close();
        }
        assertTrue(lines.contains("dunning local cloud stopped"), "exit " + up.process.exitValue() + ":\n" + up.output());
        try (ServerSocket again = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the edge port is free once stopped");
        }
    }

    /** The invoice PAID with no balance, no inbox entry left, and the payment in the account's ledger (HISTORY#). */
    static void assertBooked(Cli cli, Path dir, URI endpoint, String table, String account, String invoice, String amount) throws Exception {
        JsonNode collection = query(cli, dir, endpoint, table, Keys.account(account));
        JsonNode invoiceItem = find(collection, Keys.invoiceSk(invoice)).orElseThrow(() -> new AssertionError("no invoice: " + collection));
        assertEquals("PAID", invoiceItem.path(AccountItems.INVOICE_STATUS).path("S").asText(), invoiceItem.toString());
        assertEquals(0, new BigDecimal(invoiceItem.path(AccountItems.BALANCE).path("S").asText()).signum(), invoiceItem.toString());
        assertTrue(StreamSupport.stream(collection.path("Items").spliterator(), false)
                .noneMatch(i -> i.path(Keys.SK).path("S").asText().startsWith(Keys.SK_INBOX)), "the inbox was consumed: " + collection);
        JsonNode history = query(cli, dir, endpoint, table, Keys.accountHistory(account));
        assertTrue(StreamSupport.stream(history.path("Items").spliterator(), false).anyMatch(i ->
                i.path(Keys.SK).path("S").asText().startsWith(HistoryCodec.SK_LEDGER)
                        && i.path("entryKind").path("S").asText().equals("PAYMENT")
                        && i.path(AccountItems.INVOICE_ID).path("S").asText().equals(invoice)
                        && new BigDecimal(i.path(AccountItems.AMOUNT).path("S").asText()).abs().compareTo(new BigDecimal(amount)) == 0),
                "a PAYMENT of " + amount + " on " + invoice + " in the ledger: " + history);
    }

    static JsonNode query(Cli cli, Path dir, URI endpoint, String table, String pk) throws Exception {
        ObjectNode values = JSON.createObjectNode();
        values.putObject(":pk").put("S", pk);
        return JSON.readTree(aws(cli, dir, endpoint, "dynamodb", "query", "--table-name", table, "--consistent-read",
                "--key-condition-expression", "pk = :pk", "--expression-attribute-values", values.toString()).out());
    }

    static Optional<JsonNode> find(JsonNode queryAnswer, String sk) {
        return StreamSupport.stream(queryAnswer.path("Items").spliterator(), false)
                .filter(i -> i.path(Keys.SK).path("S").asText().equals(sk)).findFirst();
    }

    /** Polls (a measurement, not an assertion of speed) until the invoice reads PAID; the nano time it did. */
    static long waitForPaid(DynamoDbClient ddb, String table, String account, String invoice) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.account(account)), Keys.SK, AttributeValue.fromS(Keys.invoiceSk(invoice))))).item();
            if (item != null && item.containsKey(AccountItems.INVOICE_STATUS) && "PAID".equals(item.get(AccountItems.INVOICE_STATUS).s())) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new AssertionError(account + "'s " + invoice + " was not PAID within 120 s");
    }

    /** Runs the AWS CLI with the endpoint in AWS_ENDPOINT_URL (plus --endpoint-url where the CLI would not honour it). */
    static Ran aws(Cli cli, Path dir, URI endpoint, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(cli.executable().toString());
        boolean sqsPinnedByV1 = cli.v1() && args[0].equals("sqs");
        if (!cli.honoursEndpointUrlVariable() || sqsPinnedByV1) {
            command.add("--endpoint-url");
            command.add(endpoint.toString());
        }
        command.add("--output");
        command.add("json");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Ran ran = run(command, builder);
        if (ran.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + ran.exit() + ":\n" + ran.out() + ran.err());
        }
        return ran;
    }

    static Ran run(List<String> command, ProcessBuilder builder) throws Exception {
        long t0 = System.nanoTime();
        Path out = Files.createTempFile("aws-out", ".txt");
        Path err = Files.createTempFile("aws-err", ".txt");
        try {
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
            }
            return new Ran(p.exitValue(), Files.readString(out), Files.readString(err), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code aws} on the PATH and its version, or the test is skipped with the reason. */
    static Cli findCli() throws Exception {
        Optional<Path> aws = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "aws")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(aws.isPresent(), "no `aws` (the AWS CLI) on the PATH: the AWS CLI check of `dunning local up` "
                + "is skipped (.ci/run installs Debian's awscli where apt-get can)");
        ProcessBuilder b = new ProcessBuilder(aws.get().toString(), "--version");
        b.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        Ran version = run(List.of(aws.get().toString(), "--version"), b);
        Matcher m = VERSION.matcher(version.out() + version.err());
        Assumptions.assumeTrue(version.exit() == 0 && m.find(), "`aws --version` at " + aws.get() + " does not work: "
                + version.out() + version.err());
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        // AWS_ENDPOINT_URL came with AWS CLI 1.29.0 and 2.13.0 (the SDKs and Tools guide, "Service-specific endpoints")
        boolean honours = major > 2 || (major == 2 && minor >= 13) || (major == 1 && minor >= 29);
        return new Cli(aws.get(), m.group(), honours, major == 1);
    }

    /** The plan's version item and CURRENT item, as DynamoPlanCatalog.publish writes them. */
    static List<Map<String, AttributeValue>> planItems(String planId, String yaml) throws Exception {
        Map<String, AttributeValue> v = Attr.key(Keys.plan(planId), DynamoPlanCatalog.versionSk(1));
        v.put(DynamoPlanCatalog.PLAN_ID, Attr.s(planId));
        v.put(DynamoPlanCatalog.VERSION, Attr.n(1));
        v.put(DynamoPlanCatalog.YAML, Attr.s(yaml));
        v.put(DynamoPlanCatalog.SHA256, Attr.s(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(yaml.getBytes(StandardCharsets.UTF_8)))));
        v.put(DynamoPlanCatalog.APPLIED, Attr.bool(false));
        v.put("publishedAt", Attr.s(START));
        Map<String, AttributeValue> c = Attr.key(Keys.plan(planId), Keys.SK_CURRENT);
        c.put(DynamoPlanCatalog.PLAN_ID, Attr.s(planId));
        c.put(DynamoPlanCatalog.VERSION, Attr.n(1));
        c.put(DynamoPlanCatalog.APPLIED, Attr.n(0));
        return List.of(v, c);
    }

    /** An account's PROFILE item, as TableSeeder.account writes it (no bill group). */
    static Map<String, AttributeValue> profile(String id, String currency, String arTerm) {
        Map<String, AttributeValue> p = Attr.key(Keys.account(id), Keys.SK_PROFILE);
        p.put(AccountItems.ACCOUNT_ID, Attr.s(id));
        p.put(AccountItems.NAME, Attr.s("Account " + id));
        p.put(AccountItems.EMAIL, Attr.s(id.toLowerCase(java.util.Locale.ROOT) + "@example.com"));
        p.put(AccountItems.LOCALE, Attr.s("en"));
        p.put(AccountItems.TIME_ZONE, Attr.s("UTC"));
        p.put(AccountItems.CURRENCY, Attr.s(currency));
        p.put(AccountItems.AR_TERM, Attr.s(arTerm));
        p.put(AccountItems.STATUS, Attr.s("ACTIVE"));
        p.put(AccountItems.ANNUAL_REVENUE, Attr.money(new BigDecimal("0.00")));
        p.put(AccountItems.EXEMPT, Attr.bool(false));
        p.put(AccountItems.COLLECTIONS_CASES, Attr.n(0));
        return p;
    }

    /** DynamoDB's JSON form of an item, as {@code aws dynamodb put-item --item} takes it. */
    static ObjectNode dynamoJson(Map<String, AttributeValue> item) {
        ObjectNode o = JSON.createObjectNode();
        new LinkedHashMap<>(item).forEach((k, v) -> o.set(k, dynamoJson(v)));
        return o;
    }

    static ObjectNode dynamoJson(AttributeValue v) {
        ObjectNode o = JSON.createObjectNode();
        switch (v.type()) {
            case S -> o.put("S", v.s());
            case N -> o.put("N", v.n());
            case BOOL -> o.put("BOOL", v.bool());
            case NUL -> o.put("NULL", true);
            case SS -> v.ss().forEach(o.putArray("SS")::add);
            case L -> {
                ArrayNode l = o.putArray("L");
                v.l().forEach(x -> l.add(dynamoJson(x)));
            }
            case M -> o.set("M", dynamoJson(v.m()));
            default -> throw new IllegalArgumentException("no JSON form here for " + v.type());
        }
        return o;
    }

    static String http(String method, URI endpoint, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return r.body();
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(dir.resolve("template.yaml")) || !Files.isRegularFile(dir.resolve("dunning"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
