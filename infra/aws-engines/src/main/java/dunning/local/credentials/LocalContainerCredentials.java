package dunning.local.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dunning.local.http.LoopbackHttpServer;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container credentials endpoint on a loopback port, as Lambda serves one to SnapStart
 * functions (and ECS and EKS Pod Identity to containers): point
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} at {@link #uri()} and set
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} to {@link #token()}, and the AWS SDKs' container
 * credentials provider fetches its credentials here.
 *
 * <p>What it does, as the SDKs expect (AWS SDKs and Tools reference guide, "Container credential
 * provider"): a {@code GET} of {@link #PATH} whose {@code Authorization} header is exactly the
 * token gets {@code 200} and
 * {@code {"AccessKeyId":…,"SecretAccessKey":…,"Token":…,"Expiration":"2026-01-01T06:00:00Z"}}
 * (ISO-8601, UTC, whole seconds). The guide says only that the SDK sends the token as the
 * {@code Authorization} header; the refusals follow HTTP's own meaning: no header is {@code 401}
 * (with a {@code WWW-Authenticate} challenge), a wrong one {@code 403}, another path {@code 404},
 * another method {@code 405}; each with a JSON body {@code {"code":…,"message":…}}, whose message
 * the AWS SDK for Java puts into its exception. The SDK does not retry a 4xx.
 *
 * <p>Every request is counted and kept ({@link #requests()}); {@link #rotate()} issues new
 * credentials, as the real endpoint does before the old ones expire, and
 * {@link #rotateOnEveryFetch(boolean)} makes every successful fetch a new set. Each set expires
 * {@code lifetime} after it is issued, on the given clock. Nothing here knows any project.
 */
public final class LocalContainerCredentials implements AutoCloseable {
    public static final String PATH = "/v1/credentials";
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(6);

    /** One set of credentials as served. */
    public record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {}

    /**
     * One request: what it asked, whether its {@code Authorization} header was there and right,
     * the status it got and, when 200, the access key id served.
     */
    public record Request(Instant at, String method, String path, boolean authorizationPresent, boolean authorized,
                          int status, Optional<String> servedAccessKeyId) {}

    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ISO_INSTANT;
    private static final char[] KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final ObjectMapper mapper = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final LoopbackHttpServer.Serving serving;
    private final String token;
    private final Duration lifetime;
    private final Clock clock;
    private final List<Request> requests = new ArrayList<>();
    private final List<Issued> issued = new ArrayList<>();
    private boolean rotateOnEveryFetch;
    private Issued current;

    private LocalContainerCredentials(String token, Duration lifetime, Clock clock) {
        this.token = token;
        this.lifetime = lifetime;
        this.clock = clock;
        this.current = issue();
        this.serving = LoopbackHttpServer.serve("local-container-credentials", 2, "/", this::handle);
    }

    /** Starts with a fresh random token and credentials valid for {@link #DEFAULT_LIFETIME}. */
    public static LocalContainerCredentials start() {
        return start(null, DEFAULT_LIFETIME, Clock.systemUTC());
    }

    /**
     * Starts on a free loopback port. {@code token} is what the Authorization header must be (a
     * random one when null); each set of credentials expires {@code lifetime} after it is issued.
     */
    public static LocalContainerCredentials start(String token, Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("credentials need a positive lifetime");
        }
        return new LocalContainerCredentials(token != null ? token : randomToken(), lifetime, Objects.requireNonNull(clock));
    }

    /** The full URI, for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public URI uri() {
        return URI.create(serving.endpoint() + PATH);
    }

    /** The value the {@code Authorization} header must have, for {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. */
    public String token() {
        return token;
    }

    /** The credentials served now. */
    public synchronized Issued current() {
        return current;
    }

    /** Every set issued so far, oldest first (the first at start). */
    public synchronized List<Issued> issued() {
        return List.copyOf(issued);
    }

    /** Issues a new set; later fetches get it. */
    public synchronized Issued rotate() {
        current = issue();
        return current;
    }

    /** When on, each successful fetch is served a new set (issued at that fetch). */
    public synchronized void rotateOnEveryFetch(boolean on) {
        rotateOnEveryFetch = on;
    }

    /** Every request received, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests were received. */
    public synchronized int requestCount() {
        return requests.size();
    }

    /** How many fetches were served credentials. */
    public synchronized int servedCount() {
        return (int) requests.stream().filter(r -> r.status() == 200).count();
    }

    private Issued issue() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Issued set = new Issued("ASIA" + randomKey(16), randomKey(40), "IQoJb3JpZ2luX2VjE" + randomKey(60),
                now.plus(lifetime));
        issued.add(set);
        return set;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean present = authorization != null;
            boolean authorized = token.equals(authorization);
            if (!"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET");
                refuse(exchange, method, path, present, authorized, 405, "MethodNotAllowed", method + " is not supported; use GET");
                return;
            }
            if (!PATH.equals(path)) {
                refuse(exchange, method, path, present, authorized, 404, "NotFound", "no credentials at " + path);
                return;
            }
            if (!present) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"container-credentials\"");
                refuse(exchange, method, path, false, false, 401, "MissingAuthorizationToken",
                        "the Authorization header must carry the container authorization token");
                return;
            }
            if (!authorized) {
                refuse(exchange, method, path, true, false, 403, "InvalidAuthorizationToken",
                        "the Authorization header does not match the container authorization token");
                return;
            }
            Issued served;
            synchronized (this) {
                if (rotateOnEveryFetch && !requests.isEmpty()) {
                    current = issue();
                }
                served = current;
                requests.add(new Request(clock.instant(), method, path, true, true, 200, Optional.of(served.accessKeyId())));
            }
            ObjectNode body = mapper.createObjectNode();
            body.put("AccessKeyId", served.accessKeyId());
            body.put("SecretAccessKey", served.secretAccessKey());
            body.put("Token", served.sessionToken());
            body.put("Expiration", ISO_SECONDS.format(served.expiration()));
            LoopbackHttpServer.send(exchange, 200, "application/json", mapper.writeValueAsBytes(body));
        }
    }

    private void refuse(HttpExchange exchange, String method, String path, boolean present, boolean authorized, int status,
                        String code, String message) throws IOException {
        synchronized (this) {
            requests.add(new Request(clock.instant(), method, path, present, authorized, status, Optional.empty()));
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("code", code);
        body.put("message", message);
        LoopbackHttpServer.send(exchange, status, "application/json", mapper.writeValueAsBytes(body));
    }

    private String randomKey(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = KEY_CHARS[random.nextInt(KEY_CHARS.length)];
        }
        return new String(out);
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stops serving and frees the port. Idempotent. */
    @Override
    public void close() {
        serving.close();
    }
}
