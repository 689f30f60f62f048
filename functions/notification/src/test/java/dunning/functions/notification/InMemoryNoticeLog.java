package dunning.functions.notification;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.ActionStatus;
import dunning.aws.store.NoticeLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fake NoticeLog with the Dynamo adapter's claim/lease state machine. */
final class InMemoryNoticeLog implements NoticeLog {
    record Row(ActionStatus status, String owner, Instant leaseUntil, String messageId, Instant sentAt) {}

    final Map<String, Recipient> recipients = new HashMap<>();
    final Map<String, Row> actions = new HashMap<>();
    final List<String> communications = new ArrayList<>();
    int failNextMarkSent;

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
        if (r.status() == ActionStatus.PENDING || (r.status() == ActionStatus.SENDING && r.leaseUntil().isBefore(now))) {
            actions.put(a.idempotencyKey(), new Row(ActionStatus.SENDING, owner, now.plus(lease), null, null));
            return Claim.of(Outcome.CLAIMED);
        }
        return switch (r.status()) {
            case DONE -> Claim.of(Outcome.ALREADY_DONE);
            case SENT -> new Claim(Outcome.ANNOUNCE_PENDING, Optional.of(r.messageId()), Optional.of(r.sentAt()));
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
        if (r.status() != ActionStatus.SENDING || !owner.equals(r.owner())) {
            communications.add("DUPLICATE " + messageId);
            return false;
        }
        actions.put(a.idempotencyKey(), new Row(ActionStatus.SENT, owner, r.leaseUntil(), messageId, sentAt));
        communications.add(messageId + " " + to + " " + subject);
        return true;
    }

    @Override
    public void markDone(String key) {
        Row r = actions.get(key);
        actions.put(key, new Row(ActionStatus.DONE, r.owner(), r.leaseUntil(), r.messageId(), r.sentAt()));
    }
}
