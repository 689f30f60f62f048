package dunning.local.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    private final LoopbackHttpServer.Serving serving;
    private final URI target;

    private LoopbackProxy(URI target) {
        this.target = target;
        this.serving = LoopbackHttpServer.serve("loopback-proxy", 4, "/", this::forward);
    }

    /** Starts on a free loopback port, forwarding to {@code target} ({@code http://host:port}). */
    public static LoopbackProxy start(URI target) {
        return new LoopbackProxy(target);
    }

    /** {@code http://127.0.0.1:<port>}, to use instead of the target's endpoint. */
    public URI endpoint() {
        return serving.endpoint();
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
        serving.close();
    }
}
