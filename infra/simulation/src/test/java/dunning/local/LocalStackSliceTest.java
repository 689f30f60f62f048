package dunning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunning.local.cloud.LocalClients;
import dunning.local.cloud.RuleSink;
import dunning.local.cloud.Stack;
import dunning.local.runtime.LocalRuntime;
import dunning.local.runtime.SimulatedClock;
import dunning.local.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The thin slice of {@link ChainSliceTest} against LocalStack instead of the in-JVM engines:
 * the same provisioning from template.yaml (through the AWS APIs), the same runtime and handlers.
 * Skipped cleanly where no Docker engine runs. The image is {@code localstack/localstack:4.4}
 * unless {@code -Dlocalstack.image=...} names another (a compatible emulator works too).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSliceTest {
    static final String IMAGE = System.getProperty("localstack.image", "localstack/localstack:4.4");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
            DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("localstack/localstack"))
            .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                    LocalStackContainer.Service.SES, LocalStackContainer.EnabledService.named("events"));

    @Test
    void an_invoice_one_day_overdue_gets_its_reminder_on_localstack() throws Exception {
        String endpoint = LOCALSTACK.getEndpoint().toString();
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (String key : new String[] {LocalClients.ENDPOINT_DYNAMODB, LocalClients.ENDPOINT_SQS, LocalClients.ENDPOINT_SESV2,
                LocalClients.ENDPOINT_EVENTBRIDGE}) {
            endpoints.put(key, endpoint);
        }
        endpoints.put("AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey());
        endpoints.put("AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey());
        Map<String, String> clientEnv = new LinkedHashMap<>(endpoints);
        clientEnv.put("AWS_REGION", LOCALSTACK.getRegion());
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"));
        String stackName = "dunning-" + UUID.randomUUID().toString().substring(0, 8);
        try (LocalClients clients = new LocalClients(endpoints, LOCALSTACK.getRegion())) {
            SamTemplate template = SamTemplate.read(LocalCloud.findTemplate(Path.of("").toAbsolutePath()));
            Stack stack = Stack.provision(template, new Stack.Settings(stackName, LOCALSTACK.getRegion(), Map.of(), endpoints),
                    clients, RuleSink.eventBridgeApi(clients.eventBridge()));
            ChainSliceTest.seed(clients.dynamoDb(), stack.tableName("DunningTable"));
            try (LocalRuntime runtime = new LocalRuntime(stack, clients.sqs(), clock)) {
                runtime.advanceTo(Instant.parse("2026-01-03T00:00:00Z"));
            }
        }
        // LocalStack keeps what SES was sent at /_aws/ses
        HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(endpoint + "/_aws/ses?email=billing@example.com")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode messages = new ObjectMapper().readTree(sent.body()).path("messages");
        assertEquals(1, messages.size(), sent.body());
        assertEquals("ada@example.org", messages.get(0).path("Destination").path("ToAddresses").get(0).asText());
        assertTrue(messages.get(0).toString().contains("INV-1"), messages.get(0).toString());
    }
}
