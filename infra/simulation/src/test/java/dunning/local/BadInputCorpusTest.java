package dunning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.ActionRecords;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.HistoryCodec;
import dunning.aws.dynamodb.Keys;
import dunning.aws.json.Json;
import dunning.aws.sqs.SqsDeadLetters;
import dunning.local.runtime.LocalRuntime;
import dunning.local.seed.TableSeeder;
import dunning.local.ses.LocalSes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutPartnerEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The bad-input corpus (DESIGN §7; the inputs and what each must come to are in
 * src/test/resources/bad-inputs.yaml, which says how to read it): every input goes through the real
 * handlers on one local cloud, the way it would arrive, in one batch with good batch-mates, and each
 * has exactly its outcome (rejected to its queue's DLQ with the reason, acknowledged, or accepted as the
 * domain decides) while every batch-mate has its effect and nothing else reaches a DLQ. Every input is
 * run and every failure reported together.
 */
class BadInputCorpusTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    static final LocalDate OVERDUE = LocalDate.of(2026, 3, 1);
    static final LocalDate LATER = LocalDate.of(2026, 6, 30);
    static final String LONG_ACCOUNT = "acct-" + "x".repeat(123);
    static final String LONG_INVOICE = "inv-" + "y".repeat(124);
    /** Held action records 0 to 4 of each kind are the forgeries' to name; the batch-mates take the rest. */
    static final int FORGED_SLOTS = 5;
    static final int MATES = 2;

    static final String REMINDER_PLAN = String.join("\n",
            "id: corpus",
            "name: Corpus",
            "paths:",
            "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }");
    static final String ACTION_PLAN = String.join("\n",
            "id: act",
            "name: Act",
            "paths:",
            "  STANDARD:",
            "    - name: Escalation",
            "      days: 1",
            "      actions:",
            "        - email: { template: first-reminder }",
            "        - fee: { fixed: { USD: \"5.00\" }, service: late-fee }",
            "        - status: SUSPENDED");

    /** One corpus entry as the file gives it. */
    record Input(int number, String name, String via, Map<String, Object> spec, Map<String, Object> expect) {
        String text(String key) {
            Object v = spec.get(key);
            return v == null ? null : String.valueOf(v);
        }

        String queue() {
            return switch (via) {
                case "EventBridge", "Stripe" -> "PaymentEventsQueue";
                default -> via;
            };
        }
    }

    @SuppressWarnings("unchecked")
    static List<Input> corpus() {
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/bad-inputs.yaml")) {
            Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Input> inputs = new ArrayList<>();
            for (Object o : (List<Object>) root.get("inputs")) {
                Map<String, Object> m = (Map<String, Object>) o;
                inputs.add(new Input(inputs.size() + 1, (String) m.get("name"), (String) m.get("via"), m,
                        (Map<String, Object>) m.get("expect")));
            }
            return inputs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final Map<String, String> FUNCTION_OF_QUEUE = Map.of(
            "PaymentEventsQueue", "PaymentEventsFunction",
            "EvaluationQueue", "DunningEvaluationFunction",
            "FeeQueue", "FeeApplicationFunction",
            "NotificationQueue", "NotificationFunction",
            "StatusChangeQueue", "StatusChangeFunction",
            "BillRunQueue", "BillRunFunction");

    /** The log lines the handlers write (dunning.aws.lambda.Log), kept while they go to stdout too. */
    static final class LogLines extends OutputStream {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private final PrintStream out;

        LogLines(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            out.write(b);
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }

        List<JsonNode> since(int from) {
            List<JsonNode> out = new ArrayList<>();
            synchronized (lines) {
                for (String l : lines.subList(from, lines.size())) {
                    if (l.startsWith("{")) {
                        out.add(Json.parse(l));
                    }
                }
            }
            return out;
        }
    }

    /** A held real action message: its body, key and account. */
    record Held(String body, String key, String account) {}

    LocalCloud cloud;
    String stripeSource;
    final Map<String, List<Held>> held = new LinkedHashMap<>();
    final Map<String, Integer> nextSlot = new LinkedHashMap<>();
    int nextEvalAccount;
    int nextBillDate;
    int step;

    @Test
    void every_bad_input_has_its_outcome_and_its_batch_mates_proceed() {
        List<Input> corpus = corpus();
        assertTrue(corpus.size() >= 60, "the corpus holds at least 60 inputs, not " + corpus.size());
        Map<String, Long> perQueue = new TreeMap<>();
        corpus.forEach(i -> perQueue.merge(i.queue(), 1L, Long::sum));

        PrintStream stdout = System.out;
        LogLines log = new LogLines(stdout);
        dunning.aws.lambda.Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (LocalCloud c = LocalCloud.start(LocalCloud.Options.defaults().startingAt(NOW))) {
            cloud = c;
            // Stripe's partner bus is named after its partner event source, the source of every event on it
            stripeSource = cloud.stack().resolver().resolveString(cloud.template().rule("StripeEventsRule").orElseThrow().eventBusName());
            int actionSteps = (int) Math.max(perQueue.getOrDefault("FeeQueue", 0L),
                    Math.max(perQueue.getOrDefault("NotificationQueue", 0L), perQueue.getOrDefault("StatusChangeQueue", 0L)));
            seed(FORGED_SLOTS + MATES * actionSteps, MATES * perQueue.getOrDefault("EvaluationQueue", 0L).intValue());

            List<String> failures = new ArrayList<>();
            Map<String, Integer> outcomes = new TreeMap<>();
            for (Input input : corpus) {
                try {
                    run(input, log);
                    outcomes.merge(outcomeOf(input), 1, Integer::sum);
                } catch (AssertionError | RuntimeException e) {
                    failures.add("#" + input.number() + " " + input.name() + " (" + input.via() + "): " + e.getMessage());
                }
            }
            stdout.println("bad-input corpus: " + corpus.size() + " inputs, outcomes " + outcomes + ", by queue " + perQueue);
            assertEquals("", String.join("\n", failures), failures.size() + " of " + corpus.size() + " inputs did not come out as expected");
        } finally {
            dunning.aws.lambda.Log.redirect(stdout);
        }
    }

    static String outcomeOf(Input input) {
        return input.expect().keySet().stream().filter(k -> !k.equals("unchanged")).findFirst().orElseThrow();
    }

    // ---- the world the inputs arrive in --------------------------------------------------------------

    static TableSeeder.Account account(String id, String currency, String arTerm, Map<String, String> external) {
        return new TableSeeder.Account(id, "Customer " + id, mail(id), "en", "UTC", currency, arTerm, null, List.of(),
                BigDecimal.ZERO, false, 0, List.of(), external);
    }

    static String mail(String accountId) {
        return accountId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "") + "@example.org";
    }

    static String actAccount(int i) {
        return String.format("ACT%02d", i);
    }

    static String evalAccount(int i) {
        return String.format("EVAL%02d", i);
    }

    void seed(int actAccounts, int evalAccounts) {
        TableSeeder seeder = new TableSeeder(cloud.clients().dynamoDb(), cloud.tableName())
                .plan("corpus", REMINDER_PLAN).arTerm("net0", 0, "corpus")
                .plan("act", ACTION_PLAN).arTerm("net0act", 0, "act");
        seeder.account(account("GOOD", "USD", "net0", Map.of("stripe", "cus_GOOD")))
                .invoice("GOOD", "INV-GOOD", TODAY, LATER, "USD", new BigDecimal("1000000.00"), new BigDecimal("1000000.00"))
                .invoice("GOOD", "INV-GOOD-2", TODAY, LATER, "USD", new BigDecimal("500.00"), new BigDecimal("500.00"));
        seeder.account(account("JP1", "JPY", "net0", Map.of("stripe", "cus_JP1")))
                .invoice("JP1", "INV-JP1", TODAY, LATER, "JPY", new BigDecimal("100000"), new BigDecimal("100000"));
        seeder.account(account("ISK1", "ISK", "net0", Map.of("stripe", "cus_ISK1")));
        // a Stripe customer not dunned, by design (metadata dunning: off): its events are acknowledged
        Map<String, AttributeValue> off = Attr.key(Keys.external("stripe", "cus_OFF"), Keys.SK_ITEM);
        off.put(AccountItems.NOT_DUNNED, Attr.bool(true));
        seeder.put(off);
        seeder.account(account("BH1", "BHD", "net0", Map.of()))
                .invoice("BH1", "INV-BH1", TODAY, LATER, "BHD", new BigDecimal("100.000"), new BigDecimal("100.000"));
        seeder.account(account(LONG_ACCOUNT, "USD", "net0", Map.of()))
                .invoice(LONG_ACCOUNT, LONG_INVOICE, TODAY, LATER, "USD", new BigDecimal("100.00"), new BigDecimal("100.00"));
        seeder.account(new TableSeeder.Account("BR", "Customer BR", mail("BR"), "en", "UTC", "USD", "net0", "G-CORPUS", List.of(),
                BigDecimal.ZERO, false, 0, List.of(new TableSeeder.Recurring("Subscription", new BigDecimal("10.00"))), Map.of()));
        for (int i = 0; i < evalAccounts; i++) {
            seeder.account(account(evalAccount(i), "USD", "net0", Map.of()))
                    .invoice(evalAccount(i), "INV-" + evalAccount(i), OVERDUE, OVERDUE, "USD", new BigDecimal("80.00"), new BigDecimal("80.00"));
        }
        for (int i = 0; i < actAccounts; i++) {
            seeder.account(account(actAccount(i), "USD", "net0act", Map.of()))
                    .invoice(actAccount(i), "INV-" + actAccount(i), OVERDUE, OVERDUE, "USD", new BigDecimal("90.00"), new BigDecimal("90.00"));
        }
        seeder.flush();

        // the real action messages, held as the evaluation sends them: forgeries name them, batch-mates carry them out
        LocalRuntime runtime = cloud.runtime();
        AtomicBoolean holding = new AtomicBoolean(true);
        List<String> actionQueues = List.of("FeeQueue", "NotificationQueue", "StatusChangeQueue");
        actionQueues.forEach(q -> runtime.hold(q, body -> holding.get()));
        List<String> evaluations = new ArrayList<>();
        for (int i = 0; i < actAccounts; i++) {
            evaluations.add("{\"accountId\":\"" + actAccount(i) + "\"}");
        }
        send("EvaluationQueue", evaluations);
        runtime.drain();
        holding.set(false);
        for (String q : actionQueues) {
            String kind = q.replace("ChangeQueue", "").replace("Queue", "").toLowerCase(java.util.Locale.ROOT);
            Map<String, Held> byAccount = new TreeMap<>();
            for (String body : runtime.held(q)) {
                JsonNode m = Json.parse(body);
                byAccount.put(m.get("accountId").asText(), new Held(body, m.get("idempotencyKey").asText(), m.get("accountId").asText()));
            }
            assertEquals(actAccounts, byAccount.size(), "one held " + kind + " action per account: " + byAccount.keySet());
            held.put(kind, new ArrayList<>(byAccount.values()));
            nextSlot.put(kind, FORGED_SLOTS);
        }
        assertEquals(0, dlqMessages().size(), "setup sends nothing to a DLQ");
    }

    // ---- one input -----------------------------------------------------------------------------------

    void run(Input input, LogLines log) {
        step++;
        int invocationsBefore = cloud.runtime().invocations().size();
        int archiveBefore = cloud.eventBridge().archive().size();
        int logBefore = log.lines.size();
        int mailBefore = cloud.ses().outbox().size();
        Map<String, Object> expect = substituted(input.expect());

        if (input.via().equals("schedule")) {
            runSchedule(input, expect);
            return;
        }
        String queue = input.queue();
        deliver(input);
        List<Runnable> mateChecks = mates(queue);
        cloud.runtime().drain();

        // the batch: the input and its mates reached the function together, once (nothing retried)
        String function = FUNCTION_OF_QUEUE.get(queue);
        List<LocalRuntime.Invocation> calls = cloud.runtime().invocations().subList(invocationsBefore, cloud.runtime().invocations().size())
                .stream().filter(i -> i.function().equals(function) && i.trigger().startsWith("sqs")).toList();
        int expected = expect.containsKey("notRouted") ? MATES : MATES + 1;
        assertEquals(1, calls.size(), function + " invoked once for the batch: " + calls);
        assertEquals(expected, calls.get(0).records(), "the batch held the input and its mates: " + calls);
        assertEquals(0, calls.get(0).failed(), "no record handed back for a retry: " + calls);

        List<Message> dead = dlqMessages();
        if (expect.containsKey("rejected")) {
            String reason = (String) expect.get("rejected");
            assertEquals(1, dead.size(), "exactly the input reached a DLQ: " + describe(dead));
            Message m = dead.get(0);
            assertEquals(queue + "DLQ", queueOfDeadLetter(m), "on its own queue's DLQ");
            String got = m.messageAttributes().get(SqsDeadLetters.REASON).stringValue();
            assertTrue(got.contains(reason), "reason \"" + got + "\" should contain \"" + reason + "\"");
            assertEquals(function, m.messageAttributes().get(SqsDeadLetters.FUNCTION).stringValue());
            if (Boolean.TRUE.equals(expect.get("unchanged"))) {
                assertUnchanged(input, mailBefore);
            }
        } else {
            assertEquals(List.of(), describe(dead), "nothing reached a DLQ");
        }
        if (expect.containsKey("notDunned")) {
            assertLogged(log.since(logBefore), "not dunned", "NOT_DUNNED", (String) expect.get("notDunned"));
        }
        if (expect.containsKey("ignored")) {
            assertLogged(log.since(logBefore), "ignored: nothing to apply", "NOTHING_TO_APPLY", (String) expect.get("ignored"));
        }
        if (expect.containsKey("acknowledged")) {
            String text = (String) expect.get("acknowledged");
            assertTrue(log.since(logBefore).stream().anyMatch(l -> l.path("message").asText().contains(text)),
                    "a log line \"" + text + "\"");
        }
        if (expect.containsKey("notRouted")) {
            List<LocalEventBridgeView> archived = archivedSince(archiveBefore);
            assertTrue(archived.stream().anyMatch(a -> a.source().equals(input.text("source")) && a.routedTo().isEmpty()),
                    "EventBridge took the event and routed it nowhere: " + archived);
        }
        if (expect.containsKey("booked")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> b = (Map<String, Object>) expect.get("booked");
            assertBooked((String) b.get("account"), (String) b.get("kind"), (String) b.get("payment"),
                    Optional.ofNullable((String) b.get("amount")));
        }
        if (expect.containsKey("decided")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) expect.get("decided");
            assertDecided((String) d.get("account"), (String) d.get("event"));
        }
        mateChecks.forEach(Runnable::run);
    }

    void runSchedule(Input input, Map<String, Object> expect) {
        String answer = cloud.runtime().invoke("BillRunFunction", body(input));
        JsonNode a = Json.parse(answer);
        String reason = (String) expect.get("rejected");
        assertTrue(a.path("error").asText().contains(reason), "answer " + answer + " should name \"" + reason + "\"");
        // its mate: the next good Input is answered as usual
        JsonNode ok = Json.parse(cloud.runtime().invoke("BillRunFunction", "{\"kind\":\"REDISPATCH\",\"olderThanMinutes\":1440}"));
        assertEquals("REDISPATCH", ok.path("kind").asText(), ok.toString());
        assertEquals(List.of(), describe(dlqMessages()), "nothing reached a DLQ");
    }

    // ---- delivering ------------------------------------------------------------------------------------

    void deliver(Input input) {
        switch (input.via()) {
            case "EventBridge" -> putEvents(input.text("source"), input.text("detailType"), expand(input.text("detail")));
            case "Stripe" -> putPartnerEvents(Optional.ofNullable(input.text("source")).orElse(stripeSource), input.text("detailType"),
                    expand(input.text("detail")));
            default -> send(input.queue(), List.of(body(input)));
        }
    }

    /** The body as it lands on a queue: as given, or for PaymentEventsQueue EventBridge's envelope around detail (kept as written). */
    String body(Input input) {
        if (input.text("body") != null) {
            return expand(input.text("body"));
        }
        return "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":" + Json.write(Json.mapper().getNodeFactory()
                .textNode(input.text("detailType"))) + ",\"source\":" + Json.write(Json.mapper().getNodeFactory()
                .textNode(expand(input.text("source")))) + ",\"account\":\"123456789012\",\"time\":\"" + NOW
                + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + expand(input.text("detail")) + "}";
    }

    void putEvents(String source, String detailType, String detail) {
        var r = cloud.clients().eventBridge().putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName("default")
                .source(source).detailType(detailType).detail(detail).time(cloud.clock().instant()).build()));
        assertEquals(0, r.failedEntryCount(), "EventBridge took the event: " + r);
    }

    void putPartnerEvents(String source, String detailType, String detail) {
        var r = cloud.clients().eventBridge().putPartnerEvents(b -> b.entries(PutPartnerEventsRequestEntry.builder()
                .source(source).detailType(detailType).detail(detail).time(cloud.clock().instant()).build()));
        assertEquals(0, r.failedEntryCount(), "EventBridge took the partner event: " + r);
    }

    void send(String queue, List<String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (String b : bodies) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + entries.size()).messageBody(b).build());
        }
        for (int from = 0; from < entries.size(); from += 10) {
            List<SendMessageBatchRequestEntry> page = entries.subList(from, Math.min(entries.size(), from + 10));
            var r = cloud.clients().sqs().sendMessageBatch(b -> b.queueUrl(cloud.stack().queueUrl(queue)).entries(page));
            assertEquals(List.of(), r.failed(), "SQS took the messages");
        }
    }

    /** Sends the queue's good batch-mates; returns the checks of their effects, run after the drain. */
    List<Runnable> mates(String queue) {
        List<Runnable> checks = new ArrayList<>();
        switch (queue) {
            case "PaymentEventsQueue" -> {
                String own = "mate-" + step + "-own";
                putEvents("billing.payments", "Payment Succeeded", "{\"paymentId\":\"" + own
                        + "\",\"accountId\":\"GOOD\",\"invoiceId\":\"INV-GOOD\",\"amount\":\"1.00\",\"currency\":\"USD\",\"paidAt\":\"" + NOW + "\"}");
                String evt = "evt_mate" + step;
                putPartnerEvents(stripeSource, "invoice.paid", "{\"id\":\"" + evt + "\",\"object\":\"event\",\"type\":\"invoice.paid\","
                        + "\"created\":" + NOW.getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"in_mate" + step + "\",\"object\":\"invoice\","
                        + "\"customer\":\"cus_GOOD\",\"currency\":\"usd\",\"amount_due\":100,\"amount_paid\":100,"
                        + "\"created\":" + NOW.getEpochSecond() + "}}}");
                checks.add(() -> assertBooked("GOOD", "PAYMENT", own, Optional.of("-1.00")));
                // a Stripe invoice is a dunning invoice: issued from the event, then paid
                checks.add(() -> assertBooked("GOOD", "PAYMENT", "stripe:in_mate" + step + "#paid:100", Optional.of("-1.00")));
            }
            case "EvaluationQueue" -> {
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < MATES; i++) {
                    String account = evalAccount(nextEvalAccount++);
                    bodies.add("{\"accountId\":\"" + account + "\",\"reason\":\"SWEEP\"}");
                    checks.add(() -> assertTrue(cloud.ses().outbox().stream().anyMatch(m -> m.to().contains(mail(account))),
                            "the batch-mate evaluation of " + account + " sent its reminder"));
                }
                send(queue, bodies);
            }
            case "FeeQueue", "NotificationQueue", "StatusChangeQueue" -> {
                String kind = queue.replace("ChangeQueue", "").replace("Queue", "").toLowerCase(java.util.Locale.ROOT);
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < MATES; i++) {
                    int slot = nextSlot.merge(kind, 1, Integer::sum) - 1;
                    Held h = held.get(kind).get(slot);
                    bodies.add(h.body());
                    checks.add(() -> {
                        assertEquals("DONE", actionStatus(h.key()), "the batch-mate " + kind + " " + h.key() + " is done");
                        if (kind.equals("notification")) {
                            assertTrue(cloud.ses().outbox().stream().anyMatch(m -> m.to().contains(mail(h.account()))), "its mail was sent");
                        }
                        if (kind.equals("status")) {
                            assertEquals("SUSPENDED", profileStatus(h.account()), "its status is shown");
                        }
                        if (kind.equals("fee")) {
                            assertTrue(item(Keys.account(h.account()), Keys.SK_CHARGE + "FEE-" + h.key()).isPresent(), "its fee is charged");
                        }
                    });
                }
                send(queue, bodies);
            }
            case "BillRunQueue" -> {
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < MATES; i++) {
                    LocalDate date = LocalDate.of(2026, 4, 1).plusDays(nextBillDate++);
                    bodies.add("{\"kind\":\"BILL_RUN_BATCH\",\"billGroup\":\"G-CORPUS\",\"billDate\":\"" + date
                            + "\",\"runDunning\":false,\"accountIds\":[\"BR\"]}");
                    checks.add(() -> assertTrue(item(Keys.account("BR"), Keys.invoiceSk("INV-BR-" + date)).isPresent(),
                            "the batch-mate bill run of " + date + " issued its invoice"));
                }
                send(queue, bodies);
            }
            default -> throw new IllegalArgumentException("no batch-mates for " + queue);
        }
        return checks;
    }

    // ---- placeholders ------------------------------------------------------------------------------------

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z.]+)(?::([^}:]*))?(?::([0-9]+))?}}");

    String expand(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), m.group(2), m.group(3))));
        }
        m.appendTail(out);
        return out.toString();
    }

    String value(String name, String arg, String count) {
        switch (name) {
            case "repeat":
                return arg.repeat(Integer.parseInt(count));
            case "nest":
                int depth = Integer.parseInt(arg);
                return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            case "ids":
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= Integer.parseInt(count); i++) {
                    ids.add("\"" + arg + i + "\"");
                }
                return String.join(",", ids);
            case "stripeSource":
                return stripeSource;
            case "longAccount":
                return LONG_ACCOUNT;
            case "longInvoice":
                return LONG_INVOICE;
            default:
                String[] kindField = name.split("\\.");
                Held h = held.get(kindField[0]).get(Integer.parseInt(arg));
                return kindField[1].equals("key") ? h.key() : h.account();
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> substituted(Map<String, Object> expect) {
        Map<String, Object> out = new LinkedHashMap<>();
        expect.forEach((k, v) -> out.put(k, v instanceof String s ? expand(s)
                : v instanceof Map<?, ?> map ? substituted((Map<String, Object>) map) : v));
        return out;
    }

    // ---- what the stack shows ------------------------------------------------------------------------------

    /** Every message now on any DLQ, received and deleted, with its attributes. */
    List<Message> dlqMessages() {
        List<Message> all = new ArrayList<>();
        for (String q : cloud.stack().queues()) {
            if (!q.endsWith("DLQ")) {
                continue;
            }
            String url = cloud.stack().queueUrl(q);
            while (true) {
                List<Message> got = cloud.clients().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                        .messageAttributeNames("All").attributeNamesWithStrings("All")).messages();
                if (got.isEmpty()) {
                    break;
                }
                for (Message m : got) {
                    all.add(m.toBuilder().messageAttributes(withQueue(m, q)).build());
                    cloud.clients().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
        }
        return all;
    }

    static final String QUEUE_ATTRIBUTE = "corpus-dlq";

    static Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> withQueue(Message m, String queue) {
        Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> a = new LinkedHashMap<>(m.messageAttributes());
        a.put(QUEUE_ATTRIBUTE, software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder().dataType("String")
                .stringValue(queue).build());
        return a;
    }

    static String queueOfDeadLetter(Message m) {
        return m.messageAttributes().get(QUEUE_ATTRIBUTE).stringValue();
    }

    static List<String> describe(List<Message> dead) {
        return dead.stream().map(m -> queueOfDeadLetter(m) + ": " + Optional.ofNullable(m.messageAttributes().get(SqsDeadLetters.REASON))
                .map(software.amazon.awssdk.services.sqs.model.MessageAttributeValue::stringValue)
                .orElse("(no reason: moved by SQS's redrive after maxReceiveCount)") + " | "
                + m.body().substring(0, Math.min(160, m.body().length()))).toList();
    }

    static void assertLogged(List<JsonNode> lines, String message, String kind, String reason) {
        assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().equals(message) && l.path("kind").asText().equals(kind)
                && l.path("reason").asText().contains(reason)), "a log line \"" + message + "\", kind " + kind + ", reason with \""
                + reason + "\": " + lines);
    }

    record LocalEventBridgeView(String source, List<String> routedTo) {}

    List<LocalEventBridgeView> archivedSince(int from) {
        var archive = cloud.eventBridge().archive();
        return archive.subList(from, archive.size()).stream()
                .map(a -> new LocalEventBridgeView(Json.parse(a.envelopeJson()).path("source").asText(), a.routedTo())).toList();
    }

    Optional<Map<String, AttributeValue>> item(String pk, String sk) {
        var r = cloud.clients().dynamoDb().getItem(b -> b.tableName(cloud.tableName()).key(Attr.key(pk, sk)).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(r.item()) : Optional.empty();
    }

    List<Map<String, AttributeValue>> collection(String pk) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var r = cloud.clients().dynamoDb().query(b -> {
                b.tableName(cloud.tableName()).consistentRead(true).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attr.s(pk)));
                if (from != null) {
                    b.exclusiveStartKey(from);
                }
            });
            items.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    String actionStatus(String key) {
        return item(Keys.action(key), Keys.SK_ITEM).map(i -> Attr.str(i, ActionRecords.STATUS)).orElse("(no record)");
    }

    String profileStatus(String account) {
        return item(Keys.account(account), Keys.SK_PROFILE).map(i -> Attr.str(i, AccountItems.STATUS)).orElse("(no account)");
    }

    void assertBooked(String account, String kind, String payment, Optional<String> amount) {
        List<Map<String, AttributeValue>> ledger = collection(Keys.accountHistory(account)).stream()
                .filter(i -> Attr.str(i, Keys.SK).startsWith(HistoryCodec.SK_LEDGER)).toList();
        List<Map<String, AttributeValue>> entries = ledger.stream()
                .filter(i -> Attr.str(i, AccountItems.SOURCE_KEY).startsWith(account + "#" + payment + "#")).toList();
        Function<Map<String, AttributeValue>, String> show = i -> Attr.str(i, "entryKind") + " " + Attr.money(i, AccountItems.AMOUNT)
                + " " + Attr.str(i, AccountItems.SOURCE_KEY);
        assertTrue(entries.stream().anyMatch(i -> Attr.str(i, "entryKind").equals(kind)
                        && amount.map(a -> Attr.money(i, AccountItems.AMOUNT).compareTo(new BigDecimal(a)) == 0).orElse(true)),
                account + "'s ledger books " + kind + amount.map(a -> " " + a).orElse("") + " for " + shorten(payment) + ": "
                        + entries.stream().map(show).toList());
    }

    void assertDecided(String account, String event) {
        List<String> events = new ArrayList<>();
        collection(Keys.accountHistory(account)).stream().filter(i -> Attr.str(i, Keys.SK).startsWith(HistoryCodec.SK_DECISION))
                .forEach(i -> i.get("events").l().forEach(e -> events.add(e.s())));
        assertTrue(events.stream().anyMatch(e -> e.contains(event)), account + "'s decisions hold \"" + event + "\": " + events);
    }

    /** A forgery naming a real record changed nothing: the record is PENDING and its effect did not happen. */
    void assertUnchanged(Input input, int mailBefore) {
        JsonNode forged = Json.parse(body(input));
        String key = forged.path("idempotencyKey").asText();
        for (List<Held> kind : held.values()) {
            for (Held h : kind) {
                if (!h.key().equals(key)) {
                    continue;
                }
                assertEquals("PENDING", actionStatus(key), "the record the forgery names is still pending");
                assertTrue(item(Keys.account(h.account()), Keys.SK_CHARGE + "FEE-" + key).isEmpty(), "no charge is booked");
                assertEquals("ACTIVE", profileStatus(h.account()), "no status is shown");
                List<LocalSes.Sent> mails = cloud.ses().outbox();
                assertTrue(mails.subList(mailBefore, mails.size()).stream().noneMatch(m -> m.to().contains(mail(h.account()))),
                        "no mail is sent to " + h.account());
                return;
            }
        }
        throw new AssertionError("the forgery names no held record: " + key);
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
