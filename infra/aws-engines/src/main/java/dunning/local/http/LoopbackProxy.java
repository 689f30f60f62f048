package dunning.local.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback HTTP endpoint that forwards every request unchanged (method, path and query,
 * headers, body) to a server this JVM does not own, and its response back, so that server's
 * traffic gets a {@link LoopbackHttpServer.RequestLog} like the engines' own: who signed each
 * request. Made for ElasticMQ (SQS), which accepts any signature and keeps no record of one.
 * What it cannot show: anything the target does not send back, and requests that reach the target
 * some other way than through this port.
 */
public final class LoopbackProxy implements AutoCloseable {
    /** Hop-by-hop headers (RFC 9110 §7.6.1) and the ones the connection sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length");

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI target;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LoopbackProxy(HttpServer server, ExecutorService threads, URI target) {
        this.server = server;
        this.threads = threads;
        this.target = target;
    }

    /** Starts on a free loopback port, forwarding to {@code target} ({@code http://host:port}). */
    public static LoopbackProxy start(URI target) {
        try {
            HttpServer server = LoopbackHttpServer.create(0);
            ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "loopback-proxy");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(threads);
            LoopbackProxy proxy = new LoopbackProxy(server, threads, target);
            server.createContext("/", proxy::forward);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port for the proxy", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, to use instead of the target's endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI target() {
        return target;
    }

    /** What passed through, with its signatures. */
    public LoopbackHttpServer.RequestLog log() {
        return LoopbackHttpServer.log(endpoint());
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = target.resolve(exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            try {
                connection.setRequestMethod(exchange.getRequestMethod());
                connection.setInstanceFollowRedirects(false);
                connection.setConnectTimeout(5_000);
                connection.setReadTimeout(30_000);
                for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                    if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                        for (String value : h.getValue()) {
                            connection.addRequestProperty(h.getKey(), value);
                        }
                    }
                }
                if (body.length > 0) {
                    connection.setDoOutput(true);
                    connection.setFixedLengthStreamingMode(body.length);
                    try (OutputStream out = connection.getOutputStream()) {
                        out.write(body);
                    }
                }
                int status = connection.getResponseCode();
                byte[] response;
                try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                    response = in == null ? new byte[0] : in.readAllBytes();
                }
                for (Map.Entry<String, List<String>> h : connection.getHeaderFields().entrySet()) {
                    if (h.getKey() != null && !NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                        exchange.getResponseHeaders().put(h.getKey(), h.getValue());
                    }
                }
                exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
                if (response.length > 0) {
                    exchange.getResponseBody().write(response);
                }
            } catch (IOException e) {
                byte[] message = ("proxy: " + target + " did not answer: " + e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(502, message.length);
                exchange.getResponseBody().write(message);
            } finally {
                connection.disconnect();
            }
        }
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
