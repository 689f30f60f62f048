package dunning.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.local.dynamodb.LocalDynamoDb;
import dunning.local.ses.LocalSes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Every loopback engine records who signed each request; the proxy does the same for ElasticMQ. */
class SignatureRecordingTest {
    static final StaticCredentialsProvider SIGNER = StaticCredentialsProvider.create(
            AwsSessionCredentials.create("ASIATESTKEY0000001", "secret", "session-token-1"));

    @Test
    void the_sigv4_scope_is_read_from_the_authorization_header() {
        assertEquals(Optional.of(new LoopbackHttpServer.SigV4("AKIDEXAMPLE", "20260101", "eu-west-1", "dynamodb")),
                LoopbackHttpServer.SigV4.parse("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=abc"));
        assertEquals(Optional.empty(), LoopbackHttpServer.SigV4.parse("Bearer token"));
        assertEquals(Optional.empty(), LoopbackHttpServer.SigV4.parse(null));
    }

    @Test
    void the_dynamodb_engine_records_key_id_session_token_and_operation() {
        try (LocalDynamoDb ddb = LocalDynamoDb.start();
             DynamoDbClient client = DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.EU_WEST_1)
                     .credentialsProvider(SIGNER).httpClient(UrlConnectionHttpClient.create()).build()) {
            client.listTables();
            List<LoopbackHttpServer.Received> received = LoopbackHttpServer.log(ddb.endpoint()).received();
            assertEquals(1, received.size());
            LoopbackHttpServer.Received r = received.get(0);
            assertEquals("DynamoDB_20120810.ListTables", r.operation());
            assertEquals("ASIATESTKEY0000001", r.accessKeyId().orElseThrow());
            assertEquals("eu-west-1", r.signature().orElseThrow().region());
            assertEquals("dynamodb", r.signature().orElseThrow().service());
            assertEquals(Optional.of("session-token-1"), r.securityToken());
            assertEquals(Map.of("ASIATESTKEY0000001", 1L), LoopbackHttpServer.log(ddb.endpoint()).countsByAccessKeyId());
        }
    }

    @Test
    void the_ses_engine_records_too_and_a_stopped_server_forgets_its_log() {
        URI endpoint;
        try (LocalSes ses = LocalSes.start(Optional.empty());
             SesV2Client client = SesV2Client.builder().endpointOverride(ses.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(SIGNER).httpClient(UrlConnectionHttpClient.create()).build()) {
            endpoint = ses.endpoint();
            client.createEmailIdentity(b -> b.emailIdentity("billing@example.com"));
            LoopbackHttpServer.RequestLog log = LoopbackHttpServer.log(endpoint);
            assertEquals("POST /v2/email/identities", log.received().get(0).operation());
            assertEquals("ses", log.received().get(0).signature().orElseThrow().service());
            assertEquals(1, log.total());
            log.clear();
            assertEquals(0, log.total());
        }
        URI gone = endpoint;
        assertThrows(IllegalArgumentException.class, () -> LoopbackHttpServer.log(gone));
    }

    @Test
    void sqs_calls_through_the_proxy_reach_elasticmq_and_are_recorded() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SQSRestServer elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        elasticMq.waitUntilStarted();
        try (LoopbackProxy proxy = LoopbackProxy.start(URI.create("http://127.0.0.1:" + port));
             SqsClient sqs = SqsClient.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(SIGNER).httpClient(UrlConnectionHttpClient.create()).build()) {
            String url = sqs.createQueue(b -> b.queueName("proxied")).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello"));
            assertEquals("hello", sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0).body());

            List<String> operations = proxy.log().received().stream().map(LoopbackHttpServer.Received::operation).toList();
            assertEquals(List.of("AmazonSQS.CreateQueue", "AmazonSQS.SendMessage", "AmazonSQS.ReceiveMessage"), operations,
                    "the SDK sends to the endpoint override, not to the queue URL's host");
            assertTrue(proxy.log().received().stream().allMatch(r -> r.accessKeyId().orElse("").equals("ASIATESTKEY0000001")));
        } finally {
            elasticMq.stopAndWait();
        }
    }
}
