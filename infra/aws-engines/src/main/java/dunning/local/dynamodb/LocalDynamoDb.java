package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dunning.local.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * A DynamoDB API endpoint served from memory on a loopback port, for local runs and tests: point
 * an AWS SDK {@code DynamoDbClient} at {@link #endpoint()} (any static credentials, any region).
 * See the package documentation for what is supported.
 *
 * <pre>{@code
 * try (LocalDynamoDb ddb = LocalDynamoDb.start()) {
 *     DynamoDbClient client = DynamoDbClient.builder()
 *             .endpointOverride(ddb.endpoint())
 *             .region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
 *             .httpClient(UrlConnectionHttpClient.create())
 *             .build();
 *     ...
 * }
 * }</pre>
 */
public final class LocalDynamoDb implements AutoCloseable {
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final int THREADS = 8;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Engine engine;
    private final Stats stats = new Stats();
    private final Throttles throttles = new Throttles();
    private final LoopbackHttpServer.Serving serving;

    private LocalDynamoDb(Clock clock) {
        this.engine = new Engine(clock);
        this.serving = LoopbackHttpServer.serve("local-dynamodb", THREADS, "/", this::exchange);
    }

    /** Starts an empty engine on a free loopback port. */
    public static LocalDynamoDb start() {
        return start(Clock.systemUTC());
    }

    /**
     * Starts an empty engine whose clock stamps table creation times and ages transaction
     * idempotency tokens (10 minutes).
     */
    public static LocalDynamoDb start(Clock clock) {
        return new LocalDynamoDb(clock);
    }

    /** {@code http://127.0.0.1:<port>}, for the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return serving.endpoint();
    }

    public int port() {
        return serving.port();
    }

    /** Requests received, per operation. */
    public Stats stats() {
        return stats;
    }

    /**
     * Throttles the next {@code times} requests of {@code operation} ({@code "TransactWriteItems"},
     * {@code "Query"} ..., or {@code "*"} for any), answering each as DynamoDB answers a throttled
     * request (see {@link Throttles}): a data-plane call on an on-demand table gets HTTP 400
     * {@code ThrottlingException}, on a provisioned table {@code ProvisionedThroughputExceededException},
     * both of which the SDK retries with its backoff; a transaction is cancelled with a
     * {@code ThrottlingError} reason, which the SDK does not retry. Several calls queue up in order.
     */
    public void throttleNext(String operation, int times) {
        throttles.add(operation, times, null);
    }

    /**
     * As {@link #throttleNext(String, int)} with the error chosen: {@code ThrottlingException},
     * {@code ProvisionedThroughputExceededException}, {@code RequestLimitExceeded}, or (for a
     * transaction) {@code TransactionCanceledException}; all are answers the API reference lists.
     */
    public void throttleNext(String operation, int times, String errorCode) {
        throttles.add(operation, times, errorCode);
    }

    /** Requests of {@code operation} answered as throttled so far. */
    public long throttled(String operation) {
        return throttles.count(operation);
    }

    /** Requests answered as throttled so far, over every operation. */
    public long throttled() {
        return throttles.total();
    }

    /** Drops throttling not yet used up (the counts stay). */
    public void clearThrottling() {
        throttles.clear();
    }

    /** Names of the existing tables, sorted. */
    public Set<String> tableNames() {
        return engine.tableNames();
    }

    /** Deletes every table, keeping the endpoint up. */
    public void reset() {
        engine.reset();
    }

    /** Stops serving and frees the port. Idempotent. */
    @Override
    public void close() {
        serving.close();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                LoopbackHttpServer.send(exchange, 200, "text/plain", "healthy: local dynamodb".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            int status = 200;
            JsonNode response;
            try {
                if (target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw DynamoDbError.unknownOperation(String.valueOf(target));
                }
                String operation = target.substring(TARGET_PREFIX.length());
                stats.record(operation);
                JsonNode request;
                try {
                    request = requestBody.length == 0 ? mapper.createObjectNode() : mapper.readTree(requestBody);
                } catch (IOException e) {
                    throw DynamoDbError.serialization("Start of structure or map found where not expected");
                }
                if (request == null || !request.isObject()) {
                    throw DynamoDbError.serialization("Start of structure or map found where not expected");
                }
                DynamoDbError throttled = throttles.next(operation, request, engine);
                if (throttled != null) {
                    throw throttled;
                }
                response = engine.handle(operation, request);
            } catch (DynamoDbError e) {
                status = e.status();
                response = e.toJson();
                exchange.getResponseHeaders().set("x-amzn-ErrorType", e.shortType());
            } catch (RuntimeException e) {
                DynamoDbError internal = DynamoDbError.internal("Internal error in the local DynamoDB engine: " + e);
                status = internal.status();
                response = internal.toJson();
                exchange.getResponseHeaders().set("x-amzn-ErrorType", internal.shortType());
                System.err.println("local-dynamodb: internal error on " + target);
                e.printStackTrace();
            }
            byte[] body = mapper.writeValueAsBytes(response);
            CRC32 crc = new CRC32();
            crc.update(body);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
            LoopbackHttpServer.send(exchange, status, CONTENT_TYPE, body);
        }
    }

    /** For tests of the engine without HTTP. */
    ObjectNode call(String operation, JsonNode request) {
        stats.record(operation);
        return engine.handle(operation, request);
    }
}
