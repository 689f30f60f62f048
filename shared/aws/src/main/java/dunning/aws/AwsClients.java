package dunning.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds the SDK clients a function needs, lazily and once, from the env map it was given.
 *
 * <p>Every client uses the URLConnection HTTP client (the Apache and Netty clients are excluded
 * from every jar). The region comes from AWS_REGION (us-east-1 if absent). When the env map holds
 * an endpoint override (AWS_ENDPOINT_URL_DYNAMODB, _SQS, _SESV2, _EVENTBRIDGE) the client talks to
 * that endpoint with static dummy credentials, so a local run never walks the default credential
 * chain (profiles, IMDS). Without an override, credentials come from the Lambda environment
 * variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which is what Lambda sets.
 *
 * <p>Each service client is built in its own method and referenced nowhere else, so a function
 * whose jar lacks (say) the SES module never loads SES classes.
 */
public final class AwsClients implements AutoCloseable {
    public static final String ENDPOINT_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String ENDPOINT_SQS = "AWS_ENDPOINT_URL_SQS";
    public static final String ENDPOINT_SESV2 = "AWS_ENDPOINT_URL_SESV2";
    public static final String ENDPOINT_EVENTBRIDGE = "AWS_ENDPOINT_URL_EVENTBRIDGE";

    private final Env env;
    private SdkHttpClient http;
    private Object dynamo;
    private Object sqs;
    private Object ses;
    private Object events;

    public AwsClients(Env env) {
        this.env = env;
    }

    public Region region() {
        return Region.of(env.find("AWS_REGION").orElse("us-east-1"));
    }

    public synchronized software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb() {
        if (dynamo == null) {
            dynamo = configure(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), ENDPOINT_DYNAMODB)
                    .httpClient(http()).build();
        }
        return (software.amazon.awssdk.services.dynamodb.DynamoDbClient) dynamo;
    }

    public synchronized software.amazon.awssdk.services.sqs.SqsClient sqs() {
        if (sqs == null) {
            sqs = configure(software.amazon.awssdk.services.sqs.SqsClient.builder(), ENDPOINT_SQS)
                    .httpClient(http()).build();
        }
        return (software.amazon.awssdk.services.sqs.SqsClient) sqs;
    }

    public synchronized software.amazon.awssdk.services.sesv2.SesV2Client sesV2() {
        if (ses == null) {
            ses = configure(software.amazon.awssdk.services.sesv2.SesV2Client.builder(), ENDPOINT_SESV2)
                    .httpClient(http()).build();
        }
        return (software.amazon.awssdk.services.sesv2.SesV2Client) ses;
    }

    public synchronized software.amazon.awssdk.services.eventbridge.EventBridgeClient eventBridge() {
        if (events == null) {
            events = configure(software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder(), ENDPOINT_EVENTBRIDGE)
                    .httpClient(http()).build();
        }
        return (software.amazon.awssdk.services.eventbridge.EventBridgeClient) events;
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

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpointVariable) {
        builder.region(region());
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(25)).build());
        var endpoint = env.find(endpointVariable).or(() -> env.find("AWS_ENDPOINT_URL"));
        if (endpoint.isPresent()) {
            builder.endpointOverride(URI.create(endpoint.get()));
            builder.credentialsProvider(localCredentials());
        } else {
            builder.credentialsProvider(lambdaCredentials());
        }
        return builder;
    }

    private AwsCredentialsProvider localCredentials() {
        String key = env.find("AWS_ACCESS_KEY_ID").orElse("local");
        String secret = env.find("AWS_SECRET_ACCESS_KEY").orElse("local");
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    }

    private AwsCredentialsProvider lambdaCredentials() {
        if (env.find("AWS_ACCESS_KEY_ID").isPresent()) {
            String token = env.find("AWS_SESSION_TOKEN").orElse(null);
            return StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))
                    : software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                            env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), token));
        }
        return EnvironmentVariableCredentialsProvider.create();
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
        if (http != null) {
            http.close();
        }
    }
}
