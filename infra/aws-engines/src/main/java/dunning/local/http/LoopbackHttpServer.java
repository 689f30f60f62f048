package dunning.local.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK's HTTP server on a free loopback port, as every in-JVM engine here serves its API; and
 * a {@link RequestLog} per server of who signed what, so a test can assert which credentials a
 * function's calls were signed with (the engines accept any signature, as DynamoDB Local does).
 *
 * <p>Every server made here records, for each request, the SigV4 scope of its
 * {@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...}
 * header (the access key id, date, region, service), its {@code X-Amz-Security-Token} (the session
 * token temporary credentials carry) and the operation ({@code X-Amz-Target}, or method and path
 * for a REST API such as SES v2). No signature is verified. Look a server's log up by its port or
 * endpoint: {@link #log(URI)}. The log is bounded (the last {@link RequestLog#KEPT} requests; the
 * counts per access key id cover all of them), so a long simulation does not grow it without end.
 */
public final class LoopbackHttpServer {
    private static final Map<Integer, RequestLog> LOGS = new ConcurrentHashMap<>();

    private LoopbackHttpServer() {}

    /**
     * Creates the server with TCP_NODELAY on its connections. Without it a response's headers and
     * body leave in two writes, Nagle holds the second until the client's delayed ACK (40 ms on
     * Linux), and every DynamoDB call took ~48 ms instead of ~1 ms. The JDK reads the switch once,
     * when its first server starts, so every engine creates its server here. An explicit
     * {@code -Dsun.net.httpserver.nodelay=false} is kept, to measure the difference.
     *
     * <p>The server returned records every request of every context created on it into its
     * {@link RequestLog}; stopping it forgets the log.
     */
    public static HttpServer create(int backlog) throws IOException {
        return create(0, backlog);
    }

