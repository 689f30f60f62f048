package dunning.local.cloud;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients pointed at the local engines, built once each, with dummy static credentials (a
 * local run never walks the default credential chain). The endpoints are the variables a
 * function's environment gets ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code _SQS}, {@code _SESV2},
 * {@code _EVENTBRIDGE}), so the runner and the functions talk to the same engines.
 */
public final class LocalClients implements AutoCloseable {
    public static final String ENDPOINT_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String ENDPOINT_SQS = "AWS_ENDPOINT_URL_SQS";
    public static final String ENDPOINT_SESV2 = "AWS_ENDPOINT_URL_SESV2";
    public static final String ENDPOINT_EVENTBRIDGE = "AWS_ENDPOINT_URL_EVENTBRIDGE";

    private final Map<String, String> endpoints;
    private final Region region;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private SesV2Client ses;
    private EventBridgeClient events;

    public LocalClients(Map<String, String> endpoints, String region) {
        this.endpoints = Map.copyOf(endpoints);
        this.region = Region.of(region);
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamo == null) {
            dynamo = configure(DynamoDbClient.builder(), ENDPOINT_DYNAMODB).httpClient(http).build();
        }
        return dynamo;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = configure(SqsClient.builder(), ENDPOINT_SQS).httpClient(http).build();
        }
        return sqs;
    }

    public synchronized SesV2Client sesV2() {
        if (ses == null) {
            ses = configure(SesV2Client.builder(), ENDPOINT_SESV2).httpClient(http).build();
        }
        return ses;
    }

    public synchronized EventBridgeClient eventBridge() {
        if (events == null) {
            events = configure(EventBridgeClient.builder(), ENDPOINT_EVENTBRIDGE).httpClient(http).build();
        }
        return events;
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpointVariable) {
        String endpoint = endpoints.get(endpointVariable);
        if (endpoint == null) {
            throw new IllegalStateException("no local endpoint " + endpointVariable);
        }
        return builder.region(region).endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : new AutoCloseable[] {dynamo, sqs, ses, events}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing is best effort
                }
            }
        }
        http.close();
    }
}
