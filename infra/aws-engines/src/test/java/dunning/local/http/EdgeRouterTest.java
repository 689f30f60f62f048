package dunning.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.local.dynamodb.LocalDynamoDb;
import dunning.local.eventbridge.LocalEventBridge;
import dunning.local.ses.LocalSes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One port for DynamoDB, SQS, SES v2 and EventBridge: the real SDK clients, each given only the
 * edge's endpoint, reach their engines; requests and answers pass unchanged, bodies streamed.
 */
class EdgeRouterTest {
    static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEDGE", "secret"));

    static LocalDynamoDb dynamoDb;
    static SQSRestServer elasticMq;
    static SqsClient directSqs;
    static LocalSes ses;
    static LocalEventBridge eventBridge;
    static EdgeRouter edge;
    static final List<String> forwarded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        edge = EdgeRouter.bind(0);
        int sqsPort;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            sqsPort = s.getLocalPort();
        }
        // ElasticMQ names its queues by the edge, so every queue URL it hands out is reachable through it
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", edge.port(), "")).start();
        elasticMq.waitUntilStarted();
        directSqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + sqsPort)).region(Region.US_EAST_1)
                .credentialsProvider(KEYS).httpClient(UrlConnectionHttpClient.create()).build();
        dynamoDb = LocalDynamoDb.start();
        ses = LocalSes.start(Optional.empty());
        eventBridge = LocalEventBridge.start(directSqs, "us-east-1");
        edge.route("dynamodb", dynamoDb.endpoint()).route("sqs", URI.create("http://127.0.0.1:" + sqsPort))
                .route("ses", ses.endpoint()).route("events", eventBridge.endpoint())
                .onForwarded(forwarded::add).start();
    }

    @AfterAll
    static void stop() {
        edge.close();
        eventBridge.close();
        ses.close();
        dynamoDb.close();
        directSqs.close();
        elasticMq.stopAndWait();
    }

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(edge.endpoint()).region(Region.US_EAST_1).credentialsProvider(KEYS).build();
    }

    @Test
    void routes_by_sigv4_scope_then_target_then_path_then_query_protocol() {
        String signed = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/%s/aws4_request, SignedHeaders=host, Signature=00";
        assertEquals(Optional.of(new EdgeRouter.Route("dynamodb", "sigv4")),
                EdgeRouter.routeOf("POST", "/", null, signed.formatted("dynamodb"), "AmazonSQS.ListQueues", null),
                "the signature's scope wins over anything else");
        assertEquals("ses", EdgeRouter.routeOf("POST", "/v2/email/outbound-emails", null, signed.formatted("ses"), null, null)
                .orElseThrow().service());
        assertEquals("ses", EdgeRouter.routeOf("POST", "/", null, signed.formatted("email"), null, null).orElseThrow().service(),
                "SES's endpoint prefix is taken for its signing name");
        assertEquals("events", EdgeRouter.routeOf("POST", "/", null, signed.formatted("events"), null, null).orElseThrow().service());
        assertEquals(Optional.of(new EdgeRouter.Route("sqs", "sigv4")), EdgeRouter.routeOf("GET", "/000000000000/q",
                "Action=ReceiveMessage&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fsqs%2Faws4_request&X-Amz-Signature=00",
                null, null, null), "a presigned URL names its scope in the query");
        assertEquals(Optional.of(new EdgeRouter.Route("dynamodb", "x-amz-target")),
                EdgeRouter.routeOf("POST", "/", null, null, "DynamoDB_20120810.GetItem", null));
        assertEquals("sqs", EdgeRouter.routeOf("POST", "/", null, null, "AmazonSQS.SendMessage", null).orElseThrow().service());
        assertEquals("events", EdgeRouter.routeOf("POST", "/", null, null, "AWSEvents.PutEvents", null).orElseThrow().service());
        assertEquals(Optional.of(new EdgeRouter.Route("ses", "path")),
                EdgeRouter.routeOf("POST", "/v2/email/outbound-emails", null, null, null, "application/json"));
        assertEquals(Optional.of(new EdgeRouter.Route("sqs", "query-protocol")),
                EdgeRouter.routeOf("POST", "/", null, null, null, "application/x-www-form-urlencoded; charset=utf-8"));
        assertEquals(Optional.of(new EdgeRouter.Route("sqs", "query-protocol")),
                EdgeRouter.routeOf("GET", "/", "Action=ListQueues&Version=2012-11-05", null, null, null));
        assertEquals(Optional.empty(), EdgeRouter.routeOf("GET", "/", null, null, null, null));
        assertEquals(Optional.empty(), EdgeRouter.routeOf("POST", "/", null, "Bearer x", "Unknown_2020.Op", "application/json"));
    }

    @Test
    void every_sdk_client_reaches_its_engine_through_the_one_endpoint() {
        int before = forwarded.size();
        try (DynamoDbClient ddb = client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()));
             SqsClient sqs = client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()));
             SesV2Client mail = client(SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()));
             EventBridgeClient events = client(EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()))) {
            ddb.createTable(b -> b.tableName("edge").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            ddb.putItem(b -> b.tableName("edge").item(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1"))));
            assertEquals("1", ddb.getItem(b -> b.tableName("edge").key(Map.of("pk", AttributeValue.fromS("a")))).item().get("v").n());

            String url = sqs.createQueue(b -> b.queueName("edge-queue")).queueUrl();
            assertEquals(edge.endpoint() + "/000000000000/edge-queue", url, "ElasticMQ's queue URL names the edge");
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("through the edge"));
            assertEquals("through the edge", sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().get(0).body());

            mail.createEmailIdentity(b -> b.emailIdentity("billing@example.com"));
            String id = mail.sendEmail(b -> b.fromEmailAddress("billing@example.com").destination(d -> d.toAddresses("a@example.com"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("Hello")).body(x -> x.text(t -> t.data("Hi")))))).messageId();
            assertTrue(ses.outbox().stream().anyMatch(m -> m.messageId().equals(id)), "SES v2 kept the mail it accepted");

            eventBridge.route(new LocalEventBridge.Route("default", "all-billing", "{\"source\":[\"billing.payments\"]}",
                    directSqs.getQueueUrl(b -> b.queueName("edge-queue")).queueUrl()));
            var put = events.putEvents(b -> b.entries(e -> e.source("billing.payments").detailType("Payment Succeeded").detail("{}")));
            assertEquals(0, put.failedEntryCount());
            String routed = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().get(0).body();
            assertTrue(routed.contains("\"detail-type\":\"Payment Succeeded\""), routed);
        }
        // a copy: the edge may still log a forward from its own threads (a long poll ending), and a view of a
        // CopyOnWriteArrayList fails once the list changes under it
        List<String> now = List.copyOf(forwarded);
        List<String> services = now.subList(before, now.size());
        assertTrue(services.containsAll(List.of("dynamodb", "sqs", "ses", "events")), services.toString());
        List<LoopbackHttpServer.Received> log = edge.log().received();
        assertTrue(log.stream().anyMatch(r -> r.operation().equals("DynamoDB_20120810.GetItem")
                && r.accessKeyId().orElse("").equals("AKIDEDGE")), "the edge records who signed what");
    }

    @Test
    void the_query_protocol_of_older_clients_reaches_elasticmq_and_its_xml_comes_back() throws IOException {
        directSqs.createQueue(b -> b.queueName("query-protocol"));
        Answer a = send("POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                        "Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00"),
                "Action=ListQueues&Version=2012-11-05&QueueNamePrefix=query".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(200, a.status(), a.body());
        assertTrue(a.body().contains("<QueueUrl>" + edge.endpoint() + "/000000000000/query-protocol</QueueUrl>"), a.body());
    }

    @Test
    void a_large_body_and_a_chunked_one_arrive_whole() throws IOException {
        try (DynamoDbClient ddb = client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()))) {
            ddb.createTable(b -> b.tableName("big").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            byte[] blob = new byte[350_000];
            new java.util.Random(7).nextBytes(blob);
            ddb.putItem(b -> b.tableName("big").item(Map.of("pk", AttributeValue.fromS("blob"), "b", AttributeValue.fromB(SdkBytes.fromByteArray(blob)))));
            byte[] back = ddb.getItem(b -> b.tableName("big").key(Map.of("pk", AttributeValue.fromS("blob")))).item().get("b").b().asByteArray();
            assertTrue(java.util.Arrays.equals(blob, back), "350 KB there and back, byte for byte");
        }
        Answer chunked = send("POST", "/", Map.of("X-Amz-Target", "DynamoDB_20120810.GetItem", "Content-Type", "application/x-amz-json-1.0"),
                "{\"TableName\":\"big\",\"Key\":{\"pk\":{\"S\":\"none\"}}}".getBytes(StandardCharsets.UTF_8), true);
        assertEquals(200, chunked.status(), chunked.body());
        assertEquals("{}", chunked.body().trim(), "a chunked, unsigned request reaches DynamoDB by its X-Amz-Target");
    }

    @Test
    void what_cannot_be_routed_is_refused_with_the_services_served() throws IOException {
        Answer unsigned = send("GET", "/", Map.of(), new byte[0], false);
        assertEquals(400, unsigned.status());
        assertTrue(unsigned.body().contains("\"__type\":\"UnknownServiceException\"")
                && unsigned.body().contains("dynamodb, events, ses, sqs"), unsigned.body());
        Answer s3 = send("GET", "/bucket", Map.of("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00"), new byte[0], false);
        assertEquals(400, s3.status());
        assertTrue(s3.body().contains("does not serve 's3'"), s3.body());
        Answer sts = send("POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded", "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00"),
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(400, sts.status());
        assertTrue(sts.body().startsWith("<ErrorResponse><Error><Type>Sender</Type><Code>UnknownServiceException</Code>"),
                "a query-protocol client gets its error as XML: " + sts.body());
    }

    @Test
    void a_control_path_is_served_by_its_handler_and_a_taken_port_fails_at_bind() throws IOException {
        edge.control("/_test/", exchange -> {
            byte[] ok = "control".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        assertEquals("control", send("GET", "/_test/ping", Map.of(), new byte[0], false).body());
        UncheckedIOException taken = assertThrows(UncheckedIOException.class, () -> EdgeRouter.bind(edge.port()));
        assertTrue(taken.getCause() instanceof java.net.BindException, String.valueOf(taken.getCause()));
    }

    @Test
    void closing_frees_the_port() throws IOException {
        EdgeRouter other = EdgeRouter.bind(0).start();
        int port = other.port();
        other.close();
        try (ServerSocket again = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort());
        }
    }

    record Answer(int status, String body) {}

    static Answer send(String method, String path, Map<String, String> headers, byte[] body, boolean chunked) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(edge.endpoint() + path).toURL().openConnection();
        c.setRequestMethod(method);
        headers.forEach(c::setRequestProperty);
        if (body.length > 0) {
            c.setDoOutput(true);
            if (chunked) {
                c.setChunkedStreamingMode(7);
            } else {
                c.setFixedLengthStreamingMode(body.length);
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.transferTo(out);
            }
        }
        return new Answer(status, out.toString(StandardCharsets.UTF_8));
    }
}
