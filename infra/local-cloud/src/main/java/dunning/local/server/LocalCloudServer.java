package dunning.local.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dunning.local.LocalCloud;
import dunning.local.http.EdgeRouter;
import dunning.local.runtime.LocalRuntime;
import dunning.local.template.SamTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local cloud run as a server for any client (`dunning local up`): {@link LocalCloud} with its
 * edge port, the functions running on their event sources in the background (a message put by any
 * client flows through the chain without anyone calling drain), the schedules fired on the wall
 * clock or, on a simulated clock, when told; and a small control endpoint on the same port:
 *
 * <pre>
 *   GET  /_dunning/outputs                 the stack: endpoint, region, outputs, tables, queues, buses, parameters
 *   GET  /_dunning/clock                   {"mode":"simulated"|"wall","now":INSTANT}
 *   POST /_dunning/clock/advance?to=INSTANT  (or ?by=DURATION, ISO-8601 such as PT1H or P1D) simulated clock only:
 *                                          fires every schedule due on the way, draining after each; answers the firings
 *   POST /_dunning/drain                   returns when every event-source queue is empty; answers the invocations
 *                                          it ran and what lies in the DLQs
 *   GET  /_dunning/invocations?last=N      the last N (default 100) invocations, with their errors
 * </pre>
 *
 * Answers are JSON; a wrong method is 405, an unknown path 404, a bad argument 400, advancing a
 * clock that follows the wall 409. {@link #close()} stops the background, the edge and every
 * engine, and frees every port.
 */
public final class LocalCloudServer implements AutoCloseable {
    /** How often the background drains even when nothing announced a message (a message may become visible later). */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    public static final String CONTROL_PREFIX = "/_dunning/";

    private final ObjectMapper json = new ObjectMapper();
    private final LocalCloud cloud;
    private final EdgeRouter edge;
    private final LocalRuntime.Background background;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalCloudServer(LocalCloud cloud, EdgeRouter edge, LocalRuntime.Background background) {
        this.cloud = cloud;
        this.edge = edge;
        this.background = background;
    }

    /**
     * Starts the cloud with an edge on {@code options}' port ({@link LocalCloud.Options#withEdgePort};
     * 4566 when it names none), the background runtime and the control endpoint.
     */
    public static LocalCloudServer start(LocalCloud.Options options) {
        LocalCloud.Options withEdge = options.edgePort().isPresent() ? options : options.withEdgePort(EdgeRouter.DEFAULT_PORT);
        LocalCloud cloud = LocalCloud.start(withEdge);
        try {
            EdgeRouter edge = cloud.edge().orElseThrow();
            LocalRuntime.Background background = cloud.runtime().startBackground(POLL_INTERVAL, cloud.clock().followsWallClock());
            LocalCloudServer server = new LocalCloudServer(cloud, edge, background);
            edge.control(CONTROL_PREFIX, server::control);
            edge.onForwarded(service -> {
                if (service.equals("sqs") || service.equals("events")) {
                    background.wake(); // a message from outside this JVM's SDK clients may be waiting
                }
            });
            return server;
        } catch (RuntimeException e) {
            cloud.close();
            throw e;
        }
    }

    public LocalCloud cloud() {
        return cloud;
    }

    /** {@code http://127.0.0.1:<port>}: the one endpoint of every service and of the control endpoint. */
    public URI endpoint() {
        return edge.endpoint();
    }

    public LocalRuntime.Background background() {
        return background;
    }

    /** What {@code GET /_dunning/outputs} answers. */
    public ObjectNode outputs() {
        ObjectNode o = json.createObjectNode();
        o.put("endpoint", endpoint().toString());
        o.put("region", cloud.stack().region());
        o.put("stackName", cloud.stack().stackName());
        o.put("template", cloud.template().source().toAbsolutePath().toString());
        o.set("clock", clock());
        ObjectNode outputs = o.putObject("outputs");
        cloud.stack().outputs().forEach(outputs::put);
        ObjectNode tables = o.putObject("tables");
        cloud.stack().tables().forEach(tables::put);
        ObjectNode queues = o.putObject("queues");
        cloud.stack().queueUrls().forEach(queues::put);
        ArrayNode buses = o.putArray("eventBuses");
        cloud.stack().eventBuses().forEach(buses::add);
        ObjectNode parameters = o.putObject("parameters");
        cloud.stack().parameters().forEach(parameters::put);
        ArrayNode sources = o.putArray("eventSources");
        for (LocalRuntime.EventSource s : cloud.runtime().eventSources()) {
            sources.addObject().put("function", s.function()).put("queue", s.queue()).put("batchSize", s.batchSize())
                    .put("reportsBatchItemFailures", s.reportsBatchItemFailures());
        }
        ArrayNode schedules = o.putArray("schedules");
        for (LocalRuntime.ScheduleInfo s : cloud.runtime().schedules()) {
            schedules.addObject().put("function", s.function()).put("name", s.name()).put("expression", s.expression())
                    .put("timezone", s.zone().getId());
        }
        return o;
    }

    private ObjectNode clock() {
        ObjectNode c = json.createObjectNode();
        c.put("mode", cloud.clock().followsWallClock() ? "wall" : "simulated");
        c.put("now", cloud.clock().instant().toString());
        return c;
    }

    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath().substring(CONTROL_PREFIX.length() - 1);
            String method = exchange.getRequestMethod();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (path) {
                case "/outputs" -> {
                    if (allowed(exchange, method, "GET")) {
                        respond(exchange, 200, outputs());
                    }
                }
                case "/clock" -> {
                    if (allowed(exchange, method, "GET")) {
                        respond(exchange, 200, clock());
                    }
                }
                case "/clock/advance" -> {
                    if (allowed(exchange, method, "POST")) {
                        advance(exchange, query);
                    }
                }
                case "/drain" -> {
                    if (allowed(exchange, method, "POST")) {
                        drain(exchange);
                    }
                }
                case "/invocations" -> {
                    if (allowed(exchange, method, "GET")) {
                        invocations(exchange, query);
                    }
                }
                default -> error(exchange, 404, "no such control endpoint: " + exchange.getRequestURI().getPath() + "; there are "
                        + "GET /_dunning/outputs, GET /_dunning/clock, POST /_dunning/clock/advance?to=INSTANT|by=DURATION, "
                        + "POST /_dunning/drain, GET /_dunning/invocations?last=N");
            }
        } catch (RuntimeException e) {
            error(exchange, 500, e.toString());
        }
    }

    private void advance(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (cloud.clock().followsWallClock()) {
            error(exchange, 409, "the clock follows the wall clock (local up --clock wall): only time moves it; "
                    + "start with --clock simulated to move it");
            return;
        }
        Instant from = cloud.clock().instant();
        Instant to;
        try {
            if (query.containsKey("to") == query.containsKey("by")) {
                error(exchange, 400, "give one of to=INSTANT (e.g. 2026-02-01T06:00:00Z) or by=DURATION (e.g. PT1H, P1D)");
                return;
            }
            to = query.containsKey("to") ? Instant.parse(query.get("to")) : from.plus(Duration.parse(query.get("by")));
        } catch (DateTimeParseException e) {
            error(exchange, 400, "not an ISO-8601 instant or duration: " + e.getParsedString());
            return;
        }
        if (to.isBefore(from)) {
            error(exchange, 400, "the clock cannot go back from " + from + " to " + to);
            return;
        }
        int before = cloud.runtime().invocations().size();
        List<LocalRuntime.Fired> fired = cloud.runtime().advanceTo(to);
        ObjectNode answer = json.createObjectNode();
        answer.put("from", from.toString());
        answer.put("now", cloud.clock().instant().toString());
        ArrayNode firings = answer.putArray("fired");
        fired.forEach(f -> firings.addObject().put("at", f.at().toString()).put("function", f.function()).put("schedule", f.schedule()));
        answer.put("invocations", cloud.runtime().invocations().size() - before);
        respond(exchange, 200, answer);
    }

    private void drain(HttpExchange exchange) throws IOException {
        int invocations = cloud.runtime().drain();
        ObjectNode answer = json.createObjectNode();
        answer.put("invocations", invocations);
        answer.put("now", cloud.clock().instant().toString());
        ObjectNode dlqs = answer.putObject("deadLetterQueues");
        deadLetterDepths().forEach(dlqs::put);
        respond(exchange, 200, answer);
    }

    /** Messages waiting in each DLQ (a queue another queue's redrive names), by logical id. */
    public Map<String, Integer> deadLetterDepths() {
        Map<String, Integer> depths = new LinkedHashMap<>();
        for (SamTemplate.QueueDef q : cloud.template().queues()) {
            q.redrive().flatMap(SamTemplate.Redrive::deadLetterQueueLogicalId).ifPresent(dlq -> {
                String n = cloud.clients().sqs().getQueueAttributes(b -> b.queueUrl(cloud.stack().queueUrl(dlq))
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                depths.put(dlq, Integer.parseInt(n));
            });
        }
        return depths;
    }

    private void invocations(HttpExchange exchange, Map<String, String> query) throws IOException {
        int last;
        try {
            last = Integer.parseInt(query.getOrDefault("last", "100"));
        } catch (NumberFormatException e) {
            error(exchange, 400, "last must be a whole number: " + query.get("last"));
            return;
        }
        List<LocalRuntime.Invocation> all = cloud.runtime().invocations();
        ObjectNode answer = json.createObjectNode();
        answer.put("total", all.size());
        ArrayNode list = answer.putArray("invocations");
        for (LocalRuntime.Invocation i : all.subList(Math.max(0, all.size() - Math.max(0, last)), all.size())) {
            ObjectNode o = list.addObject().put("at", i.at().toString()).put("function", i.function()).put("trigger", i.trigger())
                    .put("records", i.records()).put("failed", i.failed());
            i.error().ifPresent(e -> o.put("error", e));
        }
        respond(exchange, 200, answer);
    }

    private boolean allowed(HttpExchange exchange, String method, String expected) throws IOException {
        if (method.equals(expected)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", expected);
        error(exchange, 405, exchange.getRequestURI().getPath() + " takes " + expected + ", not " + method);
        return false;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode e = json.createObjectNode();
        e.put("message", message);
        respond(exchange, status, e);
    }

    private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] out = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
    }

    /** Stops the background (after its current work), then the edge and every engine; frees every port. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            background.close();
            cloud.close();
        }
    }
}
