package dunning.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds the SDK clients a function needs, lazily and once, from the env map it was given.
 *
 * <p>Every client uses the URLConnection HTTP client (the Apache and Netty clients are excluded
 * from every jar). The region comes from AWS_REGION (us-east-1 if absent). An endpoint override
 * (AWS_ENDPOINT_URL_DYNAMODB, _SQS, _SESV2, _EVENTBRIDGE, or AWS_ENDPOINT_URL for all) only says
 * where a client talks; where its credentials come from is decided separately, once per instance,
 * and shared by all its clients:
 *
 * <ol>
 *   <li><b>Container credentials</b> when AWS_CONTAINER_CREDENTIALS_FULL_URI (or _RELATIVE_URI) is
 *   set: what Lambda gives a SnapStart function, with AWS_CONTAINER_AUTHORIZATION_TOKEN, and no
 *   AWS_ACCESS_KEY_ID. The SDK's {@link ContainerCredentialsProvider} fetches them on the first
 *   request (never when a client is built), caches them and fetches new ones before they expire
 *   (it treats them as stale a minute before their Expiration and fetches new ones at a jittered time from 15 minutes
 *   before). This source wins over access keys in the same map: in a restored snapshot the process
 *   environment is the one captured at init, so keys in it could be stale.</li>
 *   <li><b>Environment credentials</b> when AWS_ACCESS_KEY_ID is set (plain Lambda; also the local
 *   runner, which sets {@code local}): AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 *   AWS_SESSION_TOKEN read from the map. Lambda sets them once per execution environment.</li>
 *   <li><b>Dummy static credentials</b> ({@code local}/{@code local}) only when neither is set and an
 *   endpoint override is: a local engine that checks no signature.</li>
 * </ol>
 * With none of these a client cannot be built (the error names the variables). Nothing here walks
 * the SDK's default chain (no profile-file scan, no IMDS probe on the cold path).
 *
 * <p><b>The env map and the process environment.</b> This class reads the map it was given, so
 * several handlers can share a JVM locally with different settings; the SDK's container provider
 * reads the process instead (system properties {@code aws.containerCredentialsFullUri},
 * {@code aws.containerAuthorizationToken}, …, then System.getenv) and cannot be handed other values.
 * On Lambda the map is System.getenv, so both agree. Elsewhere the map decides <em>whether</em>
 * container credentials are used, and the values must be the process's: when a container
 * variable in the map differs from what the SDK would read, building a client fails with both
 * values named rather than fetch from another endpoint or with another token. A test that wants
 * container credentials therefore runs the handler in a process of its own whose environment is
 * the function's (infra/simulation's SnapStart test does).
 *
 * <p><b>Retries.</b> Every client is given its retry strategy explicitly, SDK standard mode: at
 * most {@link #MAX_ATTEMPTS} attempts per call; exponential backoff with full jitter from
 * {@link #BASE_DELAY} (from {@link #THROTTLED_BASE_DELAY} for throttling errors), capped at
 * {@link #MAX_BACKOFF}; the SDK's token bucket (500 tokens, 5 per retry) stops retrying when a
 * service keeps failing. The calls are bounded by {@link #API_CALL_TIMEOUT}. These cover whole-request
 * failures (5xx, throttling, connection errors); per-entry failures of PutEvents and
 * SendMessageBatch come back as successful responses and are retried by the publisher and sender,
 * against the invocation's deadline (docs/resilience.md). SES is the exception: its client does
 * not retry throttling, because SesMailer backs off from it against the deadline itself, and a
 * second layer of retries would multiply the attempts.
 *
 * <p>Each service client is built in its own method and referenced nowhere else, so a function
 * whose jar lacks (say) the SES module never loads SES classes.
 */
public final class AwsClients implements AutoCloseable {
    public static final String ENDPOINT_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String ENDPOINT_SQS = "AWS_ENDPOINT_URL_SQS";
    public static final String ENDPOINT_SESV2 = "AWS_ENDPOINT_URL_SESV2";
    public static final String ENDPOINT_EVENTBRIDGE = "AWS_ENDPOINT_URL_EVENTBRIDGE";

    public static final String CONTAINER_FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public static final String CONTAINER_RELATIVE_URI = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    public static final String CONTAINER_TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    public static final String CONTAINER_TOKEN_FILE = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
    /** The container variables the SDK's provider reads; each must agree between the map and the process. */
    static final List<String> CONTAINER_VARIABLES = List.of(CONTAINER_FULL_URI, CONTAINER_RELATIVE_URI, CONTAINER_TOKEN,
            CONTAINER_TOKEN_FILE);

    public static final int MAX_ATTEMPTS = 3;
    public static final Duration BASE_DELAY = Duration.ofMillis(100);
    public static final Duration THROTTLED_BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(20);
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(25);

    /** Where this instance's credentials come from (see the class comment). */
    public enum CredentialSource { CONTAINER, ENVIRONMENT, LOCAL_DUMMY, NONE }

    private final Env env;
    private final Function<String, Optional<String>> sdkSetting;
    private SdkHttpClient http;
    private AwsCredentialsProvider credentials;
    private Object dynamo;
    private Object sqs;
    private Object ses;
    private Object events;

    public AwsClients(Env env) {
        this(env, AwsClients::processSetting);
    }

    /** Tests: {@code sdkSetting} stands in for what the SDK reads from the process for a container variable. */
    AwsClients(Env env, Function<String, Optional<String>> sdkSetting) {
        this.env = env;
        this.sdkSetting = sdkSetting;
    }

    public Region region() {
        return Region.of(env.find("AWS_REGION").orElse("us-east-1"));
    }

    /** Which source the clients sign with, decided from the map alone (nothing is fetched). */
    public CredentialSource credentialSource() {
        if (env.find(CONTAINER_FULL_URI).isPresent() || env.find(CONTAINER_RELATIVE_URI).isPresent()) {
            return CredentialSource.CONTAINER;
        }
        if (env.find("AWS_ACCESS_KEY_ID").isPresent()) {
            return CredentialSource.ENVIRONMENT;
        }
        if (hasEndpointOverride()) {
            return CredentialSource.LOCAL_DUMMY;
        }
        return CredentialSource.NONE;
    }

    public synchronized software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb() {
        if (dynamo == null) {
            dynamo = configure(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), ENDPOINT_DYNAMODB,
                    standardRetries()).httpClient(http()).build();
        }
        return (software.amazon.awssdk.services.dynamodb.DynamoDbClient) dynamo;
    }

    public synchronized software.amazon.awssdk.services.sqs.SqsClient sqs() {
        if (sqs == null) {
            sqs = configure(software.amazon.awssdk.services.sqs.SqsClient.builder(), ENDPOINT_SQS, standardRetries())
                    .httpClient(http()).build();
        }
        return (software.amazon.awssdk.services.sqs.SqsClient) sqs;
    }

    public synchronized software.amazon.awssdk.services.sesv2.SesV2Client sesV2() {
        if (ses == null) {
            ses = configure(software.amazon.awssdk.services.sesv2.SesV2Client.builder(), ENDPOINT_SESV2,
                    retriesExceptThrottling()).httpClient(http()).build();
        }
        return (software.amazon.awssdk.services.sesv2.SesV2Client) ses;
    }

    public synchronized software.amazon.awssdk.services.eventbridge.EventBridgeClient eventBridge() {
        if (events == null) {
            events = configure(software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder(), ENDPOINT_EVENTBRIDGE,
                    standardRetries()).httpClient(http()).build();
        }
        return (software.amazon.awssdk.services.eventbridge.EventBridgeClient) events;
    }

    /**
     * SDK standard mode with the numbers above written out, so a newer SDK default does not change
     * them silently. One instance per client: the strategy holds the client's token bucket.
     */
    static RetryStrategy standardRetries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(BASE_DELAY, MAX_BACKOFF))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(THROTTLED_BASE_DELAY, MAX_BACKOFF))
                .build();
    }

    /**
     * Standard mode's numbers, but throttling is not retried here: SesMailer backs off from it
     * against the invocation's deadline. The client's AWS defaults are not added on top (they
     * would bring the throttling condition back).
     */
    static RetryStrategy retriesExceptThrottling() {
        return DefaultRetryStrategy.standardStrategyBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(BASE_DELAY, MAX_BACKOFF))
                .retryOnException(AwsClients::transientNotThrottling)
                .useClientDefaults(false)
                .build();
    }

    /** 5xx, clock skew and connection failures; never a throttling error. */
    static boolean transientNotThrottling(Throwable failure) {
        if (!(failure instanceof SdkException e) || RetryUtils.isThrottlingException(e)) {
            return false;
        }
        if (e instanceof SdkServiceException service) {
            return service.statusCode() >= 500 || RetryUtils.isClockSkewException(e) || service.retryable();
        }
        if (e.retryable() || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(3))
                    .socketTimeout(Duration.ofSeconds(20))
                    .build();
        }
        return http;
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpointVariable, RetryStrategy retries) {
        builder.region(region());
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(retries)
                .apiCallTimeout(API_CALL_TIMEOUT).build());
        endpoint(endpointVariable).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        builder.credentialsProvider(credentials());
        return builder;
    }

    private Optional<String> endpoint(String endpointVariable) {
        return env.find(endpointVariable).or(() -> env.find("AWS_ENDPOINT_URL"));
    }

    private boolean hasEndpointOverride() {
        return env.find("AWS_ENDPOINT_URL").isPresent() || env.find(ENDPOINT_DYNAMODB).isPresent()
                || env.find(ENDPOINT_SQS).isPresent() || env.find(ENDPOINT_SESV2).isPresent()
                || env.find(ENDPOINT_EVENTBRIDGE).isPresent();
    }

    /** One provider for every client of this instance, so container credentials are fetched once, not per client. */
    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = switch (credentialSource()) {
                case CONTAINER -> containerCredentials();
                case ENVIRONMENT -> environmentCredentials();
                case LOCAL_DUMMY -> StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
                case NONE -> throw new IllegalStateException("no AWS credentials in the environment: set "
                        + CONTAINER_FULL_URI + " (with " + CONTAINER_TOKEN + "), as Lambda does for SnapStart functions, or "
                        + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as it does for the others");
            };
        }
        return credentials;
    }

    private AwsCredentialsProvider containerCredentials() {
        for (String variable : CONTAINER_VARIABLES) {
            Optional<String> inMap = env.find(variable);
            Optional<String> inProcess = sdkSetting.apply(variable).filter(v -> !v.isBlank());
            if (!inMap.equals(inProcess)) {
                throw new IllegalStateException(variable + " is " + describe(inMap) + " in this function's environment but "
                        + describe(inProcess) + " where the AWS SDK's container credentials provider reads it (system "
                        + "properties, then the process environment); the provider cannot be given another value, so a "
                        + "function using container credentials must run in a process whose environment is its own");
            }
        }
        // no asynchronous refresh: a background thread would be frozen in a SnapStart snapshot
        return ContainerCredentialsProvider.builder().build();
    }

    private static String describe(Optional<String> value) {
        // the token is a secret: say whether it is there, not what it is
        return value.map(v -> v.startsWith("http") || v.startsWith("/") ? "'" + v + "'" : "set (" + v.length() + " chars)")
                .orElse("unset");
    }

    private AwsCredentialsProvider environmentCredentials() {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.find("AWS_SECRET_ACCESS_KEY").orElseThrow(() -> new IllegalStateException(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"));
        Optional<String> token = env.find("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token.isPresent()
                ? AwsSessionCredentials.create(key, secret, token.get())
                : AwsBasicCredentials.create(key, secret));
    }

    /** What the SDK reads for a container variable: its system property, then the process environment. */
    static Optional<String> processSetting(String variable) {
        return SdkSystemSetting.valueOf(variable).getStringValue();
    }

    @Override
    public synchronized void close() {
        for (Object c : new Object[] {dynamo, sqs, ses, events}) {
            if (c instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing is best effort
                }
            }
        }
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
