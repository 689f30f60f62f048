package dunning.local.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dunning.local.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.event.ruler.GenericMachine;

/**
 * EventBridge's {@code PutEvents} (and a partner's {@code PutPartnerEvents}) on a loopback port,
 * and the rules to look at ({@code ListRules}, {@code DescribeRule}),
 * routing with AWS's own matcher, Event Ruler: each entry is checked as EventBridge checks it,
 * wrapped in EventBridge's envelope, matched against the rules of its bus and sent to their target
 * queues. Every accepted event is kept in an archive for tests and reports. A test can throttle
 * whole requests or single entries. No engine of EventBridge runs without Docker; this is the part
 * the project needs (no archives/replays, no API destinations, no input transformers).
 */
public final class LocalEventBridge implements AutoCloseable {
    static final int MAX_ENTRIES = 10;
    static final int MAX_PARTNER_ENTRIES = 20;
    /** Since January 2026 a PutEvents request may carry 1 MB of entries (it was 256 KB). */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;
    static final String ACCOUNT = "000000000000";
    static final String RATE_EXCEEDED = "Rate exceeded";

    /** What a rule sends where: its target queue's URL. */
    public record Route(String bus, String rule, String patternJson, String queueUrl) {}

    static final int MAX_LIST_LIMIT = 100;
    private static final java.util.regex.Pattern RULE_NAME = java.util.regex.Pattern.compile("[.\\-_A-Za-z0-9]+");

    /** An event as put, in EventBridge's envelope. */
    public record Archived(String bus, String envelopeJson, List<String> routedTo) {}

    private final ObjectMapper json = new ObjectMapper();
    private final SqsClient sqs;
    private final String region;
    private final Map<String, GenericMachine<String>> machines = new ConcurrentHashMap<>();
    private final Map<String, String> queueOfRule = new ConcurrentHashMap<>();
    /** Every bus with its rules by name (sorted, as ListRules pages them); the default bus always exists. */
    private final Map<String, java.util.NavigableMap<String, Route>> buses = new ConcurrentHashMap<>(
            Map.of("default", new java.util.concurrent.ConcurrentSkipListMap<>()));
    private final List<Archived> archive = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestsToThrottle = new AtomicInteger();
    private final AtomicInteger entriesToThrottle = new AtomicInteger();
    private final AtomicLong throttledRequests = new AtomicLong();
    private final AtomicLong throttledEntries = new AtomicLong();

    /** Stamps an entry without Time, as EventBridge stamps it with the time it received it: the stack's clock, simulated or not. */
    private final java.time.Clock clock;
    private final LoopbackHttpServer.Serving serving;

    private LocalEventBridge(SqsClient sqs, String region, java.time.Clock clock) {
        this.sqs = sqs;
        this.region = region;
        this.clock = clock;
        this.serving = LoopbackHttpServer.serve("local-eventbridge", 4, "/", this::handle);
    }

    /** Starts on a free loopback port; matched events go to their queues through {@code sqs}. */
    public static LocalEventBridge start(SqsClient sqs, String region) {
        return start(sqs, region, java.time.Clock.systemUTC());
    }

    /** As {@link #start(SqsClient, String)}, an entry without Time stamped by {@code clock}. */
    public static LocalEventBridge start(SqsClient sqs, String region, java.time.Clock clock) {
        return new LocalEventBridge(sqs, region, clock);
    }

    public URI endpoint() {
        return serving.endpoint();
    }

    /** Adds a rule: events on {@code bus} matching the pattern go to the queue. The bus is created if it is new. */
    public void route(Route route) {
        try {
            machines.computeIfAbsent(route.bus(), b -> new GenericMachine<>()).addRule(route.rule(), route.patternJson());
        } catch (IOException e) {
            throw new IllegalArgumentException("rule " + route.rule() + ": not a valid event pattern: " + e.getMessage(), e);
        }
        queueOfRule.put(route.bus() + "/" + route.rule(), route.queueUrl());
        addBus(route.bus()).put(route.rule(), route);
    }

