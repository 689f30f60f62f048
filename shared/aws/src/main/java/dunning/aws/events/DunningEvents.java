package dunning.aws.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The details of every event Dunning publishes (source "dunning"); the JSON field names of the
 * published contract live here and only here. Schemas: /schemas/&lt;kebab-name&gt;.schema.json.
 */
public final class DunningEvents {
    public static final String LEVEL_REACHED = "Dunning Level Reached";
    public static final String LATE_FEE_APPLIED = "Late Fee Applied";
    public static final String NOTICE_SENT = "Dunning Notice Sent";
    public static final String STATUS_CHANGED = "Account Status Changed";
    public static final String RETRY_REQUESTED = "Payment Retry Requested";
    public static final String COLLECTIONS_HANDOFF = "Collections Handoff";
    public static final String APPROVAL_REQUESTED = "Approval Requested";
    public static final String EPISODE_CLOSED = "Dunning Episode Closed";
    public static final String TASK_CREATED = "Task Created";

    private DunningEvents() {}

    /** Where a level's event stands: used by level events, Collections Handoff, Approval Requested. */
    public record LevelContext(Optional<String> episodeId, String level, Optional<String> path, Optional<Integer> daysOverdue,
                               Optional<BigDecimal> overdueAmount, Optional<String> currency, Optional<String> planId,
                               Optional<Integer> planVersion) {}

    /** A level's event action (any detail-type, e.g. Dunning Level Reached, Collections Handoff) or an approval request. */
    public static PublishedEvent levelEvent(String detailType, String idempotencyKey, String accountId, LocalDate asOf,
                                            LevelContext c) {
        ObjectNode d = base(idempotencyKey, accountId);
        c.episodeId().ifPresent(v -> d.put("episodeId", v));
        d.put("level", c.level());
        c.path().ifPresent(v -> d.put("path", v));
        d.put("asOf", asOf.toString());
        c.daysOverdue().ifPresent(v -> d.put("daysOverdue", v));
        c.overdueAmount().ifPresent(v -> d.put("overdueAmount", v.toPlainString()));
        c.currency().ifPresent(v -> d.put("currency", v));
        c.planId().ifPresent(v -> d.put("planId", v));
        c.planVersion().ifPresent(v -> d.put("planVersion", v));
        return event(detailType, accountId, d);
    }

    public static PublishedEvent lateFeeApplied(String idempotencyKey, String accountId, Optional<String> episodeId,
                                                Optional<String> level, LocalDate asOf, BigDecimal amount, String currency,
                                                String chargeId, Optional<String> description) {
        ObjectNode d = acted(idempotencyKey, accountId, episodeId, level, asOf);
        d.put("amount", amount.toPlainString());
        d.put("currency", currency);
        d.put("chargeId", chargeId);
        description.ifPresent(v -> d.put("description", v));
        return event(LATE_FEE_APPLIED, accountId, d);
    }

    public static PublishedEvent noticeSent(String idempotencyKey, String accountId, Optional<String> episodeId,
                                            Optional<String> level, LocalDate asOf, String template, String locale,
                                            String messageId, Instant sentAt) {
        ObjectNode d = acted(idempotencyKey, accountId, episodeId, level, asOf);
        d.put("template", template);
        d.put("locale", locale);
        d.put("messageId", messageId);
        d.put("sentAt", sentAt.toString());
        return event(NOTICE_SENT, accountId, d);
    }

    public static PublishedEvent statusChanged(String idempotencyKey, String accountId, Optional<String> episodeId,
                                               Optional<String> level, LocalDate asOf, String from, String to,
                                               Optional<String> reason) {
        ObjectNode d = acted(idempotencyKey, accountId, episodeId, level, asOf);
        d.put("from", from);
        d.put("to", to);
        reason.ifPresent(v -> d.put("reason", v));
        return event(STATUS_CHANGED, accountId, d);
    }

    public static PublishedEvent retryRequested(String idempotencyKey, String accountId, Optional<String> invoiceId,
                                                Optional<String> paymentId, LocalDate asOf, Optional<Integer> attempt,
                                                Optional<String> episodeId, Optional<String> level,
                                                Optional<BigDecimal> amount, Optional<String> currency) {
        ObjectNode d = base(idempotencyKey, accountId);
        invoiceId.ifPresent(v -> d.put("invoiceId", v));
        paymentId.ifPresent(v -> d.put("paymentId", v));
        d.put("asOf", asOf.toString());
        attempt.ifPresent(v -> d.put("attempt", v));
        episodeId.ifPresent(v -> d.put("episodeId", v));
        level.ifPresent(v -> d.put("level", v));
        amount.ifPresent(v -> d.put("amount", v.toPlainString()));
        currency.ifPresent(v -> d.put("currency", v));
        return event(RETRY_REQUESTED, accountId, d);
    }

    public static PublishedEvent episodeClosed(String idempotencyKey, String accountId, String episodeId, LocalDate asOf,
                                               Optional<String> reason, Optional<String> lastLevel) {
        ObjectNode d = base(idempotencyKey, accountId);
        d.put("episodeId", episodeId);
        d.put("asOf", asOf.toString());
        reason.ifPresent(v -> d.put("reason", v));
        lastLevel.ifPresent(v -> d.put("lastLevel", v));
        return event(EPISODE_CLOSED, accountId, d);
    }

    public static PublishedEvent taskCreated(String idempotencyKey, String accountId, Optional<String> episodeId,
                                             Optional<String> level, LocalDate asOf, String kind, Optional<String> note) {
        ObjectNode d = acted(idempotencyKey, accountId, episodeId, level, asOf);
        d.put("kind", kind);
        note.ifPresent(v -> d.put("note", v));
        return event(TASK_CREATED, accountId, d);
    }

    /** The schema file name of a detail-type: "Late Fee Applied" -> "late-fee-applied". */
    public static String schemaName(String detailType) {
        return detailType.trim().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    /** Every detail starts with its stable {@code id} (DESIGN §5): the same however often it is published. */
    private static ObjectNode base(String idempotencyKey, String accountId) {
        ObjectNode d = Json.object();
        d.put("id", idempotencyKey);
        d.put("idempotencyKey", idempotencyKey);
        d.put("accountId", accountId);
        return d;
    }

    /** A worker's event: the base, then the episode and level it acted for and the day it was decided. */
    private static ObjectNode acted(String idempotencyKey, String accountId, Optional<String> episodeId, Optional<String> level,
                                    LocalDate asOf) {
        ObjectNode d = base(idempotencyKey, accountId);
        episodeId.ifPresent(v -> d.put("episodeId", v));
        level.ifPresent(v -> d.put("level", v));
        d.put("asOf", asOf.toString());
        return d;
    }

    private static PublishedEvent event(String detailType, String accountId, ObjectNode detail) {
        return new PublishedEvent(detailType, Json.write(detail), List.of());
    }
}
