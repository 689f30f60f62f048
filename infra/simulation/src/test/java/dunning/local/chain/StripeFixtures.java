package dunning.local.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.EventCodec;
import dunning.aws.dynamodb.Keys;
import dunning.aws.json.Json;
import dunning.domain.engine.AccountEvent;
import dunning.domain.engine.Effect;
import dunning.local.LocalCloud;
import dunning.local.template.CfnValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.model.PutPartnerEventsRequestEntry;

/**
 * Stripe's events as its EventBridge integration delivers them: the real captures in
 * ../shared/fixtures/stripe/ (read in place; a test that needs them is skipped, with the reason, where
 * ../shared is not there) and the ones built here from Stripe's own API fixtures
 * (shared/aws/src/test/resources/stripe/, see its README).
 */
final class StripeFixtures {
    static final Path ROOT = LocalCloud.findTemplate(Path.of("").toAbsolutePath()).getParent();
    static final Path SHARED = ROOT.resolve("../shared/fixtures/stripe").normalize();
    static final Path OURS = ROOT.resolve("shared/aws/src/test/resources/stripe");

    private StripeFixtures() {}

    /** The fixture's envelope, exactly as the file holds it. */
    static String body(String file) {
        Path ours = OURS.resolve(file);
        Path path = Files.exists(ours) ? ours : SHARED.resolve(file);
        if (!Files.exists(ours)) {
            Assumptions.assumeTrue(Files.isDirectory(SHARED), "the real Stripe captures are not here: " + SHARED
                    + " does not exist (they live in ../shared beside the project)");
        }
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode envelope(String file) {
        return (ObjectNode) Json.parse(body(file));
    }

    static ObjectNode object(ObjectNode envelope) {
        return (ObjectNode) envelope.get("detail").get("data").get("object");
    }

    static Instant time(String body) {
        return Instant.parse(Json.parse(body).get("time").asText());
    }

    /** Onto PaymentEventsQueue as the rule's target puts it, with the clock at the event's time (or later). */
    static void deliver(Chain chain, String body) {
        chain.atLeast(time(body).plusSeconds(1));
        chain.deliver(body);
    }

    static void deliverFile(Chain chain, String file) {
        deliver(chain, body(file));
    }

    /**
     * Onto the stack's Stripe partner bus (PutPartnerEvents from its partner source), as Stripe's event
     * destination does: the template's StripeEventsRule routes it to PaymentEventsQueue.
     */
    static void publish(Chain chain, JsonNode envelope) {
        String source = chain.cloud.stack().resolver().resolveString(new CfnValue.Ref("StripeEventBusName"));
        chain.atLeast(Instant.parse(envelope.get("time").asText()).plusSeconds(1));
        var put = chain.cloud.clients().eventBridge().putPartnerEvents(b -> b.entries(PutPartnerEventsRequestEntry.builder()
                .source(source).detailType(envelope.get("detail-type").asText()).detail(Json.write(envelope.get("detail"))).build()));
        if (put.failedEntryCount() > 0) {
            throw new IllegalStateException(put.toString());
        }
        chain.cloud.runtime().drain();
    }

    /** What Dunning keeps of a Stripe charge or PaymentIntent (STRIPE#&lt;id&gt;), if anything. */
    static Optional<Map<String, AttributeValue>> stripeObject(Chain chain, String id) {
        return chain.table.get(Keys.stripeObject(id), Keys.SK_ITEM);
    }

    static Optional<String> attr(Optional<Map<String, AttributeValue>> item, String name) {
        return item.flatMap(i -> Attr.optStr(i, name));
    }

    /** The account's inbox entries still waiting (none once its evaluation ran). */
    static List<AccountEvent> inbox(Chain chain, String account) {
        List<AccountEvent> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : chain.table.collection(Keys.account(account), Keys.SK_INBOX)) {
            out.add(EventCodec.of(i).orElseThrow());
        }
        return out;
    }

    static long parked(Chain chain, String partition) {
        return chain.table.collection(partition, Keys.SK_PARKED).size();
    }

    /** The emails the account's evaluations decided, as their action records hold them. */
    static List<Effect.SendEmail> emails(Chain chain, String account) {
        return chain.actions(account).stream().map(Map.Entry::getKey).filter(Effect.SendEmail.class::isInstance)
                .map(Effect.SendEmail.class::cast).toList();
    }

    static long retries(Chain chain, String account) {
        return chain.actions(account).stream().filter(a -> a.getKey() instanceof Effect.RequestRetry).count();
    }
}
