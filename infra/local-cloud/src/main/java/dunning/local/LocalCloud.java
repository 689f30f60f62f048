package dunning.local;

import dunning.local.cloud.LocalClients;
import dunning.local.cloud.RuleSink;
import dunning.local.cloud.Stack;
import dunning.local.dynamodb.LocalDynamoDb;
import dunning.local.eventbridge.LocalEventBridge;
import dunning.local.http.EdgeRouter;
import dunning.local.runtime.LocalRuntime;
import dunning.local.runtime.SimulatedClock;
import dunning.local.ses.LocalSes;
import dunning.local.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * AWS in the JVM, provisioned from template.yaml: the DynamoDB API engine, ElasticMQ for SQS,
 * the SES v2 endpoint and EventBridge on Event Ruler, each on a free loopback port, and a
 * {@link LocalRuntime} that runs the real handlers on the runner's clock. Tests (through
 * {@link dunning.local.junit.LocalCloudExtension}) and the local runner share it.
 * {@link #close()} stops every engine and frees every port.
 */
public final class LocalCloud implements AutoCloseable {
    public static final String REGION = "us-east-1";
    private static final java.util.concurrent.atomic.AtomicInteger TABLES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * How to start: which template, parameter overrides, where mail is written (if anywhere), when the
     * clock starts (or that it follows the wall clock), and whether one edge port serves every
     * engine (a chosen port, or 0 for a free one).
     */
    public record Options(Path template, Map<String, String> parameters, Optional<Path> mailDir, Instant start,
                          OptionalInt edgePort, boolean wallClock) {
        public Options {
            parameters = Map.copyOf(parameters);
        }

        public static Options defaults() {
            return of(findTemplate(Path.of("").toAbsolutePath()));
        }

        /** The defaults, on {@code template} (no template.yaml needs to be found from here). */
        public static Options of(Path template) {
            return new Options(template, Map.of(), Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"), OptionalInt.empty(), false);
        }

        public Options withTemplate(Path file) {
            return new Options(file, parameters, mailDir, start, edgePort, wallClock);
        }

        public Options withParameters(Map<String, String> overrides) {
            return new Options(template, overrides, mailDir, start, edgePort, wallClock);
        }

        public Options withMailDir(Path dir) {
            return new Options(template, parameters, Optional.of(dir), start, edgePort, wallClock);
        }

        /** The runner's clock is a simulated one starting at {@code at}. */
        public Options startingAt(Instant at) {
            return new Options(template, parameters, mailDir, at, edgePort, false);
        }

        /** The runner's clock follows the system clock (the start is now, and only time moves it). */
        public Options followingWallClock() {
            return new Options(template, parameters, mailDir, start, edgePort, true);
        }

        /**
         * Every engine also answers on one loopback port ({@code 0}: a free one), routed by each
         * request's service (see {@link EdgeRouter}); ElasticMQ's queue URLs then name that port.
         */
        public Options withEdgePort(int port) {
            return new Options(template, parameters, mailDir, start, OptionalInt.of(port), wallClock);
        }
    }

    private final SamTemplate template;
    private final SimulatedClock clock;
    private final LocalDynamoDb dynamoDb;
    private final SQSRestServer sqs;
    private final LocalEventBridge eventBridge;
    private final LocalClients bridgeClients;
    private final LocalSes ses;
    private final LocalClients clients;
    private final Stack stack;
    private final LocalRuntime runtime;
    private final Duration startup;
    private final Optional<EdgeRouter> edge;
    private final URI sqsEndpoint;

    private LocalCloud(SamTemplate template, SimulatedClock clock, LocalDynamoDb dynamoDb, SQSRestServer sqs,
                       LocalEventBridge eventBridge, LocalClients bridgeClients, LocalSes ses, LocalClients clients, Stack stack,
                       Duration startup, Optional<EdgeRouter> edge, URI sqsEndpoint) {
        this.template = template;
        this.clock = clock;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.eventBridge = eventBridge;
        this.bridgeClients = bridgeClients;
        this.ses = ses;
        this.clients = clients;
        this.stack = stack;
        this.runtime = new LocalRuntime(stack, clients.sqs(), clock);
        this.startup = startup;
        this.edge = edge;
        this.sqsEndpoint = sqsEndpoint;
    }

    public static LocalCloud start() {
        return start(Options.defaults());
    }

    public static LocalCloud start(Options options) {
        long t0 = System.nanoTime();
        SamTemplate template = SamTemplate.read(options.template());
        SimulatedClock clock = options.wallClock() ? SimulatedClock.followingWallClock() : new SimulatedClock(options.start());
        // the edge binds first: a port in use fails before anything else starts
        EdgeRouter edge = options.edgePort().isPresent() ? EdgeRouter.bind(options.edgePort().getAsInt()) : null;
        LocalDynamoDb dynamoDb = null;
        SQSRestServer sqs = null;
        LocalEventBridge eventBridge = null;
        LocalSes ses = null;
        LocalClients clients = null;
        LocalClients bridgeClients = null;
        try {
            dynamoDb = LocalDynamoDb.start(clock);
            int sqsPort = freePort();
            var sqsBuilder = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort);
            if (edge != null) {
                // queue URLs name the edge, so every URL ElasticMQ hands out is reachable through it
                sqsBuilder = sqsBuilder.withServerAddress(new NodeAddress("http", "127.0.0.1", edge.port(), ""));
            }
            sqs = sqsBuilder.start();
            sqs.waitUntilStarted();
            ses = LocalSes.start(options.mailDir(), clock);
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put(LocalClients.ENDPOINT_DYNAMODB, dynamoDb.endpoint().toString());
            endpoints.put(LocalClients.ENDPOINT_SQS, "http://127.0.0.1:" + sqsPort);
            endpoints.put(LocalClients.ENDPOINT_SESV2, ses.endpoint().toString());
            endpoints.put("AWS_ACCESS_KEY_ID", "local");
            endpoints.put("AWS_SECRET_ACCESS_KEY", "local");
            Map<String, String> partial = new LinkedHashMap<>(endpoints);
            partial.put("AWS_REGION", REGION);
            // EventBridge delivers to SQS through its own client: the functions' clients need its endpoint first
            bridgeClients = new LocalClients(partial, REGION);
            eventBridge = LocalEventBridge.start(bridgeClients.sqs(), REGION, clock);
            endpoints.put(LocalClients.ENDPOINT_EVENTBRIDGE, eventBridge.endpoint().toString());
            Map<String, String> clientEnv = new LinkedHashMap<>(endpoints);
            clientEnv.put("AWS_REGION", REGION);
            clients = new LocalClients(clientEnv, REGION);
            LocalEventBridge bridge = eventBridge;
            Stack stack = Stack.provision(template, new Stack.Settings("dunning-local", REGION, options.parameters(), endpoints),
                    clients, new RuleSink() {
                        @Override
                        public void addRule(String bus, String rule, String pattern, String queueArn, String queueUrl) {
                            bridge.route(new LocalEventBridge.Route(bus, rule, pattern, queueUrl));
                        }

                        @Override
                        public void addBus(String bus) {
                            bridge.addBus(bus);
                        }
                    });
            if (edge != null) {
                edge.route("dynamodb", dynamoDb.endpoint()).route("sqs", URI.create("http://127.0.0.1:" + sqsPort))
                        .route("ses", ses.endpoint()).route("events", eventBridge.endpoint()).start();
            }
            return new LocalCloud(template, clock, dynamoDb, sqs, eventBridge, bridgeClients, ses, clients, stack,
                    Duration.ofNanos(System.nanoTime() - t0), Optional.ofNullable(edge), URI.create("http://127.0.0.1:" + sqsPort));
        } catch (RuntimeException e) {
            closeQuietly(edge, clients, eventBridge, bridgeClients, ses, dynamoDb);
            if (sqs != null) {
                sqs.stopAndWait();
            }
            throw e;
        }
    }

    /** The template.yaml in {@code dir} or the nearest parent that has one (tests run in module directories). */
    public static Path findTemplate(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no template.yaml in " + dir + " or any parent directory");
    }

    public SamTemplate template() {
        return template;
    }

    public Stack stack() {
        return stack;
    }

    public SimulatedClock clock() {
        return clock;
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    /** SDK clients pointed at the engines (the same kind the functions build). */
    public LocalClients clients() {
        return clients;
    }

    public Map<String, String> environmentFor(String functionLogicalId) {
        return stack.environmentFor(functionLogicalId);
    }

    public String tableName() {
        return stack.tableName(template.tables().get(0).logicalId());
    }

    /** A new, empty table of the template's shape (its first table's keys and indexes), for a test that wants one of its own. */
    public String newTable() {
        return stack.createTableLike(clients, template.tables().get(0).logicalId(),
                stack.physicalName(template.tables().get(0).logicalId()) + "-" + TABLES.incrementAndGet());
    }

    public LocalDynamoDb dynamoDb() {
        return dynamoDb;
    }

    public LocalEventBridge eventBridge() {
        return eventBridge;
    }

    public LocalSes ses() {
        return ses;
    }

    /** The edge port every engine answers on, when the options asked for one. */
    public Optional<EdgeRouter> edge() {
        return edge;
    }

    /** ElasticMQ's own port (its queue URLs name the edge when there is one). */
    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /** How long start-up and provisioning took. */
    public Duration startup() {
        return startup;
    }

    @Override
    public void close() {
        closeQuietly(edge.orElse(null), runtime, clients, eventBridge, bridgeClients, ses, dynamoDb);
        sqs.stopAndWait();
    }

    private static void closeQuietly(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("local-cloud: closing " + c.getClass().getSimpleName() + ": " + e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
