package dunning.functions.notification;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.ActionStatus;
import dunning.aws.store.NoticeLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Fake NoticeLog with the Dynamo adapter's claim/lease state machine, message ids kept on the record. */
final class InMemoryNoticeLog implements NoticeLog {
    record Row(ActionStatus status, String owner, Instant leaseUntil, String messageId, Instant sentAt, Set<String> messageIds,
               String failure) {
        Row(ActionStatus status, String owner, Instant leaseUntil, String messageId, Instant sentAt) {
            this(status, owner, leaseUntil, messageId, sentAt, Set.of(), null);
        }
    }

    final Map<String, Recipient> recipients = new HashMap<>();
    final Map<String, Row> actions = new HashMap<>();
    final List<String> communications = new ArrayList<>();
    int failNextMarkSent;
    int failNextRemember;

    @Override
    public Optional<Recipient> recipient(String accountId) {
        return Optional.ofNullable(recipients.get(accountId));
    }

    @Override
    public Claim claim(ActionMessage.Notification a, String owner, Instant now, Duration lease) {
        Row r = actions.get(a.idempotencyKey());
        if (r == null) {
            throw new BadMessageException("no action record for idempotency key " + a.idempotencyKey());
        }
        if (r.status() == ActionStatus.PENDING
                || (r.status() == ActionStatus.SENDING && r.leaseUntil().isBefore(now) && r.messageIds().isEmpty())) {
            actions.put(a.idempotencyKey(), new Row(ActionStatus.SENDING, owner, now.plus(lease), null, null, r.messageIds(), null));
            return Claim.of(Outcome.CLAIMED);
        }
        return switch (r.status()) {
            case DONE -> Claim.of(Outcome.ALREADY_DONE);
            case FAILED -> Claim.of(Outcome.FAILED);
            case SENT -> new Claim(Outcome.ANNOUNCE_PENDING, Optional.of(r.messageId()), Optional.of(r.sentAt()));
            case SENDING -> r.messageIds().isEmpty() ? Claim.of(Outcome.IN_FLIGHT)
                    : new Claim(Outcome.RECORD_PENDING, Optional.of(r.messageIds().iterator().next()), Optional.ofNullable(r.sentAt()));
            default -> Claim.of(Outcome.IN_FLIGHT);
        };
    }

    @Override
    public boolean markSent(ActionMessage.Notification a, String owner, String messageId, String subject, String to, Instant sentAt) {
        if (failNextMarkSent > 0) {
            failNextMarkSent--;
            throw new IllegalStateException("DynamoDB unavailable");
        }
        Row r = actions.get(a.idempotencyKey());
        if (r.status() != ActionStatus.SENDING || !(owner.equals(r.owner()) || r.messageIds().contains(messageId))) {
            communications.add("DUPLICATE " + messageId);
            rememberMessageId(a.idempotencyKey(), messageId, sentAt);
            return false;
        }
        actions.put(a.idempotencyKey(), new Row(ActionStatus.SENT, owner, r.leaseUntil(), messageId, sentAt,
                with(r.messageIds(), messageId), null));
        communications.add(messageId + " " + to + " " + subject);
        return true;
    }

    @Override
    public void rememberMessageId(String key, String messageId, Instant sentAt) {
        if (failNextRemember > 0) {
            failNextRemember--;
            throw new IllegalStateException("DynamoDB unavailable");
        }
        Row r = actions.get(key);
        actions.put(key, new Row(r.status(), r.owner(), r.leaseUntil(), r.messageId(), r.sentAt() == null ? sentAt : r.sentAt(),
                with(r.messageIds(), messageId), r.failure()));
    }

    @Override
    public void release(String key, String owner) {
        Row r = actions.get(key);
        if (r.status() == ActionStatus.SENDING && owner.equals(r.owner()) && r.messageIds().isEmpty()) {
            actions.put(key, new Row(ActionStatus.PENDING, null, null, null, null));
        }
    }

    @Override
    public void fail(String key, String reason) {
        Row r = actions.get(key);
        actions.put(key, new Row(ActionStatus.FAILED, r.owner(), r.leaseUntil(), null, null, r.messageIds(), reason));
    }

    @Override
    public void markDone(String key) {
        Row r = actions.get(key);
        actions.put(key, new Row(ActionStatus.DONE, r.owner(), r.leaseUntil(), r.messageId(), r.sentAt(), r.messageIds(), null));
    }

    private static Set<String> with(Set<String> ids, String id) {
        Set<String> s = new LinkedHashSet<>(ids);
        s.add(id);
        return Set.copyOf(s);
    }
}
