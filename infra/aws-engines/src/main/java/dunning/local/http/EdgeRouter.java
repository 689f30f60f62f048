package dunning.local.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One loopback port for every AWS service the local engines serve, as LocalStack's edge port is:
 * point {@code AWS_ENDPOINT_URL} (or {@code --endpoint-url}) of any SDK or of the AWS CLI at it
 * and each request reaches the engine of its service.
 *
 * <p>A request is routed by the service in its SigV4 credential scope
 * ({@code Authorization: AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request}, or
 * {@code X-Amz-Credential} of a presigned URL): {@code dynamodb}, {@code sqs}, {@code ses}
 * (SES v1 and v2 both sign as "ses"; "email", their endpoint prefix, is taken as the same),
 * {@code events}. An unsigned request is routed by its {@code X-Amz-Target} prefix
 * ({@code DynamoDB_20120810.}, {@code AmazonSQS.}, {@code AWSEvents.}), by its path
 * ({@code /v2/email/} is SES v2), or, being a query-protocol request (a form post or
 * {@code ?Action=}), to SQS, the only query-protocol service routed here. Nothing is verified.
 *
 * <p>The request goes on unchanged (method, path and query, headers but the hop-by-hop ones and
 * {@code Host}, the body streamed as it arrives, fixed-length or chunked), and so does the answer
 * (status, headers, body streamed). What cannot be routed gets HTTP 400 naming what can be, as
 * JSON, or as query-protocol XML to a query-protocol request. Paths handed to {@link #control}
 * (e.g. {@code /_dunning/}) are served by their own handler and never forwarded.
 *
 * <p>Every request is recorded in the port's {@link LoopbackHttpServer.RequestLog} (its SigV4
 * scope, its operation). Nothing here knows the project: it is generic to AWS's wire protocols.
 */
public final class EdgeRouter implements AutoCloseable {
    /** LocalStack's edge port, so tools configured for it work unchanged. */
    public static final int DEFAULT_PORT = 4566;

