package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.ActionStatus;
import dunning.aws.store.NoticeLog;
import dunning.domain.engine.Effect;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Email bookkeeping: the claim (PENDING or expired SENDING -> SENDING with a lease), then SENT with
 * SES's message id plus the communication log entry (COMMS#&lt;accountId&gt;, sk &lt;sentAt&gt;#&lt;key&gt;)
 * in one transaction, then DONE once Dunning Notice Sent is published.
 */
@Singleton
public final class DynamoNoticeLog extends WorkerStore implements NoticeLog {
    @Inject
    public DynamoNoticeLog(DynamoTable table, Clock clock) {
        super(table, clock, ActionStatus.SENT);
    }

    @Override
    public Optional<Recipient> recipient(String accountId) {
        List<Map<String, AttributeValue>> items = table.collection(Keys.account(accountId));
        Optional<Map<String, AttributeValue>> profile = items.stream().filter(AccountItems::isProfile).findFirst();
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> p = profile.get();
        List<OpenInvoice> open = new ArrayList<>();
        for (Map<String, AttributeValue> i : items) {
            if (AccountItems.isInvoice(i) && "OPEN".equals(Attr.str(i, AccountItems.INVOICE_STATUS))
                    && Attr.money(i, AccountItems.BALANCE).signum() > 0) {
                open.add(new OpenInvoice(Attr.str(i, AccountItems.INVOICE_ID), Attr.optStr(i, AccountItems.NUMBER)
                        .orElse(Attr.str(i, AccountItems.INVOICE_ID)), Attr.date(i, AccountItems.ISSUED), Attr.date(i, AccountItems.DUE),
                        Attr.money(i, AccountItems.BALANCE), Attr.optStr(i, AccountItems.PAY_LINK)));
            }
        }
        open.sort(Comparator.comparing(OpenInvoice::dueDate).thenComparing(OpenInvoice::invoiceId));
        return Optional.of(new Recipient(accountId, Attr.optStr(p, AccountItems.NAME).orElse(accountId),
                Attr.optStr(p, AccountItems.EMAIL).filter(e -> !e.isBlank()), Attr.optStr(p, AccountItems.LOCALE).orElse("en"),
                Attr.str(p, AccountItems.CURRENCY), Attr.optStr(p, AccountItems.TIME_ZONE).orElse("UTC"), open));
    }

    @Override
    public Claim claim(ActionMessage.Notification action, String owner, Instant now, Duration lease) {
        ActionRecords.Record record = actions.require(action.idempotencyKey());
        Effect.SendEmail email = actions.effect(record, Effect.SendEmail.class, action.accountId());
        if (!email.template().equals(action.template()) || !email.invoice().equals(action.invoiceId())
                || email.declineCode().isPresent() && !email.declineCode().equals(action.declineCode())) {
            throw new BadMessageException("notification message " + action.idempotencyKey() + " disagrees with its action record: "
                    + "template " + action.template() + action.invoiceId().map(i -> " for " + i).orElse("") + " in the message, "
                    + email.template() + email.invoice().map(i -> " for " + i).orElse("") + " decided");
        }
        boolean claimed = table.updateIf(Keys.action(action.idempotencyKey()), Keys.SK_ITEM, b -> b
                .updateExpression("SET #st = :sending, #lo = :owner, #lu = :until, #up = :now")
                // a SENDING record with a message id on it was sent: it is recorded, never claimed to send again
                .conditionExpression("#st = :pending OR (#st = :sending AND #lu < :now AND attribute_not_exists(#ids))")
                .expressionAttributeNames(Map.of("#st", ActionRecords.STATUS, "#lo", ActionRecords.LEASE_OWNER,
                        "#lu", ActionRecords.LEASE_UNTIL, "#up", ActionRecords.UPDATED_AT, "#ids", ActionRecords.MESSAGE_IDS))
                .expressionAttributeValues(Map.of(":sending", Attr.s(ActionStatus.SENDING.name()),
                        ":pending", Attr.s(ActionStatus.PENDING.name()), ":owner", Attr.s(owner),
                        ":until", Attr.s(now.plus(lease).toString()), ":now", Attr.s(now.toString()))));
        if (claimed) {
            return Claim.of(Outcome.CLAIMED);
        }
        // another delivery holds it, or it went further: say how far
        ActionRecords.Record current = actions.require(action.idempotencyKey());
        Optional<String> remembered = Optional.ofNullable(current.item().get(ActionRecords.MESSAGE_IDS))
                .filter(v -> v.hasSs() && !v.ss().isEmpty()).map(v -> v.ss().get(0));
        return switch (current.status()) {
            case DONE -> Claim.of(Outcome.ALREADY_DONE);
            case FAILED -> Claim.of(Outcome.FAILED);
            case SENT -> new Claim(Outcome.ANNOUNCE_PENDING, Attr.optStr(current.item(), ActionRecords.MESSAGE_ID),
                    Attr.optInstant(current.item(), ActionRecords.SENT_AT));
            case SENDING -> remembered.isPresent()
                    ? new Claim(Outcome.RECORD_PENDING, remembered, Attr.optInstant(current.item(), ActionRecords.SENT_AT))
                    : Claim.of(Outcome.IN_FLIGHT);
            default -> Claim.of(Outcome.IN_FLIGHT);
        };
    }

