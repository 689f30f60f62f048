package dunning.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.json.Id;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The key budget behind {@link Id}'s limits (docs/data-model.md, "Key limits"): every key built from
 * ids at their limits stays under DynamoDB's (partition key 2048 bytes, sort key 1024). The effect and
 * ledger keys follow the formats AccountDay builds them in; plan level and template names are taken at
 * the level limit too. Ids at their limit in ASCII are the worst case, since the limits are in bytes.
 */
class KeyLimitsTest {
    static final int MAX_PARTITION_KEY = 2048;
    static final int MAX_SORT_KEY = 1024;

    static String at(Id id) {
        return "x".repeat(id.maxBytes());
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void every_key_built_from_ids_at_their_limits_fits_dynamodb() {
        String account = at(Id.ACCOUNT);
        String invoice = at(Id.INVOICE);
        String stripePayment = "stripe:" + at(Id.EVENT);
        String level = at(Id.LEVEL);
        String template = at(Id.LEVEL);
        String episode = String.valueOf(Integer.MAX_VALUE);
        Instant instant = Instant.parse("9999-12-31T23:59:59.999999999Z"); // four-digit years only (Fields)
        LocalDate day = LocalDate.of(9999, 12, 31);

        // effect keys, as AccountDay builds them
        String levelKey = account + "#" + episode + "#" + level + "#" + "approval";
        String retryKey = account + "#retry#" + stripePayment + "#" + Integer.MAX_VALUE;
        String reminderKey = account + "#reminder#" + invoice + "#" + 365 + ":" + template;
        String paymentFailedKey = account + "#payment-failed#" + stripePayment;
        int longestEffectKey = Math.max(Math.max(bytes(levelKey), bytes(retryKey)), Math.max(bytes(reminderKey), bytes(paymentFailedKey)));
        assertTrue(longestEffectKey <= Id.IDEMPOTENCY_KEY.maxBytes(), "a real effect key is a valid idempotency key: " + longestEffectKey);
        String key = at(Id.IDEMPOTENCY_KEY);

        Map<String, String> partitionKeys = new LinkedHashMap<>();
        partitionKeys.put("ACCOUNT#<account>", Keys.account(account));
        partitionKeys.put("HISTORY#<account>", Keys.accountHistory(account));
        partitionKeys.put("COMMS#<account>", Keys.communications(account));
        partitionKeys.put("ACTION#<key>", Keys.action(key));
        partitionKeys.put("PAYMENT#stripe:<event>#SUCCEEDED", Keys.payment(stripePayment + "#SUCCEEDED"));
        partitionKeys.put("PAYMENT#instruction:<event>", Keys.payment("instruction:" + at(Id.EVENT)));
        partitionKeys.put("EXTERNAL#stripe#<customer>", Keys.external("stripe", at(Id.EXTERNAL)));
        partitionKeys.put("BILLRUN#<group>#<date>", Keys.billRun(at(Id.BILL_GROUP), day));
        partitionKeys.put("BILLGROUP#<group>", Keys.billGroup(at(Id.BILL_GROUP)));

        Map<String, String> sortKeys = new LinkedHashMap<>();
        sortKeys.put("INVOICE#<invoice>", Keys.invoiceSk(invoice));
        sortKeys.put("PAYMENTIN#<instant>#stripe:<event>", Keys.inboxSk(instant, stripePayment));
        sortKeys.put("OUTBOX#<key>", Keys.outboxSk(key));
        sortKeys.put("CHARGE#FEE-<key>", Keys.SK_CHARGE + "FEE-" + key);
        sortKeys.put("<sentAt>#<key> (COMMS)", instant + "#" + key);
        sortKeys.put("LEDGER#<day>#<account>#stripe:<event>#paid#<invoice>",
                HistoryCodec.SK_LEDGER + day + "#" + account + "#" + stripePayment + "#paid#" + invoice);
        sortKeys.put("LEDGER#<day>#<account>#<level key>#write-off#<invoice>",
                HistoryCodec.SK_LEDGER + day + "#" + account + "#" + levelKey + "#write-off#" + invoice);
        sortKeys.put("gsi1sk ACCOUNT#<account>", Keys.account(account));
        sortKeys.put("gsi2sk <due>#<account>#<invoice>", Keys.dueSortKey(day, account, invoice));
        sortKeys.put("gsi3sk <instant>#<account>#<key>", Keys.pendingSortKey(instant, account, key));
        sortKeys.put("gsi3sk WakeUps <date>#<account>", Keys.wakeSortKey(day, account));

        StringBuilder table = new StringBuilder();
        partitionKeys.forEach((what, k) -> {
            table.append(what).append(": ").append(bytes(k)).append('\n');
            assertTrue(bytes(k) <= MAX_PARTITION_KEY, what + " is " + bytes(k) + " bytes");
        });
        sortKeys.forEach((what, k) -> {
            table.append(what).append(": ").append(bytes(k)).append('\n');
            assertTrue(bytes(k) <= MAX_SORT_KEY, what + " is " + bytes(k) + " bytes");
        });
        // the numbers docs/data-model.md and Id's comment give
        assertEquals(672, bytes(Keys.pendingSortKey(instant, account, key)), table.toString());
        assertEquals(563, bytes(sortKeys.get("LEDGER#<day>#<account>#<level key>#write-off#<invoice>")), table.toString());
        assertEquals(519, bytes(Keys.action(key)), table.toString());
        assertEquals(409, longestEffectKey, table.toString());
    }
}
