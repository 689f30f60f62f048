package dunning.local.ses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dunning.local.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SES v2 {@code SendEmail} API on a loopback port (no Java engine of SES exists). It keeps every
 * message it accepts, writes each as an HTML file a person can open, and rejects what real SES
 * rejects: an unverified sender, no recipient or more than 50, a message over 40 MB. Senders are
 * verified with {@code CreateEmailIdentity} (an address, or a domain for all its addresses).
 */
public final class LocalSes implements AutoCloseable {
    static final int MAX_RECIPIENTS = 50;
    static final long MAX_MESSAGE_BYTES = 40L * 1024 * 1024;

    /** A message as SES accepted it. */
    public record Sent(String messageId, String from, List<String> to, String subject, String text,
                       Optional<String> html, Instant at) {}

    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackHttpServer.Serving serving;
    private final Optional<Path> mailDir;
    private final Clock clock;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private final List<Sent> outbox = new CopyOnWriteArrayList<>();

    private LocalSes(Optional<Path> mailDir, Clock clock) {
        this.clock = clock;
        this.mailDir = mailDir;
        this.serving = LoopbackHttpServer.serve("local-ses", 2, "/v2/email/", this::handle);
    }

    /** Starts on a free loopback port; with {@code mailDir}, each accepted mail is also written there as HTML. */
    public static LocalSes start(Optional<Path> mailDir) {
        return start(mailDir, Clock.systemUTC());
    }

    /** As {@link #start(Optional)}, stamping each accepted mail with {@code clock}'s time (the runner's clock). */
    public static LocalSes start(Optional<Path> mailDir, Clock clock) {
        return new LocalSes(mailDir, clock);
    }

    public URI endpoint() {
        return serving.endpoint();
    }

    public void verify(String identity) {
        verified.add(identity.toLowerCase());
    }

    public List<Sent> outbox() {
        return List.copyOf(outbox);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode body;
            try {
                body = json.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                error(exchange, 400, "BadRequestException", "request body is not JSON");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 404, "NotFoundException", "not supported here: " + exchange.getRequestMethod() + " " + path);
            } else if (path.equals("/v2/email/identities")) {
                String identity = body.path("EmailIdentity").asText("");
                if (identity.isBlank()) {
                    error(exchange, 400, "BadRequestException", "EmailIdentity is required");
                    return;
                }
                verify(identity);
                respond(exchange, Map.of("IdentityType", identity.contains("@") ? "EMAIL_ADDRESS" : "DOMAIN",
                        "VerifiedForSendingStatus", true));
            } else if (path.equals("/v2/email/outbound-emails")) {
                send(exchange, body);
            } else {
                error(exchange, 404, "NotFoundException", "not supported here: " + path);
            }
        }
    }

    private void send(HttpExchange exchange, JsonNode body) throws IOException {
        String from = body.path("FromEmailAddress").asText("");
        if (from.isBlank() || !isVerified(from)) {
            error(exchange, 400, "MessageRejected", "Email address is not verified. The following identities failed the check: " + from);
            return;
        }
        List<String> to = new ArrayList<>();
        for (String field : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
            body.path("Destination").path(field).forEach(a -> to.add(a.asText()));
        }
        JsonNode simple = body.path("Content").path("Simple");
        JsonNode raw = body.path("Content").path("Raw");
        if (to.isEmpty() && raw.isMissingNode()) {
            error(exchange, 400, "BadRequestException", "Missing required field: at least one recipient");
            return;
        }
        if (to.size() > MAX_RECIPIENTS) {
            error(exchange, 400, "BadRequestException", "Recipient count exceeds " + MAX_RECIPIENTS);
            return;
        }
        String subject;
        String text;
        Optional<String> html;
        if (!simple.isMissingNode()) {
            subject = simple.path("Subject").path("Data").asText("");
            text = simple.path("Body").path("Text").path("Data").asText("");
            html = simple.path("Body").path("Html").has("Data") ? Optional.of(simple.path("Body").path("Html").path("Data").asText())
                    : Optional.empty();
            if (subject.isBlank() || (text.isEmpty() && html.isEmpty())) {
                error(exchange, 400, "BadRequestException", "a simple message needs a subject and a body");
                return;
            }
        } else if (!raw.isMissingNode()) {
            byte[] mime = Base64.getDecoder().decode(raw.path("Data").asText(""));
            subject = "(raw message)";
            text = new String(mime, StandardCharsets.UTF_8);
            html = Optional.empty();
        } else {
            error(exchange, 400, "BadRequestException", "Content must be Simple or Raw");
            return;
        }
        long size = subject.length() + text.length() + html.map(String::length).orElse(0);
        if (size > MAX_MESSAGE_BYTES) {
            error(exchange, 400, "BadRequestException", "Message length is more than 40 MB");
            return;
        }
        Sent sent = new Sent(UUID.randomUUID().toString(), from, List.copyOf(to), subject, text, html, clock.instant());
        outbox.add(sent);
        mailDir.ifPresent(dir -> write(dir, sent));
        respond(exchange, Map.of("MessageId", sent.messageId()));
    }

    private boolean isVerified(String from) {
        String address = from.contains("<") ? from.substring(from.indexOf('<') + 1, from.indexOf('>')) : from;
        String lower = address.toLowerCase();
        return verified.contains(lower) || verified.contains(lower.substring(lower.indexOf('@') + 1));
    }

    private static void write(Path dir, Sent sent) {
        String page = "<!doctype html><meta charset=utf-8><title>" + escape(sent.subject()) + "</title>"
                + "<p><b>From</b> " + escape(sent.from()) + "<br><b>To</b> " + escape(String.join(", ", sent.to()))
                + "<br><b>Subject</b> " + escape(sent.subject()) + "</p><hr>"
                + sent.html().orElse("<pre>" + escape(sent.text()) + "</pre>");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(sent.at().toEpochMilli() + "-" + sent.messageId() + ".html"), page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void respond(HttpExchange exchange, Object body) throws IOException {
        LoopbackHttpServer.send(exchange, 200, "application/json", json.writeValueAsBytes(body));
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        LoopbackHttpServer.send(exchange, status, "application/json", json.writeValueAsBytes(Map.of("message", message)));
    }

    @Override
    public void close() {
        serving.close();
    }
}
