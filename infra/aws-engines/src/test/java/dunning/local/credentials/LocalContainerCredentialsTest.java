package dunning.local.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The stand-in spoken to over raw HTTP (status codes, body format) and through the AWS SDK's own
 * ContainerCredentialsProvider, which reads its settings from system properties (set here, and
 * cleared after each test) before the process environment.
 */
class LocalContainerCredentialsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode body, Optional<String> challenge) {}

    static Answer get(URI uri, String method, String authorization) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        try {
            c.setRequestMethod(method);
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                return new Answer(status, JSON.readTree(in), Optional.ofNullable(c.getHeaderField("WWW-Authenticate")));
            }
        } finally {
            c.disconnect();
        }
    }

    @AfterEach
    void clearSdkSettings() {
        System.clearProperty("aws.containerCredentialsFullUri");
        System.clearProperty("aws.containerAuthorizationToken");
    }

    static ContainerCredentialsProvider sdkProviderFor(LocalContainerCredentials endpoint, String token) {
        System.setProperty("aws.containerCredentialsFullUri", endpoint.uri().toString());
        System.setProperty("aws.containerAuthorizationToken", token);
        return ContainerCredentialsProvider.builder().build();
    }

    @Test
    void serves_the_four_fields_in_the_documented_format_only_to_the_right_token() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T06:00:00.750Z"), java.time.ZoneOffset.UTC);
        try (LocalContainerCredentials endpoint = LocalContainerCredentials.start("Bearer abc", Duration.ofHours(6), clock)) {
            Answer missing = get(endpoint.uri(), "GET", null);
            assertEquals(401, missing.status());
            assertEquals("MissingAuthorizationToken", missing.body().path("code").asText());
            assertTrue(missing.challenge().isPresent(), "a 401 carries its challenge");

            Answer wrong = get(endpoint.uri(), "GET", "Bearer abd");
            assertEquals(403, wrong.status());
            assertEquals("InvalidAuthorizationToken", wrong.body().path("code").asText());

            assertEquals(404, get(endpoint.uri().resolve("/v1/other"), "GET", "Bearer abc").status());
            assertEquals(405, get(endpoint.uri(), "POST", "Bearer abc").status());

            Answer ok = get(endpoint.uri(), "GET", "Bearer abc");
            assertEquals(200, ok.status());
            assertEquals(Set.of("AccessKeyId", "SecretAccessKey", "Token", "Expiration"), fieldNames(ok.body()));
            LocalContainerCredentials.Issued served = endpoint.current();
            assertEquals(served.accessKeyId(), ok.body().get("AccessKeyId").asText());
            assertEquals(served.secretAccessKey(), ok.body().get("SecretAccessKey").asText());
            assertEquals(served.sessionToken(), ok.body().get("Token").asText());
            assertEquals("2026-01-01T12:00:00Z", ok.body().get("Expiration").asText(), "ISO-8601 UTC, whole seconds");
            assertTrue(served.accessKeyId().matches("ASIA[A-Z2-7]{16}"), served.accessKeyId());

            assertEquals(5, endpoint.requestCount());
            assertEquals(1, endpoint.servedCount());
            assertEquals(List.of(401, 403, 404, 405, 200), endpoint.requests().stream().map(LocalContainerCredentials.Request::status)
                    .toList());
            assertFalse(endpoint.requests().get(0).authorizationPresent());
            assertTrue(endpoint.requests().get(1).authorizationPresent() && !endpoint.requests().get(1).authorized());
        }
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void the_sdk_provider_fetches_once_and_caches_long_lived_credentials() {
        try (LocalContainerCredentials endpoint = LocalContainerCredentials.start();
             ContainerCredentialsProvider provider = sdkProviderFor(endpoint, endpoint.token())) {
            assertEquals(0, endpoint.requestCount(), "building the provider fetches nothing");
            AwsCredentials first = provider.resolveCredentials();
            AwsCredentials again = provider.resolveCredentials();
            assertEquals(endpoint.current().accessKeyId(), first.accessKeyId());
            assertEquals(endpoint.current().sessionToken(), ((AwsSessionCredentials) first).sessionToken());
            assertEquals(first.accessKeyId(), again.accessKeyId());
            assertEquals(1, endpoint.servedCount(), "six hours from expiry: cached");
            assertEquals(endpoint.token(), endpoint.token());
        }
    }

    @Test
    void the_sdk_provider_replaces_credentials_near_their_expiry_before_using_them_again() {
        // The SDK prefetches from 15 minutes before expiry, at a time jittered up to one minute before it
        // would call them stale (stale = one minute before expiry). With 90 s left that whole window is
        // past, so every use fetches first; with (say) 5 minutes left the jittered time could still be ahead.
        try (LocalContainerCredentials endpoint = LocalContainerCredentials.start("t", Duration.ofSeconds(90), Clock.systemUTC());
             ContainerCredentialsProvider provider = sdkProviderFor(endpoint, "t")) {
            endpoint.rotateOnEveryFetch(true);
            String first = provider.resolveCredentials().accessKeyId();
            String second = provider.resolveCredentials().accessKeyId();
            assertNotEquals(first, second);
            assertEquals(2, endpoint.servedCount());
            assertEquals(second, endpoint.current().accessKeyId());
        }
    }

    @Test
    void the_sdk_provider_surfaces_a_refusal_and_does_not_retry_it() {
        try (LocalContainerCredentials endpoint = LocalContainerCredentials.start();
             ContainerCredentialsProvider provider = sdkProviderFor(endpoint, "not-the-token")) {
            SdkClientException e = assertThrows(SdkClientException.class, provider::resolveCredentials);
            assertEquals(1, endpoint.requestCount(), "a 4xx is final: " + e.getMessage());
            assertEquals(403, endpoint.requests().get(0).status());
        }
    }

    @Test
    void rotation_issues_a_new_set_for_later_fetches() throws IOException {
        try (LocalContainerCredentials endpoint = LocalContainerCredentials.start()) {
            String before = get(endpoint.uri(), "GET", endpoint.token()).body().get("AccessKeyId").asText();
            LocalContainerCredentials.Issued rotated = endpoint.rotate();
            String after = get(endpoint.uri(), "GET", endpoint.token()).body().get("AccessKeyId").asText();
            assertNotEquals(before, after);
            assertEquals(rotated.accessKeyId(), after);
            assertEquals(List.of(before, after), endpoint.issued().stream().map(LocalContainerCredentials.Issued::accessKeyId).toList());
        }
    }
}
