package dunning.local.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.event.ruler.GenericMachine;

/**
 * EventBridge's {@code PutEvents} on a loopback port, routing with AWS's own matcher, Event Ruler:
 * each entry is checked as EventBridge checks it, wrapped in EventBridge's envelope, matched against
 * the rules of its bus and sent to their target queues. Every accepted event is kept in an archive
 * for tests and reports. No engine of EventBridge runs without Docker; this is the part the project
 * needs (no archives/replays, no API destinations, no input transformers).
 */
public final class LocalEventBridge implements AutoCloseable {
    static final int MAX_ENTRIES = 10;
    static final int MAX_ENTRY_BYTES = 256 * 1024;
    static final String ACCOUNT = "000000000000";

    /** What a rule sends where: its target queue's URL. */
    public record Route(String bus, String rule, String patternJson, String queueUrl) {}

    /** An event as put, in EventBridge's envelope. */
    public record Archived(String bus, String envelopeJson, List<String> routedTo) {}

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService threads;
    private final SqsClient sqs;
    private final String region;
    private final Map<String, GenericMachine<String>> machines = new ConcurrentHashMap<>();
    private final Map<String, String> queueOfRule = new ConcurrentHashMap<>();
    private final List<Archived> archive = new CopyOnWriteArrayList<>();

    private LocalEventBridge(HttpServer server, ExecutorService threads, SqsClient sqs, String region) {
        this.server = server;
        this.threads = threads;
        this.sqs = sqs;
        this.region = region;
    }

    /** Starts on a free loopback port; matched events go to their queues through {@code sqs}. */
    public static LocalEventBridge start(SqsClient sqs, String region) {
        try {
            HttpServer server = dunning.local.http.LoopbackHttpServer.create(0);
            ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "local-eventbridge");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(threads);
            LocalEventBridge bridge = new LocalEventBridge(server, threads, sqs, region);
            server.createContext("/", bridge::handle);
            server.start();
            return bridge;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a rule: events on {@code bus} matching the pattern go to the queue. */
    public void route(Route route) {
        try {
            machines.computeIfAbsent(route.bus(), b -> new GenericMachine<>()).addRule(route.rule(), route.patternJson());
        } catch (IOException e) {
            throw new IllegalArgumentException("rule " + route.rule() + ": not a valid event pattern: " + e.getMessage(), e);
        }
        queueOfRule.put(route.bus() + "/" + route.rule(), route.queueUrl());
    }

    public List<Archived> archive() {
        return List.copyOf(archive);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"AWSEvents.PutEvents".equals(target)) {
                error(exchange, 400, "UnknownOperationException", "not supported here: " + target);
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
            if (!entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
                error(exchange, 400, "ValidationException", "Entries must hold 1 to " + MAX_ENTRIES + " events");
                return;
            }
            ObjectNode response = json.createObjectNode();
            ArrayNode results = response.putArray("Entries");
            int failed = 0;
            for (JsonNode entry : entries) {
                ObjectNode result = results.addObject();
                String problem = problem(entry);
                if (problem != null) {
                    failed++;
                    result.put("ErrorCode", "InvalidArgument");
                    result.put("ErrorMessage", problem);
                    continue;
                }
                result.put("EventId", put(entry));
            }
            response.put("FailedEntryCount", failed);
            byte[] out = json.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private String problem(JsonNode entry) {
        if (entry.path("Source").asText("").isBlank()) {
            return "Source is required";
        }
        if (entry.path("DetailType").asText("").isBlank()) {
            return "DetailType is required";
        }
        String detail = entry.path("Detail").asText("");
        try {
            if (!json.readTree(detail).isObject()) {
                return "Detail must be a JSON object";
            }
        } catch (IOException e) {
            return "Detail is not valid JSON";
        }
        if (entry.toString().getBytes(StandardCharsets.UTF_8).length > MAX_ENTRY_BYTES) {
            return "entry larger than 256 KB";
        }
        return null;
    }

    private String put(JsonNode entry) {
        String bus = entry.path("EventBusName").asText("default");
        if (bus.startsWith("arn:")) {
            bus = bus.substring(bus.lastIndexOf('/') + 1);
        }
        String id = UUID.randomUUID().toString();
        ObjectNode envelope = json.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", id);
        envelope.put("detail-type", entry.get("DetailType").asText());
        envelope.put("source", entry.get("Source").asText());
        envelope.put("account", ACCOUNT);
        envelope.put("time", entry.hasNonNull("Time") ? Instant.ofEpochMilli((long) (entry.get("Time").asDouble() * 1000)).toString()
                : Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"));
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
        byte[] out = json.writeValueAsBytes(Map.of("__type", type, "message", message));
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
