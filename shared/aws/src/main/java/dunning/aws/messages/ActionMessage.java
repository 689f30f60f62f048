package dunning.aws.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import dunning.aws.json.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The messages dunning-evaluation sends to FeeQueue, NotificationQueue and StatusChangeQueue,
 * one per action record (schemas fee-action, notification-action, status-action). The action
 * record {@code ACTION#<idempotencyKey>} is the authority: a worker acts only while it is PENDING.
 */
public sealed interface ActionMessage {
    String idempotencyKey();

    String accountId();

    Optional<String> episodeId();

    Optional<String> level();

    LocalDate asOf();

    ObjectNode toJson();

    Set<String> COMMON = Set.of("idempotencyKey", "accountId", "episodeId", "level", "asOf");

    /** The most decimals of any ISO 4217 currency (CLF, UYW): a fee in a message without its currency has no more. */
    int MAX_CURRENCY_DECIMALS = 4;

    /** The action record's key: the authority the worker looks up. */
    private static String readKey(JsonNode n) {
        return Fields.id(n, "idempotencyKey", "$", Id.IDEMPOTENCY_KEY);
    }

    private static String readAccount(JsonNode n) {
        return Fields.id(n, "accountId", "$", Id.ACCOUNT);
    }

    private static Optional<String> readLevel(JsonNode n) {
        return Fields.optionalId(n, "level", "$", Id.LEVEL);
    }

    record Fee(String idempotencyKey, String accountId, Optional<String> episodeId, Optional<String> level,
               LocalDate asOf, BigDecimal amount, String currency, Optional<String> description) implements ActionMessage {
        public static Fee parse(JsonNode n) {
            Fields.requireObject(n, "$");
            Fields.onlyKnown(n, "$", with("amount", "currency", "description"));
            if (n.get("amount") != null && !n.get("amount").isTextual()) {
                throw new BadMessageException("$.amount: must be a decimal string");
            }
            String currency = Fields.currency(n, "currency", "$");
            BigDecimal amount = Fields.money(n, "amount", "$", currency, Fields.Sign.POSITIVE);
            return new Fee(readKey(n), readAccount(n), Fields.optionalText(n, "episodeId", "$"), readLevel(n),
                    Fields.date(n, "asOf", "$"), amount, currency, Fields.optionalText(n, "description", "$"));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = common(this);
            o.put("amount", amount.toPlainString());
            o.put("currency", currency);
            description.ifPresent(d -> o.put("description", d));
            return o;
        }
    }

    /** An email; declineCode for payment-failed notices, fee when the level also applied a fee. */
    record Notification(String idempotencyKey, String accountId, Optional<String> episodeId, Optional<String> level,
                        LocalDate asOf, String template, Optional<String> invoiceId, Optional<String> declineCode,
                        Optional<BigDecimal> fee) implements ActionMessage {
        public static Notification parse(JsonNode n) {
            Fields.requireObject(n, "$");
            Fields.onlyKnown(n, "$", with("template", "invoiceId", "declineCode", "fee"));
            Optional<BigDecimal> fee = Optional.empty();
            if (n.has("fee")) {
                if (!n.get("fee").isTextual()) {
                    throw new BadMessageException("$.fee: must be a decimal string");
                }
                // the message names no currency: any currency's decimals (CLF's 4 are the most ISO 4217 has)
                fee = Optional.of(Fields.decimal(n, "fee", "$", MAX_CURRENCY_DECIMALS, "any currency has (" + MAX_CURRENCY_DECIMALS + ")",
                        Fields.Sign.POSITIVE));
            }
            return new Notification(readKey(n), readAccount(n), Fields.optionalText(n, "episodeId", "$"), readLevel(n),
                    Fields.date(n, "asOf", "$"), Fields.text(n, "template", "$"), Fields.optionalId(n, "invoiceId", "$", Id.INVOICE),
                    Fields.optionalText(n, "declineCode", "$"), fee);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = common(this);
            o.put("template", template);
            invoiceId.ifPresent(i -> o.put("invoiceId", i));
            declineCode.ifPresent(d -> o.put("declineCode", d));
            fee.ifPresent(f -> o.put("fee", f.toPlainString()));
            return o;
        }
    }

    record Status(String idempotencyKey, String accountId, Optional<String> episodeId, Optional<String> level,
                  LocalDate asOf, String status, Optional<String> reason) implements ActionMessage {
        public static Status parse(JsonNode n) {
            Fields.requireObject(n, "$");
            Fields.onlyKnown(n, "$", with("status", "reason"));
            String status = Fields.text(n, "status", "$");
            try {
                dunning.domain.plan.Plan.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new BadMessageException("$.status: unknown status " + Fields.shown(status));
            }
            return new Status(readKey(n), readAccount(n), Fields.optionalText(n, "episodeId", "$"), readLevel(n),
                    Fields.date(n, "asOf", "$"), status, Fields.optionalText(n, "reason", "$"));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = common(this);
            o.put("status", status);
            reason.ifPresent(r -> o.put("reason", r));
            return o;
        }
    }

    private static Set<String> with(String... more) {
        Set<String> s = new HashSet<>(COMMON);
        s.addAll(Set.of(more));
        return s;
    }

    private static ObjectNode common(ActionMessage m) {
        ObjectNode o = Json.object();
        o.put("idempotencyKey", m.idempotencyKey());
        o.put("accountId", m.accountId());
        m.episodeId().ifPresent(e -> o.put("episodeId", e));
        m.level().ifPresent(l -> o.put("level", l));
        o.put("asOf", m.asOf().toString());
        return o;
    }
}
