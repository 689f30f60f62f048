package dunning.local.eventbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunning.local.cloud.LocalClients;
import dunning.local.template.SamTemplate;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutPartnerEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.RuleState;

/** PutEvents through the real SDK client, routed by the template's own rule pattern to an ElasticMQ queue. */
class LocalEventBridgeTest {
    static SQSRestServer sqsServer;
    static LocalClients clients;
    static LocalEventBridge bridge;
    static String queueUrl;
    static String paymentPattern;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        sqsServer.waitUntilStarted();
        LocalClients sqsOnly = new LocalClients(Map.of(LocalClients.ENDPOINT_SQS, "http://127.0.0.1:" + port), "us-east-1");
        bridge = LocalEventBridge.start(sqsOnly.sqs(), "us-east-1");
        clients = new LocalClients(Map.of(LocalClients.ENDPOINT_SQS, "http://127.0.0.1:" + port,
                LocalClients.ENDPOINT_EVENTBRIDGE, bridge.endpoint().toString()), "us-east-1");
        queueUrl = clients.sqs().createQueue(b -> b.queueName("PaymentEventsQueue")).queueUrl();

        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        SamTemplate.RuleDef rule = SamTemplate.read(dir.resolve("template.yaml")).rule("PaymentEventsRule").orElseThrow();
        paymentPattern = new ObjectMapper().writeValueAsString(rule.eventPattern().toPlain());
        bridge.route(new LocalEventBridge.Route("default", "PaymentEventsRule", paymentPattern, queueUrl));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        clients.close();
        sqsServer.stopAndWait();
    }

    static PutEventsRequestEntry entry(String source, String detailType, String detail) {
        return PutEventsRequestEntry.builder().eventBusName("default").source(source).detailType(detailType).detail(detail).build();
    }

    @Test
    void a_matching_event_reaches_the_rule_target_in_eventbridges_envelope_and_others_do_not() throws Exception {
        int archived = bridge.archive().size();
        PutEventsResponse response = clients.eventBridge().putEvents(b -> b.entries(
                entry("billing.payments", "Payment Failed", "{\"paymentId\":\"p1\",\"accountId\":\"A1\"}"),
                entry("someone.else", "Payment Failed", "{\"paymentId\":\"p2\"}"),
                entry("billing.payments", "Invoice Created", "{}"),
                entry("billing.payments", "Payment Failed", "not json")));

        assertEquals(1, response.failedEntryCount());
        assertEquals("MalformedDetail", response.entries().get(3).errorCode());
        assertEquals("Detail is malformed.", response.entries().get(3).errorMessage());
        var messages = clients.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertEquals(1, messages.size());
        JsonNode envelope = new ObjectMapper().readTree(messages.get(0).body());
        assertEquals("Payment Failed", envelope.get("detail-type").asText());
        assertEquals("billing.payments", envelope.get("source").asText());
        assertEquals("p1", envelope.get("detail").get("paymentId").asText());
        assertEquals(response.entries().get(0).eventId(), envelope.get("id").asText());
        assertEquals(archived + 3, bridge.archive().size());
        assertEquals(List.of("PaymentEventsRule"), bridge.archive().get(archived).routedTo());
    }

    @Test
    void more_than_ten_entries_is_refused_as_eventbridge_does() {
        List<PutEventsRequestEntry> eleven = java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> entry("billing.payments", "Payment Failed", "{}")).toList();
        EventBridgeException e = assertThrows(EventBridgeException.class, () -> clients.eventBridge().putEvents(b -> b.entries(eleven)));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("less than or equal to 10"), e.getMessage());
    }

    /** A bus of its own routing every "app.*" event to a queue of its own; returns the queue's URL. */
    static String ownBus(String bus) {
        String queue = clients.sqs().createQueue(b -> b.queueName("q-" + bus)).queueUrl();
        bridge.route(new LocalEventBridge.Route(bus, "All", "{\"source\":[{\"prefix\":\"app.\"}]}", queue));
        return queue;
    }

    static int depth(String queueUrl) {
        return Integer.parseInt(clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
    }

    static PutEventsRequestEntry on(String bus, String source, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source(source).detailType("Tested").detail(detail).build();
    }

    @Test
    void a_throttled_entry_fails_alone_in_putevents_per_entry_shape_and_its_batch_mates_go_through() {
        String bus = "throttled-entries";
        String queue = ownBus(bus);
        long before = bridge.throttledEntries();
        bridge.throttleEntries(2);

        PutEventsResponse response = clients.eventBridge().putEvents(b -> b.entries(
                on(bus, "app.x", "{\"n\":1}"), on(bus, "app.x", "not json"), on(bus, "app.x", "{\"n\":2}"), on(bus, "app.x", "{\"n\":3}")));

        // the malformed entry fails for what it is; throttling takes the next two that would have gone through
        assertEquals(3, response.failedEntryCount());
        assertEquals(List.of("ThrottlingException", "MalformedDetail", "ThrottlingException"),
                response.entries().subList(0, 3).stream().map(r -> r.errorCode()).toList());
        assertEquals("Rate exceeded", response.entries().get(0).errorMessage());
        assertEquals(null, response.entries().get(0).eventId());
        assertEquals(null, response.entries().get(3).errorCode());
        assertTrue(response.entries().get(3).eventId() != null);
        assertEquals(1, depth(queue), "only the accepted entry reaches the rule's target");
        assertEquals(before + 2, bridge.throttledEntries());
    }

    @Test
    void a_throttled_request_is_a_400_throttling_exception_that_the_sdk_retries() {
        String bus = "throttled-requests";
        String queue = ownBus(bus);
        long before = bridge.throttledRequests();
        bridge.throttleRequests(2);

        PutEventsResponse response = clients.eventBridge().putEvents(b -> b.entries(on(bus, "app.x", "{}")));

        assertEquals(0, response.failedEntryCount());
        assertEquals(before + 2, bridge.throttledRequests());
        assertEquals(1, depth(queue), "delivered once, by the attempt that went through");

        bridge.throttleRequests(1);
        try (var noRetries = software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder()
                .endpointOverride(bridge.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local"))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())).build()) {
            EventBridgeException e = assertThrows(EventBridgeException.class, () -> noRetries.putEvents(b -> b.entries(on(bus, "app.x", "{}"))));
            assertEquals(400, e.statusCode());
            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void the_request_may_carry_1_mb_of_entries_counted_as_eventbridge_counts_them() {
        String bus = "sizes"; // no rule: a 1 MB event would not fit an SQS message anyway
        // Source "app.x" (5 bytes) + DetailType "Tested" (6) + Detail
        String exactly = "{\"p\":\"" + "x".repeat(1024 * 1024 - 5 - 6 - 8) + "\"}";
        assertEquals(0, clients.eventBridge().putEvents(b -> b.entries(on(bus, "app.x", exactly))).failedEntryCount());

        String oneMore = "{\"p\":\"" + "x".repeat(1024 * 1024 - 5 - 6 - 8 + 1) + "\"}";
        EventBridgeException e = assertThrows(EventBridgeException.class, () ->
                clients.eventBridge().putEvents(b -> b.entries(on(bus, "app.x", oneMore))));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals("Total size of the entries in the request is over the limit.", e.awsErrorDetails().errorMessage());

        // the limit is on the request: two halves over it together are refused; a Time costs 14 bytes
        String half = "{\"p\":\"" + "x".repeat(512 * 1024) + "\"}";
        assertThrows(EventBridgeException.class, () -> clients.eventBridge().putEvents(b -> b.entries(on(bus, "app.x", half), on(bus, "app.x", half))));
        assertThrows(EventBridgeException.class, () -> clients.eventBridge().putEvents(b -> b.entries(
                on(bus, "app.x", exactly).toBuilder().time(java.time.Instant.parse("2026-01-01T00:00:00Z")).build())));
    }

    @Test
    void entries_are_checked_as_eventbridge_checks_them() {
        String bus = "checks";
        PutEventsResponse response = clients.eventBridge().putEvents(b -> b.entries(
                on(bus, "aws.ec2", "{}"),
                on(bus, "app.x", "[1, 2]"),
                PutEventsRequestEntry.builder().eventBusName(bus).source("app.x").detail("{}").build(),
                on(bus, "aws.partner/stripe.com/ed_test", "{}")));
        assertEquals(4, response.failedEntryCount());
        assertEquals("NotAuthorizedForSourceException", response.entries().get(0).errorCode());
        assertEquals("MalformedDetail", response.entries().get(1).errorCode());
        assertEquals("InvalidArgument", response.entries().get(2).errorCode());
        assertEquals("Parameter DetailType is not valid. Reason: DetailType is a required argument.", response.entries().get(2).errorMessage());
        assertEquals("NotAuthorizedForSourceException", response.entries().get(3).errorCode(), "a partner source is the partner's to put");
    }

    @Test
    void a_partner_puts_its_events_on_the_partner_bus_named_after_its_source() throws Exception {
        String source = "aws.partner/stripe.com/ed_test_partner";
        String queue = clients.sqs().createQueue(b -> b.queueName("q-partner")).queueUrl();
        bridge.route(new LocalEventBridge.Route(source, "Stripe", "{\"source\":[{\"prefix\":\"aws.partner/stripe.com\"}]}", queue));

        var response = clients.eventBridge().putPartnerEvents(b -> b.entries(PutPartnerEventsRequestEntry.builder()
                .source(source).detailType("invoice.paid").detail("{\"id\":\"evt_1\"}").build()));

        assertEquals(0, response.failedEntryCount());
        var messages = clients.sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages();
        assertEquals(1, messages.size());
        assertEquals(source, new ObjectMapper().readTree(messages.get(0).body()).get("source").asText());
        assertEquals("NotAuthorizedForSourceException", clients.eventBridge().putPartnerEvents(b -> b.entries(
                PutPartnerEventsRequestEntry.builder().source("app.x").detailType("t").detail("{}").build())).entries().get(0).errorCode());
    }

    @Test
    void list_rules_pages_a_bus_by_name_with_its_prefix_and_next_token() {
        for (String name : List.of("page-b-2", "page-a-1", "page-b-1", "page-a-3", "page-a-2", "other")) {
            bridge.route(new LocalEventBridge.Route("paging", name, "{\"source\":[\"nobody\"]}", queueUrl));
        }
        var first = clients.eventBridge().listRules(b -> b.eventBusName("paging").limit(2));
        assertEquals(List.of("other", "page-a-1"), first.rules().stream().map(Rule::name).toList(), "in name order");
        var second = clients.eventBridge().listRules(b -> b.eventBusName("paging").limit(2).nextToken(first.nextToken()));
        assertEquals(List.of("page-a-2", "page-a-3"), second.rules().stream().map(Rule::name).toList());
        var third = clients.eventBridge().listRules(b -> b.eventBusName("paging").limit(2).nextToken(second.nextToken()));
        assertEquals(List.of("page-b-1", "page-b-2"), third.rules().stream().map(Rule::name).toList());
        assertNull(third.nextToken(), "no token on the last page");

        var prefixed = clients.eventBridge().listRules(b -> b.eventBusName("paging").namePrefix("page-a").limit(2));
        assertEquals(List.of("page-a-1", "page-a-2"), prefixed.rules().stream().map(Rule::name).toList());
        var rest = clients.eventBridge().listRules(b -> b.eventBusName("paging").namePrefix("page-a").limit(2)
                .nextToken(prefixed.nextToken()));
        assertEquals(List.of("page-a-3"), rest.rules().stream().map(Rule::name).toList());
        assertNull(rest.nextToken());
        assertEquals(6, clients.eventBridge().listRules(b -> b.eventBusName("paging")).rules().size(), "100 a page without a Limit");

        EventBridgeException badToken = assertThrows(EventBridgeException.class, () -> clients.eventBridge()
                .listRules(b -> b.eventBusName("default").nextToken(first.nextToken())));
        assertEquals("ValidationException", badToken.awsErrorDetails().errorCode(), "a token is for the bus it came from");
        EventBridgeException badLimit = assertThrows(EventBridgeException.class, () -> clients.eventBridge()
                .listRules(b -> b.eventBusName("paging").limit(101)));
        assertEquals("ValidationException", badLimit.awsErrorDetails().errorCode());
    }

    @Test
    void the_default_bus_lists_its_rules_with_pattern_arn_and_state_and_an_unknown_bus_is_not_found() throws Exception {
        Rule rule = clients.eventBridge().listRules(b -> b.namePrefix("PaymentEvents")).rules().get(0);
        assertEquals("PaymentEventsRule", rule.name());
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/PaymentEventsRule", rule.arn());
        assertEquals(RuleState.ENABLED, rule.state());
        assertEquals("default", rule.eventBusName());
        assertEquals(new ObjectMapper().readTree(paymentPattern), new ObjectMapper().readTree(rule.eventPattern()),
                "the template's own pattern");

        ResourceNotFoundException unknown = assertThrows(ResourceNotFoundException.class,
                () -> clients.eventBridge().listRules(b -> b.eventBusName("no-such-bus")));
        assertEquals("Event bus no-such-bus does not exist.", unknown.awsErrorDetails().errorMessage());

        bridge.addBus("quiet");
        assertTrue(clients.eventBridge().listRules(b -> b.eventBusName("quiet")).rules().isEmpty(), "a bus without rules lists none");
        assertTrue(bridge.buses().containsAll(List.of("default", "quiet")));
    }

    @Test
    void describe_rule_finds_a_rule_by_bus_name_or_arn() {
        String bus = "aws.partner/stripe.com/ed_test_describe";
        bridge.route(new LocalEventBridge.Route(bus, "StripeRule", "{\"source\":[{\"prefix\":\"aws.partner/stripe.com\"}]}", queueUrl));
        DescribeRuleResponse byName = clients.eventBridge().describeRule(b -> b.eventBusName(bus).name("StripeRule"));
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/" + bus + "/StripeRule", byName.arn());
        assertEquals(bus, byName.eventBusName());
        assertEquals("000000000000", byName.createdBy());
        assertEquals(RuleState.ENABLED, byName.state());
        DescribeRuleResponse byArn = clients.eventBridge().describeRule(b -> b
                .eventBusName("arn:aws:events:us-east-1:000000000000:event-bus/" + bus).name("StripeRule"));
        assertEquals(byName.arn(), byArn.arn());

        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                () -> clients.eventBridge().describeRule(b -> b.name("NoSuchRule")));
        assertEquals("Rule NoSuchRule does not exist on EventBus default.", missing.awsErrorDetails().errorMessage());
    }

    @Test
    void an_event_put_by_the_bus_arn_of_a_partner_bus_reaches_that_bus() {
        String bus = "aws.partner/stripe.com/ed_test_arn";
        String queue = clients.sqs().createQueue(b -> b.queueName("q-arn")).queueUrl();
        bridge.route(new LocalEventBridge.Route(bus, "ByArn", "{\"source\":[\"app.by-arn\"]}", queue));
        var response = clients.eventBridge().putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName("arn:aws:events:us-east-1:000000000000:event-bus/" + bus).source("app.by-arn").detailType("t").detail("{}").build()));
        assertEquals(0, response.failedEntryCount());
        assertEquals(1, clients.sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages().size(),
                "the bus is the whole name after event-bus/, slashes and all");
    }
}
