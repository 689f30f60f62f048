package dunning.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * Where the clients' credentials come from, and how often the SDK itself retries, against a stub
 * HTTP endpoint that answers every request with a fixed status and records what it was sent.
 */
class AwsClientsTest {
    private HttpServer stub;
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private volatile int status = 200;
    private volatile String errorType = "";
    private volatile String body = "{}";

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (!errorType.isEmpty()) {
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
                }
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    /** From now on the stub answers every request with this status, error type (x-amzn-ErrorType) and body. */
    private void answer(int status, String errorType, String body) {
        this.status = status;
        this.errorType = errorType;
        this.body = body;
    }

    /** Clients whose every service endpoint is the stub. */
    private AwsClients stubbedClients() {
        return new AwsClients(Env.of(env("AWS_ENDPOINT_URL", endpoint())));
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static String accessKeyOf(String authorization) {
        int at = authorization.indexOf("Credential=");
        return authorization.substring(at + "Credential=".length(), authorization.indexOf('/', at));
    }

    @Test
    void an_endpoint_override_does_not_switch_the_environments_credentials_off() {
        Map<String, String> env = env("AWS_ENDPOINT_URL_SQS", endpoint(), "AWS_ACCESS_KEY_ID", "AKIDPLAINLAMBDA",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "session");
        try (AwsClients clients = new AwsClients(Env.of(env))) {
            assertEquals(AwsClients.CredentialSource.ENVIRONMENT, clients.credentialSource());
            clients.sqs().listQueues();
            AwsSessionCredentials used = (AwsSessionCredentials) clients.sqs().serviceClientConfiguration()
                    .credentialsProvider().resolveIdentity().join();
            assertEquals("session", used.sessionToken());
        }
        assertEquals("AKIDPLAINLAMBDA", accessKeyOf(authorizations.get(0)));
    }

    @Test
    void only_an_endpoint_override_without_any_credentials_signs_with_the_local_dummy() {
        try (AwsClients clients = stubbedClients()) {
            assertEquals(AwsClients.CredentialSource.LOCAL_DUMMY, clients.credentialSource());
            clients.sqs().listQueues();
        }
        assertEquals("local", accessKeyOf(authorizations.get(0)));
    }

    @Test
    void without_any_credential_source_no_client_is_built() {
        try (AwsClients clients = new AwsClients(Env.of(env()))) {
            assertEquals(AwsClients.CredentialSource.NONE, clients.credentialSource());
            IllegalStateException e = assertThrows(IllegalStateException.class, clients::sqs);
            assertTrue(e.getMessage().contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"), e.getMessage());
            assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID"), e.getMessage());
        }
    }

    @Test
    void container_variables_choose_the_sdks_container_provider_even_beside_access_keys() {
        Map<String, String> env = env("AWS_ENDPOINT_URL_SQS", endpoint(), "AWS_ACCESS_KEY_ID", "AKIDSTALE",
                "AWS_SECRET_ACCESS_KEY", "secret", AwsClients.CONTAINER_FULL_URI, "http://127.0.0.1:9/credentials",
                AwsClients.CONTAINER_TOKEN, "token-1");
        // the process as the SDK would read it, here the same values (on Lambda the map is System.getenv)
        try (AwsClients clients = new AwsClients(Env.of(env), v -> Optional.ofNullable(env.get(v)))) {
            assertEquals(AwsClients.CredentialSource.CONTAINER, clients.credentialSource());
            assertInstanceOf(ContainerCredentialsProvider.class, clients.sqs().serviceClientConfiguration().credentialsProvider());
            assertEquals(List.of(), authorizations, "building a client fetches nothing and calls nothing");
        }
    }

    @Test
    void container_variables_that_differ_from_the_process_are_refused_naming_both() {
        Map<String, String> env = env(AwsClients.CONTAINER_FULL_URI, "http://127.0.0.1:9/credentials",
                AwsClients.CONTAINER_TOKEN, "token-1");
        try (AwsClients clients = new AwsClients(Env.of(env), v -> Optional.empty())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, clients::dynamoDb);
            assertTrue(e.getMessage().contains("AWS_CONTAINER_CREDENTIALS_FULL_URI is 'http://127.0.0.1:9/credentials' in this "
                    + "function's environment but unset where the AWS SDK"), e.getMessage());
        }
        Map<String, String> process = Map.of(AwsClients.CONTAINER_FULL_URI, "http://127.0.0.1:9/credentials",
                AwsClients.CONTAINER_TOKEN, "another-token");
        try (AwsClients clients = new AwsClients(Env.of(env), v -> Optional.ofNullable(process.get(v)))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, clients::dynamoDb);
            assertTrue(e.getMessage().contains("AWS_CONTAINER_AUTHORIZATION_TOKEN is set (7 chars)"), e.getMessage());
            assertTrue(!e.getMessage().contains("another-token") && !e.getMessage().contains("token-1"), "no token in the message");
        }
    }

    @Test
    void every_client_is_given_standard_mode_with_three_attempts() {
        try (AwsClients clients = stubbedClients()) {
            assertEquals(3, clients.dynamoDb().serviceClientConfiguration().overrideConfiguration().retryStrategy().get().maxAttempts(),
                    "not DynamoDB's own legacy default of 9");
            assertEquals(3, clients.sqs().serviceClientConfiguration().overrideConfiguration().retryStrategy().get().maxAttempts());
            assertEquals(3, clients.eventBridge().serviceClientConfiguration().overrideConfiguration().retryStrategy().get().maxAttempts());
            assertEquals(3, clients.sesV2().serviceClientConfiguration().overrideConfiguration().retryStrategy().get().maxAttempts());
        }
    }

    @Test
    void the_sdk_retries_a_server_error_three_times() {
        answer(500, "InternalFailure", "{\"__type\":\"InternalFailure\",\"message\":\"boom\"}");
        try (AwsClients clients = stubbedClients()) {
            assertThrows(SdkServiceException.class, () -> clients.sqs().listQueues());
        }
        assertEquals(3, authorizations.size());
    }

    @Test
    void the_ses_client_leaves_throttling_to_ses_mailer_but_still_retries_server_errors() {
        answer(429, "TooManyRequestsException", "{\"message\":\"Maximum sending rate exceeded.\"}");
        try (AwsClients clients = stubbedClients()) {
            assertThrows(TooManyRequestsException.class, () -> clients.sesV2().getAccount(b -> { }));
            assertEquals(1, authorizations.size(), "one request: no SDK retry on top of SesMailer's backoff");

            answer(500, "InternalFailure", "{\"message\":\"boom\"}");
            assertThrows(SdkServiceException.class, () -> clients.sesV2().getAccount(b -> { }));
            assertEquals(1 + 3, authorizations.size(), "a server error is retried by the SDK");
        }
    }
}