    /** Hop-by-hop headers (RFC 9110 §7.6.1), and the ones each connection sets for itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", "date");
    private static final Pattern SCOPE = Pattern.compile("(?:^|[\\s,])Credential=[^/,\\s]+/\\d{8}/[^/,\\s]+/([^/,\\s]+)/aws4_request");
    private static final Pattern QUERY_SCOPE = Pattern.compile("(?:^|&)X-Amz-Credential=([^&]+)");
    private static final Map<String, String> SIGNING_ALIASES = Map.of("email", "ses");
    private static final List<Map.Entry<String, String>> TARGET_PREFIXES = List.of(
            Map.entry("DynamoDB_20120810.", "dynamodb"), Map.entry("AmazonSQS.", "sqs"), Map.entry("AWSEvents.", "events"));
    private static final List<Map.Entry<String, String>> PATH_PREFIXES = List.of(Map.entry("/v2/email/", "ses"));
    private static final String QUERY_PROTOCOL_SERVICE = "sqs";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS");

    /** Where a request goes and why: the service, and what named it (sigv4, x-amz-target, path, query-protocol). */
    public record Route(String service, String by) {}

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, URI> targets = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EdgeRouter(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Binds {@code 127.0.0.1:port} ({@code 0}: a free port) now, so a port in use fails before
     * anything else starts; requests wait in the backlog until {@link #start()}.
     *
     * @throws UncheckedIOException with a {@link java.net.BindException} cause when the port is taken
     */
    public static EdgeRouter bind(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        try {
            HttpServer server = LoopbackHttpServer.create(port, 64);
            // a long poll (SQS WaitTimeSeconds up to 20) holds its thread: threads grow with the clients
            ExecutorService threads = LoopbackHttpServer.daemonThreads("edge-router", 0);
            server.setExecutor(threads);
            EdgeRouter edge = new EdgeRouter(server, threads);
            server.createContext("/", edge::handle);
            return edge;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** Sends requests of {@code service} (its SigV4 signing name) to {@code target} ({@code http://host:port}). */
    public EdgeRouter route(String service, URI target) {
        targets.put(service.toLowerCase(Locale.ROOT), target);
        return this;
    }

    /** Serves paths under {@code pathPrefix} (e.g. {@code /_dunning/}) with {@code handler} instead of forwarding them. */
    public EdgeRouter control(String pathPrefix, HttpHandler handler) {
        server.createContext(pathPrefix, handler);
        return this;
    }

    /** Called with the service of every request forwarded, after its answer was sent. */
    public EdgeRouter onForwarded(Consumer<String> listener) {
        listeners.add(listener);
        return this;
    }

    /** Starts answering. */
    public EdgeRouter start() {
        if (started.compareAndSet(false, true)) {
            server.start();
        }
        return this;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The services routed, and where to. */
    public Map<String, URI> targets() {
        return Map.copyOf(targets);
    }

    /** Every request received on the port, with its SigV4 scope. */
    public LoopbackHttpServer.RequestLog log() {
        return LoopbackHttpServer.log(port());
    }

    /**
     * Which service a request is for: by SigV4 scope, else by {@code X-Amz-Target}, path, or as a
     * query-protocol request; empty when nothing names one. {@code rawQuery} may be null.
     */
    public static Optional<Route> routeOf(String method, String path, String rawQuery, String authorization, String target,
                                          String contentType) {
        if (authorization != null) {
            Matcher m = SCOPE.matcher(authorization);
            if (authorization.trim().startsWith("AWS4-HMAC-SHA256") && m.find()) {
                return Optional.of(new Route(signingName(m.group(1)), "sigv4"));
            }
        }
        if (rawQuery != null) {
            Matcher m = QUERY_SCOPE.matcher(rawQuery);
            if (m.find()) {
                String[] scope = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8).split("/");
                if (scope.length == 5 && scope[4].equals("aws4_request")) {
                    return Optional.of(new Route(signingName(scope[3]), "sigv4"));
                }
            }
        }
        if (target != null) {
            for (Map.Entry<String, String> e : TARGET_PREFIXES) {
                if (target.startsWith(e.getKey())) {
                    return Optional.of(new Route(e.getValue(), "x-amz-target"));
                }
            }
        }
        for (Map.Entry<String, String> e : PATH_PREFIXES) {
            if (path.startsWith(e.getKey())) {
                return Optional.of(new Route(e.getValue(), "path"));
            }
        }
        boolean formPost = "POST".equals(method) && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        boolean actionInQuery = rawQuery != null && (rawQuery.startsWith("Action=") || rawQuery.contains("&Action="));
        if (formPost || actionInQuery) {
            return Optional.of(new Route(QUERY_PROTOCOL_SERVICE, "query-protocol"));
        }
        return Optional.empty();
    }

    private static String signingName(String service) {
        String s = service.toLowerCase(Locale.ROOT);
        return SIGNING_ALIASES.getOrDefault(s, s);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String forwardedTo = null;
        try (exchange) {
            Headers h = exchange.getRequestHeaders();
            URI uri = exchange.getRequestURI();
            String contentType = h.getFirst("Content-Type");
            boolean queryProtocol = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
            Optional<Route> route = routeOf(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    h.getFirst("Authorization"), h.getFirst("X-Amz-Target"), contentType);
            if (route.isEmpty()) {
                refuse(exchange, queryProtocol, "UnknownServiceException", "the local cloud cannot tell which service this "
                        + "request is for: it routes by the SigV4 scope, X-Amz-Target or path; it serves " + served());
                return;
            }
            URI target = targets.get(route.get().service());
            if (target == null) {
                refuse(exchange, queryProtocol, "UnknownServiceException", "the local cloud does not serve '"
                        + route.get().service() + "'; it serves " + served());
                return;
            }
            if (!METHODS.contains(exchange.getRequestMethod())) {
                refuse(exchange, queryProtocol, "MethodNotAllowed", "method " + exchange.getRequestMethod() + " is not forwarded");
                return;
            }
            forward(exchange, target);
            forwardedTo = route.get().service();
        } finally {
            if (forwardedTo != null) {
                for (Consumer<String> l : listeners) {
                    try {
                        l.accept(forwardedTo);
                    } catch (RuntimeException e) {
                        System.err.println("edge-router: a listener failed: " + e);
                    }
                }
            }
        }
    }

    private String served() {
        return String.join(", ", new java.util.TreeSet<>(targets.keySet()));
    }

    private static void forward(HttpExchange exchange, URI target) throws IOException {
        URI uri = exchange.getRequestURI();
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpURLConnection connection = (HttpURLConnection) URI.create(target.toString().replaceAll("/$", "") + pathAndQuery)
                .toURL().openConnection();
        String method = exchange.getRequestMethod();
        try {
            connection.setRequestMethod(method);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(120_000); // above SQS's longest long poll (20 s)
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    for (String value : header.getValue()) {
                        connection.addRequestProperty(header.getKey(), value);
                    }
                }
            }
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            boolean chunked = "chunked".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
            long length = declared == null ? -1 : Long.parseLong(declared.trim());
            if (length > 0 || chunked) {
                connection.setDoOutput(true);
                if (length > 0) {
                    connection.setFixedLengthStreamingMode(length);
                } else {
                    connection.setChunkedStreamingMode(8192);
                }
                try (InputStream in = exchange.getRequestBody(); OutputStream out = connection.getOutputStream()) {
                    in.transferTo(out);
                }
            } else if (length == 0 && (method.equals("POST") || method.equals("PUT"))) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(0);
                connection.getOutputStream().close();
            }
            int status = connection.getResponseCode();
            for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
                if (header.getKey() != null && !NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(header.getKey(), header.getValue());
                }
            }
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            long responseLength = connection.getContentLengthLong();
            if (body == null || method.equals("HEAD") || status == 204 || status == 304 || responseLength == 0) {
                exchange.sendResponseHeaders(status, -1);
                if (body != null) {
                    body.close();
                }
                return;
            }
            exchange.sendResponseHeaders(status, responseLength > 0 ? responseLength : 0);
            try (InputStream in = body; OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        } catch (IOException e) {
            byte[] message = ("{\"__type\":\"ServiceUnavailable\",\"message\":\"the local engine at " + target
                    + " did not answer: " + e.getMessage().replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(502, message.length);
                exchange.getResponseBody().write(message);
            } catch (IOException alreadySent) {
                // the answer had begun: closing the exchange cuts it, which the client sees as a broken response
            }
        } finally {
            connection.disconnect();
        }
    }

    private static void refuse(HttpExchange exchange, boolean queryProtocol, String code, String message) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body;
        if (queryProtocol) {
            body = ("<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + xml(message)
                    + "</Message></Error><RequestId>edge</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
        } else {
            body = ("{\"__type\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
        }
        exchange.sendResponseHeaders(400, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Stops answering and frees the port. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
