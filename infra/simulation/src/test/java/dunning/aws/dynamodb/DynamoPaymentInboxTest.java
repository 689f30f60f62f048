package dunning.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dunning.aws.events.PaymentEvent;
import dunning.aws.json.BadMessageException;
import dunning.aws.store.PaymentInbox.Outcome;
import dunning.local.LocalCloud;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Payments reach the account's collection once per payment id, on the DynamoDB API engine. */
class DynamoPaymentInboxTest {
    static LocalCloud cloud;
    static DynamoDbClient client;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start();
        client = cloud.clients().dynamoDb();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void a_payment_is_recorded_once_and_an_unknown_account_is_a_bad_message() {
        DynamoTable table = new DynamoTable(client, cloud.newTable());
        Map<String, AttributeValue> profile = Attr.key(Keys.account("A1"), Keys.SK_PROFILE);
        profile.put(AccountItems.ACCOUNT_ID, Attr.s("A1"));
        client.putItem(b -> b.tableName(table.name()).item(profile));
        DynamoPaymentInbox inbox = new DynamoPaymentInbox(table);
        PaymentEvent failed = new PaymentEvent.Failed("pay_1", new PaymentEvent.AccountRef.Direct("A1"), Optional.of("INV-1"),
                new BigDecimal("120.00"), "USD", "insufficient_funds", Instant.parse("2026-01-15T09:29:58Z"));

        assertEquals(Outcome.RECORDED, inbox.record("A1", failed));
        assertEquals(Outcome.ALREADY_RECORDED, inbox.record("A1", failed));

        List<Map<String, AttributeValue>> inboxEntries = table.collection(Keys.account("A1")).stream()
                .filter(i -> Attr.str(i, Keys.SK).startsWith(DynamoPaymentInbox.SK_PAYMENT_IN)).toList();
        assertEquals(1, inboxEntries.size());
        assertEquals("FAILED", Attr.str(inboxEntries.get(0), DynamoPaymentInbox.OUTCOME));
        assertEquals("insufficient_funds", Attr.str(inboxEntries.get(0), DynamoPaymentInbox.DECLINE_CODE));
        assertEquals(1, Attr.num(table.get(Keys.account("A1"), Keys.SK_STATE).orElseThrow(), "version"));

        PaymentEvent stray = new PaymentEvent.Succeeded("pay_2", new PaymentEvent.AccountRef.Direct("A9"), Optional.empty(),
                BigDecimal.TEN, "USD", Instant.EPOCH);
        assertThrows(BadMessageException.class, () -> inbox.record("A9", stray));
        assertEquals(Optional.empty(), table.get(Keys.payment("pay_2"), Keys.SK_ITEM), "nothing of a rejected payment is kept");
    }
}