    /** Creates an event bus without rules yet (a stack's own output bus); the default bus always exists. */
    public java.util.NavigableMap<String, Route> addBus(String name) {
        return buses.computeIfAbsent(name, b -> new java.util.concurrent.ConcurrentSkipListMap<>());
    }

    /** The buses, by name. */
    public java.util.SortedSet<String> buses() {
        return new java.util.TreeSet<>(buses.keySet());
    }

    public List<Archived> archive() {
        return List.copyOf(archive);
    }

    /**
     * The next {@code n} requests are refused whole with HTTP 400 {@code ThrottlingException}, as
     * EventBridge refuses a request over its rate; the SDK retries them with its backoff.
     */
    public void throttleRequests(int n) {
        requestsToThrottle.addAndGet(requireCount(n));
    }

    /**
     * The next {@code n} entries that would be accepted fail on their own, as PutEvents reports a
     * throttled entry: {@code ErrorCode} {@code ThrottlingException}, an {@code ErrorMessage}, no
     * {@code EventId}, counted in {@code FailedEntryCount}; the other entries of the request go
     * through. The SDK does not retry these: the caller must.
     */
    public void throttleEntries(int n) {
        entriesToThrottle.addAndGet(requireCount(n));
    }

    /** Requests refused as throttled so far. */
    public long throttledRequests() {
        return throttledRequests.get();
    }

    /** Entries failed as throttled so far. */
    public long throttledEntries() {
        return throttledEntries.get();
    }

