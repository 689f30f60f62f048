package dunning.local;

import dunning.local.cloud.LocalClients;
import dunning.local.cloud.Stack;
import dunning.local.dynamodb.LocalDynamoDb;
import dunning.local.eventbridge.LocalEventBridge;
import dunning.local.runtime.LocalRuntime;
import dunning.local.runtime.SimulatedClock;
import dunning.local.ses.LocalSes;
import dunning.local.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    /** How to start: which template, parameter overrides, where mail is written (if anywhere), when the clock starts. */
    public record Options(Path template, Map<String, String> parameters, Optional<Path> mailDir, Instant start) {
        public Options {
            parameters = Map.copyOf(parameters);
        }

        public static Options defaults() {
            return new Options(findTemplate(Path.of("").toAbsolutePath()), Map.of(), Optional.empty(),
                    Instant.parse("2026-01-01T00:00:00Z"));
        }

        public Options withTemplate(Path file) {
            return new Options(file, parameters, mailDir, start);
        }

        public Options withParameters(Map<String, String> overrides) {
            return new Options(template, overrides, mailDir, start);
        }

        public Options withMailDir(Path dir) {
            return new Options(template, parameters, Optional.of(dir), start);
        }

        public Options startingAt(Instant at) {
            return new Options(template, parameters, mailDir, at);
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

    private LocalCloud(SamTemplate template, SimulatedClock clock, LocalDynamoDb dynamoDb, SQSRestServer sqs,
                       LocalEventBridge eventBridge, LocalClients bridgeClients, LocalSes ses, LocalClients clients, Stack stack, Duration startup) {
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
    }

    public static LocalCloud start() {
        return start(Options.defaults());
    }

    public static LocalCloud start(Options options) {
        long t0 = System.nanoTime();
        SamTemplate template = SamTemplate.read(options.template());
        SimulatedClock clock = new SimulatedClock(options.start());
        LocalDynamoDb dynamoDb = null;
        SQSRestServer sqs = null;
        LocalEventBridge eventBridge = null;
        LocalSes ses = null;
        LocalClients clients = null;
        LocalClients bridgeClients = null;
        try {
            dynamoDb = LocalDynamoDb.start(clock);
            int sqsPort = freePort();
            sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort).start();
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
            eventBridge = LocalEventBridge.start(bridgeClients.sqs(), REGION);
            endpoints.put(LocalClients.ENDPOINT_EVENTBRIDGE, eventBridge.endpoint().toString());
            Map<String, String> clientEnv = new LinkedHashMap<>(endpoints);
            clientEnv.put("AWS_REGION", REGION);
            clients = new LocalClients(clientEnv, REGION);
            LocalEventBridge bridge = eventBridge;
            Stack stack = Stack.provision(template, new Stack.Settings("dunning-local", REGION, options.parameters(), endpoints),
                    clients, (bus, rule, pattern, queueArn, queueUrl) -> bridge.route(new LocalEventBridge.Route(bus, rule, pattern, queueUrl)));
            return new LocalCloud(template, clock, dynamoDb, sqs, eventBridge, bridgeClients, ses, clients, stack,
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException e) {
            closeQuietly(clients, eventBridge, bridgeClients, ses, dynamoDb);
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

    /** How long start-up and provisioning took. */
    public Duration startup() {
        return startup;
    }

    @Override
    public void close() {
        closeQuietly(runtime, clients, eventBridge, bridgeClients, ses, dynamoDb);
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