    @Override
    public boolean markSent(ActionMessage.Notification action, String owner, String messageId, String subject, String to,
                            Instant sentAt) {
        Map<String, AttributeValue> comms = Attr.key(Keys.communications(action.accountId()), sentAt + "#" + action.idempotencyKey());
        comms.put("accountId", Attr.s(action.accountId()));
        comms.put("idempotencyKey", Attr.s(action.idempotencyKey()));
        comms.put("channel", Attr.s("EMAIL"));
        comms.put("template", Attr.s(action.template()));
        comms.put("to", Attr.s(to));
        comms.put("subject", Attr.s(subject));
        comms.put(ActionRecords.MESSAGE_ID, Attr.s(messageId));
        comms.put(ActionRecords.SENT_AT, Attr.s(sentAt.toString()));
        action.level().ifPresent(l -> comms.put("level", Attr.s(l)));
        var sent = actions.transition(action.idempotencyKey(), ActionStatus.SENDING, ActionStatus.SENT, clock.instant(),
                Map.of(ActionRecords.MESSAGE_ID, Attr.s(messageId), ActionRecords.SENT_AT, Attr.s(sentAt.toString())));
        // conditioned on our lease, or on the send being the one remembered on the record; every id SES gave is kept
        var update = sent.update();
        var owned = sent.toBuilder().update(update.toBuilder()
                .updateExpression(update.updateExpression() + " ADD #ids :id")
                .conditionExpression("#st = :from AND (#lo = :owner OR contains(#ids, :one))")
                .expressionAttributeNames(with(with(update.expressionAttributeNames(), "#lo", ActionRecords.LEASE_OWNER),
                        "#ids", ActionRecords.MESSAGE_IDS))
                .expressionAttributeValues(with(with(with(update.expressionAttributeValues(), ":owner", Attr.s(owner)),
                        ":id", AttributeValue.fromSs(List.of(messageId))), ":one", Attr.s(messageId)))
                .build()).build();
        try {
            table.transact(List.of(owned,
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(comms).build()).build(),
                    actions.deleteMarker(action.accountId(), action.idempotencyKey())));
            return true;
        } catch (ConflictException e) {
            comms.put("duplicate", Attr.bool(true));
            table.client().putItem(b -> b.tableName(table.name()).item(comms));
            rememberMessageId(action.idempotencyKey(), messageId, sentAt); // every id SES gave is kept, a duplicate's too
            return false;
        }
    }

    @Override
    public void rememberMessageId(String idempotencyKey, String messageId, Instant sentAt) {
        table.client().updateItem(b -> b.tableName(table.name()).key(Attr.key(Keys.action(idempotencyKey), Keys.SK_ITEM))
                .updateExpression("ADD #ids :id SET #at = if_not_exists(#at, :at)")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#ids", ActionRecords.MESSAGE_IDS, "#at", ActionRecords.SENT_AT))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(messageId)), ":at", Attr.s(sentAt.toString()))));
    }

    @Override
    public void release(String idempotencyKey, String owner) {
        // false: the lease passed to another worker, or a send is known, so there is nothing to give back
        table.updateIf(Keys.action(idempotencyKey), Keys.SK_ITEM, b -> b
                .updateExpression("SET #st = :pending REMOVE #lo, #lu")
                .conditionExpression("#st = :sending AND #lo = :owner AND attribute_not_exists(#ids)")
                .expressionAttributeNames(Map.of("#st", ActionRecords.STATUS, "#lo", ActionRecords.LEASE_OWNER,
                        "#lu", ActionRecords.LEASE_UNTIL, "#ids", ActionRecords.MESSAGE_IDS))
                .expressionAttributeValues(Map.of(":pending", Attr.s(ActionStatus.PENDING.name()),
                        ":sending", Attr.s(ActionStatus.SENDING.name()), ":owner", Attr.s(owner))));
    }

    @Override
    public void fail(String idempotencyKey, String reason) {
        ActionRecords.Record record = actions.require(idempotencyKey);
        table.transact(List.of(
                TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                        .key(Attr.key(Keys.action(idempotencyKey), Keys.SK_ITEM))
                        .updateExpression("SET #st = :failed, #f = :reason, #up = :now")
                        .conditionExpression("#st IN (:pending, :sending) AND attribute_not_exists(#ids)")
                        .expressionAttributeNames(Map.of("#st", ActionRecords.STATUS, "#f", ActionRecords.FAILURE,
                                "#up", ActionRecords.UPDATED_AT, "#ids", ActionRecords.MESSAGE_IDS))
                        .expressionAttributeValues(Map.of(":failed", Attr.s(ActionStatus.FAILED.name()), ":reason", Attr.s(reason),
                                ":now", Attr.s(clock.instant().toString()), ":pending", Attr.s(ActionStatus.PENDING.name()),
                                ":sending", Attr.s(ActionStatus.SENDING.name()))).build()).build(),
                actions.deleteMarker(record.accountId(), idempotencyKey)));
    }

    private static <V> Map<String, V> with(Map<String, V> map, String k, V v) {
        var m = new java.util.HashMap<>(map);
        m.put(k, v);
        return m;
    }
}
