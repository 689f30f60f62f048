package dunning.local.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The JDK's HTTP server on a free loopback port, as every in-JVM engine here serves its API. */
public final class LoopbackHttpServer {
    private LoopbackHttpServer() {}

    /**
     * Creates the server with TCP_NODELAY on its connections. Without it a response's headers and
     * body leave in two writes, Nagle holds the second until the client's delayed ACK (40 ms on
     * Linux), and every DynamoDB call took ~48 ms instead of ~1 ms. The JDK reads the switch once,
     * when its first server starts, so every engine creates its server here. An explicit
     * {@code -Dsun.net.httpserver.nodelay=false} is kept, to measure the difference.
     */
    public static HttpServer create(int backlog) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    }
}