    private static int requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a count must not be negative: " + n);
        }
        return n;
    }

    private static boolean take(AtomicInteger budget) {
        return budget.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean partner = "AWSEvents.PutPartnerEvents".equals(target);
            if ("AWSEvents.ListRules".equals(target) || "AWSEvents.DescribeRule".equals(target)) {
                JsonNode request;
                try {
                    request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
                } catch (IOException e) {
                    error(exchange, 400, "SerializationException", "request body is not JSON");
                    return;
                }
                if (target.endsWith("ListRules")) {
                    listRules(exchange, request);
                } else {
                    describeRule(exchange, request);
                }
                return;
            }
            if (!"AWSEvents.PutEvents".equals(target) && !partner) {
                error(exchange, 400, "UnknownOperationException", "not supported here: " + target);
                return;
            }
            if (take(requestsToThrottle)) {
                throttledRequests.incrementAndGet();
                error(exchange, 400, "ThrottlingException", RATE_EXCEEDED);
                return;
            }
            JsonNode request;
            try {
                request = json.readTree(body);
            } catch (IOException e) {
                error(exchange, 400, "SerializationException", "request body is not JSON");
                return;
            }
            JsonNode entries = request.path("Entries");
            int max = partner ? MAX_PARTNER_ENTRIES : MAX_ENTRIES;
            if (!entries.isArray() || entries.isEmpty()) {
                error(exchange, 400, "ValidationException", "1 validation error detected: Value at 'entries' failed to "
                        + "satisfy constraint: Member must have length greater than or equal to 1");
                return;
            }
            if (entries.size() > max) {
                error(exchange, 400, "ValidationException", "1 validation error detected: Value at 'entries' failed to "
                        + "satisfy constraint: Member must have length less than or equal to " + max);
                return;
            }
            long size = 0;
            for (JsonNode entry : entries) {
                size += entrySize(entry);
            }
            if (size > MAX_REQUEST_BYTES) {
                error(exchange, 400, "ValidationException", "Total size of the entries in the request is over the limit.");
                return;
            }
            ObjectNode response = json.createObjectNode();
            ArrayNode results = response.putArray("Entries");
            int failed = 0;
            for (JsonNode entry : entries) {
                ObjectNode result = results.addObject();
                String[] problem = problem(entry, partner);
                if (problem == null && take(entriesToThrottle)) {
                    throttledEntries.incrementAndGet();
                    problem = new String[] {"ThrottlingException", RATE_EXCEEDED};
                }
                if (problem != null) {
                    failed++;
                    result.put("ErrorCode", problem[0]);
                    result.put("ErrorMessage", problem[1]);
                    continue;
                }
                result.put("EventId", put(entry, partner));
            }
            response.put("FailedEntryCount", failed);
            respond(exchange, response);
        }
    }

    /**
     * ListRules as the API reference gives it: the rules of {@code EventBusName} (a name or an ARN;
     * the default bus without one) whose names begin with {@code NamePrefix}, in name order, at most
     * {@code Limit} (1–100; 100 without one) per page, with a {@code NextToken} while more follow.
     * An unknown bus is {@code ResourceNotFoundException}.
     */
    private void listRules(HttpExchange exchange, JsonNode request) throws IOException {
        String bus = busName(request.path("EventBusName").asText("default"));
        java.util.NavigableMap<String, Route> rules = buses.get(bus);
        if (rules == null) {
            error(exchange, 400, "ResourceNotFoundException", "Event bus " + bus + " does not exist.");
            return;
        }
        String prefix = request.path("NamePrefix").asText("");
        if (request.has("NamePrefix") && (prefix.isEmpty() || prefix.length() > 64 || !RULE_NAME.matcher(prefix).matches())) {
            error(exchange, 400, "ValidationException", "1 validation error detected: Value '" + prefix
                    + "' at 'namePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"
                    + " and have length between 1 and 64");
            return;
        }
        int limit = request.has("Limit") ? request.get("Limit").asInt(0) : MAX_LIST_LIMIT;
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            error(exchange, 400, "ValidationException", "1 validation error detected: Value '" + request.path("Limit").asText()
                    + "' at 'limit' failed to satisfy constraint: Member must have value " + (limit < 1
                    ? "greater than or equal to 1" : "less than or equal to " + MAX_LIST_LIMIT));
            return;
        }
        String after = null;
        if (request.hasNonNull("NextToken")) {
            try {
                after = new String(java.util.Base64.getUrlDecoder().decode(request.get("NextToken").asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                after = null;
            }
            if (after == null || !after.startsWith(bus + "\n")) {
                error(exchange, 400, "ValidationException", "The NextToken provided is not valid for this request.");
                return;
            }
            after = after.substring(bus.length() + 1);
        }
        java.util.NavigableMap<String, Route> from = after == null ? rules : rules.tailMap(after, false);
        ObjectNode response = json.createObjectNode();
        ArrayNode page = response.putArray("Rules");
        String last = null;
        boolean more = false;
        for (Route r : from.values()) {
            if (!r.rule().startsWith(prefix)) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(describe(r, false));
            last = r.rule();
        }
        if (more) {
            response.put("NextToken", java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((bus + "\n" + last).getBytes(StandardCharsets.UTF_8)));
        }
        respond(exchange, response);
    }

    /** DescribeRule: one rule of a bus by name; {@code ResourceNotFoundException} when it is not there. */
    private void describeRule(HttpExchange exchange, JsonNode request) throws IOException {
        String name = request.path("Name").asText("");
        if (name.isEmpty() || name.length() > 64 || !RULE_NAME.matcher(name).matches()) {
            error(exchange, 400, "ValidationException", "1 validation error detected: Value '" + name + "' at 'name' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+ and have length between 1 and 64");
            return;
        }
        String bus = busName(request.path("EventBusName").asText("default"));
        java.util.NavigableMap<String, Route> rules = buses.get(bus);
        if (rules == null) {
            error(exchange, 400, "ResourceNotFoundException", "Event bus " + bus + " does not exist.");
            return;
        }
        Route r = rules.get(name);
        if (r == null) {
            error(exchange, 400, "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + bus + ".");
            return;
        }
        respond(exchange, describe(r, true));
    }

    /** A rule as ListRules lists it (DescribeRule adds CreatedBy). The template's rules are event-pattern rules, ENABLED. */
    private ObjectNode describe(Route r, boolean withCreator) {
        ObjectNode rule = json.createObjectNode();
        rule.put("Name", r.rule());
        rule.put("Arn", "arn:aws:events:" + region + ":" + ACCOUNT + ":rule/" + (r.bus().equals("default") ? "" : r.bus() + "/") + r.rule());
        rule.put("EventPattern", r.patternJson());
        rule.put("State", "ENABLED");
        rule.put("EventBusName", r.bus());
        if (withCreator) {
            rule.put("CreatedBy", ACCOUNT);
        }
        return rule;
    }

    /** A bus named by its name or its ARN (arn:aws:events:REGION:ACCOUNT:event-bus/NAME). */
    private static String busName(String nameOrArn) {
        String marker = ":event-bus/";
        int i = nameOrArn.indexOf(marker);
        return nameOrArn.startsWith("arn:") && i > 0 ? nameOrArn.substring(i + marker.length()) : nameOrArn;
    }

    private void respond(HttpExchange exchange, ObjectNode response) throws IOException {
        LoopbackHttpServer.send(exchange, 200, "application/x-amz-json-1.1", json.writeValueAsBytes(response));
    }

    /** An entry's size as EventBridge documents it: Time 14 bytes, then the UTF-8 bytes of the rest. */
    static long entrySize(JsonNode entry) {
        long size = entry.hasNonNull("Time") ? 14 : 0;
        size += utf8(entry.path("Source").asText("")) + utf8(entry.path("DetailType").asText(""))
                + utf8(entry.path("Detail").asText(""));
        for (JsonNode resource : entry.path("Resources")) {
            size += utf8(resource.asText(""));
        }
        return size;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Why EventBridge would fail this entry ({@code {ErrorCode, ErrorMessage}}), or null. */
    private String[] problem(JsonNode entry, boolean partner) {
        for (String field : List.of("Source", "DetailType", "Detail")) {
            if (entry.path(field).asText("").isEmpty()) {
                return new String[] {"InvalidArgument", "Parameter " + field + " is not valid. Reason: " + field
                        + " is a required argument."};
            }
        }
        String source = entry.get("Source").asText();
        // sources beginning "aws." belong to AWS services; a partner writes only its own partner source
        if (partner ? !source.startsWith("aws.partner/") : source.startsWith("aws.")) {
            return new String[] {"NotAuthorizedForSourceException", "Not authorized for the source."};
        }
        try {
            if (!json.readTree(entry.get("Detail").asText()).isObject()) {
                return new String[] {"MalformedDetail", "Detail is malformed."};
            }
        } catch (IOException e) {
            return new String[] {"MalformedDetail", "Detail is malformed."};
        }
        return null;
    }

    private String put(JsonNode entry, boolean partner) {
        // a partner's events land on the partner event bus named after its source
        // a bus ARN names the bus after "event-bus/"; a partner bus name has slashes of its own
        String bus = partner ? entry.get("Source").asText() : busName(entry.path("EventBusName").asText("default"));
        String id = UUID.randomUUID().toString();
        ObjectNode envelope = json.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", id);
        envelope.put("detail-type", entry.get("DetailType").asText());
        envelope.put("source", entry.get("Source").asText());
        envelope.put("account", ACCOUNT);
        envelope.put("time", entry.hasNonNull("Time") ? Instant.ofEpochMilli((long) (entry.get("Time").asDouble() * 1000)).toString()
                : clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        envelope.put("region", region);
        ArrayNode resources = envelope.putArray("resources");
        entry.path("Resources").forEach(resources::add);
        try {
            envelope.set("detail", json.readTree(entry.get("Detail").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String envelopeJson = envelope.toString();
        List<String> routed = new ArrayList<>();
        GenericMachine<String> machine = machines.get(bus);
        if (machine != null) {
            try {
                for (String rule : machine.rulesForJSONEvent(envelopeJson)) {
                    String queue = queueOfRule.get(bus + "/" + rule);
                    sqs.sendMessage(b -> b.queueUrl(queue).messageBody(envelopeJson));
                    routed.add(rule);
                }
            } catch (Exception e) {
                throw new IllegalStateException("routing event " + id + " failed: " + e.getMessage(), e);
            }
        }
        archive.add(new Archived(bus, envelopeJson, List.copyOf(routed)));
        return id;
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        LoopbackHttpServer.send(exchange, status, "application/x-amz-json-1.1", json.writeValueAsBytes(Map.of("__type", type, "message", message)));
    }

    @Override
    public void close() {
        serving.close();
    }
}