    /**
     * As {@link #create(int)}, on a chosen loopback port ({@code 0}: a free one). Binding happens
     * here, so a port already in use fails at once with a {@link java.net.BindException}.
     */
    public static HttpServer create(int port, int backlog) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        int bound = server.getAddress().getPort();
        RequestLog log = new RequestLog();
        LOGS.put(bound, log);
        return new Recording(server, bound, log);
    }

    /**
     * Serves {@code handler} under {@code path} on a free loopback port (a server made by
     * {@link #create(int)}), its requests on {@code threads} daemon threads named after {@code name},
     * started: what every in-JVM engine does to serve its API. Call it last in the engine's
     * constructor, when everything the handler reads is set.
     *
     * @throws UncheckedIOException when no loopback port can be bound
     */
    public static Serving serve(String name, int threads, String path, HttpHandler handler) {
        try {
            HttpServer server = create(64);
            ExecutorService executor = daemonThreads(name, threads);
            server.setExecutor(executor);
            server.createContext(path, handler);
            server.start();
            return new Serving(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port for " + name, e);
        }
    }

    /** {@code count} daemon threads named {@code name-1, name-2, ..}; 0: as many as requests in flight. */
    public static ExecutorService daemonThreads(String name, int count) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return count == 0 ? Executors.newCachedThreadPool(factory) : Executors.newFixedThreadPool(count, factory);
    }

    /** A started loopback server and the threads its requests run on: what an engine holds, and stops once. */
    public static final class Serving implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Serving(HttpServer server, ExecutorService threads) {
            this.server = server;
            this.threads = threads;
        }

        public int port() {
            return server.getAddress().getPort();
        }

        /** {@code http://127.0.0.1:<port>}. */
        public URI endpoint() {
            return URI.create("http://127.0.0.1:" + port());
        }

        /** Stops serving and frees the port. Idempotent. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                server.stop(0);
                threads.shutdownNow();
            }
        }
    }

    /** Sends a whole response: its status, {@code Content-Type} and body (none when empty). */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /** The log of the running server on {@code port} (made by {@link #create}). */
    public static RequestLog log(int port) {
        RequestLog log = LOGS.get(port);
        if (log == null) {
            throw new IllegalArgumentException("no loopback server of this JVM listens on port " + port);
        }
        return log;
    }

    /** The log of the running server behind {@code endpoint} ({@code http://127.0.0.1:<port>}). */
    public static RequestLog log(URI endpoint) {
        return log(endpoint.getPort());
    }

    /** The scope of a SigV4 signature: who signed, for which day, region and service. */
    public record SigV4(String accessKeyId, String date, String region, String service) {
        private static final Pattern CREDENTIAL = Pattern.compile(
                "^AWS4-HMAC-SHA256\\s+.*?Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request");

        /** The scope of an {@code Authorization} header value, if it is a SigV4 one. */
        public static Optional<SigV4> parse(String authorization) {
            if (authorization == null) {
                return Optional.empty();
            }
            Matcher m = CREDENTIAL.matcher(authorization.trim());
            return m.find() ? Optional.of(new SigV4(m.group(1), m.group(2), m.group(3), m.group(4))) : Optional.empty();
        }
    }

    /** One request as received: its order on this server, what it asked, and who signed it. */
    public record Received(long sequence, String method, String path, Optional<String> target, Optional<SigV4> signature,
                           Optional<String> securityToken) {
        /** {@code X-Amz-Target} (e.g. {@code DynamoDB_20120810.Query}), else method and path. */
        public String operation() {
            return target.orElse(method + " " + path);
        }

        public Optional<String> accessKeyId() {
            return signature.map(SigV4::accessKeyId);
        }
    }

    /** What one server received. Thread-safe. */
    public static final class RequestLog {
        /** How many of the latest requests are kept in full. */
        public static final int KEPT = 10_000;

        private final Deque<Received> recent = new ArrayDeque<>();
        private final Map<String, Long> byAccessKey = new LinkedHashMap<>();
        private long sequence;

        synchronized void add(String method, String path, String target, String authorization, String securityToken) {
            Received r = new Received(++sequence, method, path, Optional.ofNullable(target), SigV4.parse(authorization),
                    Optional.ofNullable(securityToken));
            recent.addLast(r);
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
            byAccessKey.merge(r.accessKeyId().orElse(""), 1L, Long::sum);
        }

        /** The kept requests, oldest first. */
        public synchronized List<Received> received() {
            return new ArrayList<>(recent);
        }

        /** Requests received since the last {@link #clear()}, per access key id ("" for unsigned ones). */
        public synchronized Map<String, Long> countsByAccessKeyId() {
            return Map.copyOf(byAccessKey);
        }

        /** Requests received since the last {@link #clear()}. */
        public synchronized long total() {
            return byAccessKey.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Forgets what was received so far (the sequence keeps counting). */
        public synchronized void clear() {
            recent.clear();
            byAccessKey.clear();
        }
    }

    /** Records each request of every context, then hands the exchange on. */
    private static final class RecordingFilter extends Filter {
        private final RequestLog log;

        RecordingFilter(RequestLog log) {
            this.log = log;
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            log.add(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"));
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "records the SigV4 scope of each request";
        }
    }

    /** The JDK server, with the recording filter on every context and the log forgotten on stop. */
    private static final class Recording extends HttpServer {
        private final HttpServer server;
        private final int port;
        private final RecordingFilter filter;

        Recording(HttpServer server, int port, RequestLog log) {
            this.server = server;
            this.port = port;
            this.filter = new RecordingFilter(log);
        }

        @Override
        public void bind(InetSocketAddress addr, int backlog) throws IOException {
            server.bind(addr, backlog);
        }

        @Override
        public void start() {
            server.start();
        }

        @Override
        public void setExecutor(Executor executor) {
            server.setExecutor(executor);
        }

        @Override
        public Executor getExecutor() {
            return server.getExecutor();
        }

        @Override
        public void stop(int delay) {
            try {
                server.stop(delay);
            } finally {
                LOGS.remove(port);
            }
        }

        @Override
        public HttpContext createContext(String path, HttpHandler handler) {
            HttpContext context = server.createContext(path, handler);
            context.getFilters().add(filter);
            return context;
        }

        @Override
        public HttpContext createContext(String path) {
            HttpContext context = server.createContext(path);
            context.getFilters().add(filter);
            return context;
        }

        @Override
        public void removeContext(String path) {
            server.removeContext(path);
        }

        @Override
        public void removeContext(HttpContext context) {
            server.removeContext(context);
        }

        @Override
        public InetSocketAddress getAddress() {
            return server.getAddress();
        }
    }
}
