package dunning.aws.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
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

    record Fee(String idempotencyKey, String accountId, Optional<String> episodeId, Optional<String> level,
               LocalDate asOf, BigDecimal amount, String currency, Optional<String> description) implements ActionMessage {
        public static Fee parse(JsonNode n) {
            Fields.requireObject(n, "$");
            Fields.onlyKnown(n, "$", with("amount", "currency", "description"));
            BigDecimal amount = Fields.amount(n, "amount", "$");
            if (!n.get("amount").isTextual()) {
                throw new BadMessageException("$.amount: must be a decimal string");
            }
            if (amount.signum() <= 0) {
                throw new BadMessageException("$.amount: a fee must be positive");
            }
            return new Fee(Fields.text(n, "idempotencyKey", "$"), Fields.text(n, "accountId", "$"),
                    Fields.optionalText(n, "episodeId", "$"), Fields.optionalText(n, "level", "$"),
                    Fields.date(n, "asOf", "$"), amount, Fields.currency(n, "currency", "$"),
                    Fields.optionalText(n, "description", "$"));
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
                fee = Optional.of(Fields.amount(n, "fee", "$"));
            }
            return new Notification(Fields.text(n, "idempotencyKey", "$"), Fields.text(n, "accountId", "$"),
                    Fields.optionalText(n, "episodeId", "$"), Fields.optionalText(n, "level", "$"),
                    Fields.date(n, "asOf", "$"), Fields.text(n, "template", "$"), Fields.optionalText(n, "invoiceId", "$"),
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
                throw new BadMessageException("$.status: unknown status " + status);
            }
            return new Status(Fields.text(n, "idempotencyKey", "$"), Fields.text(n, "accountId", "$"),
                    Fields.optionalText(n, "episodeId", "$"), Fields.optionalText(n, "level", "$"),
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
