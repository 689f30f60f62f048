package dunning.functions.notification;

import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.events.DunningEvents;
import dunning.aws.json.BadMessageException;
import dunning.aws.lambda.Backoff;
import dunning.aws.lambda.Deadline;
import dunning.aws.lambda.GaveUpException;
import dunning.aws.lambda.Log;
import dunning.aws.messages.ActionMessage;
import dunning.aws.ses.Mailer;
import dunning.aws.store.NoticeLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;
import javax.inject.Named;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Sends one dunning email at most once per action record. Order: claim (SENDING, lease) ->
 * SendEmail -> SENT + communication log -> publish Dunning Notice Sent -> DONE. A send is repeated
 * only when its outcome is unknown (docs/resilience.md, "The one email window"):
 * <ul>
 * <li>SES took the mail: its message id is recorded; if recording fails it is retried with backoff,
 *     and if that keeps failing the id alone is added to the record, so a redelivery records the
 *     send instead of sending again;</li>
 * <li>SES refused the mail for good (a rejected or malformed message, an address it will not send
 *     to): the record goes FAILED with SES's reason; nothing retries it;</li>
 * <li>SES throttled it: the claim is given back and the message retried later;</li>
 * <li>no answer (a timeout, a lost connection): unknown; after the lease, a redelivery sends again.</li>
 * </ul>
 */
public final class NotificationService {
    /** Longer than one send (SES answers in well under a second; the function timeout is 30 s). */
    public static final Duration LEASE = Duration.ofMinutes(2);

    private final NoticeLog log;
    private final NoticeRenderer renderer;
    private final Mailer mailer;
    private final EventPublisher events;
    private final Clock clock;
    private final String sender;
    private final Backoff backoff;

    @Inject
    public NotificationService(NoticeLog log, NoticeRenderer renderer, Mailer mailer, EventPublisher events, Clock clock,
                               @Named("SENDER_EMAIL") String sender) {
        this(log, renderer, mailer, events, clock, sender, Backoff.standard());
    }

    NotificationService(NoticeLog log, NoticeRenderer renderer, Mailer mailer, EventPublisher events, Clock clock, String sender,
                        Backoff backoff) {
        this.log = log;
        this.renderer = renderer;
        this.mailer = mailer;
        this.events = events;
        this.clock = clock;
        this.sender = sender;
        this.backoff = backoff;
    }

    public void send(ActionMessage.Notification action) {
        NoticeLog.Recipient recipient = log.recipient(action.accountId())
                .orElseThrow(() -> new BadMessageException("unknown account " + action.accountId()));
        // render before claiming: a template problem must not leave a claimed, unsent record
        NoticeRenderer.RenderedMail mail = renderer.render(action, recipient);
        String owner = UUID.randomUUID().toString();
        NoticeLog.Claim claim = log.claim(action, owner, clock.instant(), LEASE);
        switch (claim.outcome()) {
            case ALREADY_DONE, FAILED:
                return;
            case IN_FLIGHT:
                throw new IllegalStateException("notice " + action.idempotencyKey() + " is being sent by another worker; retry later");
            case ANNOUNCE_PENDING:
                announce(action, recipient, claim.messageId().orElse("unknown"), claim.sentAt().orElse(clock.instant()));
                return;
            case RECORD_PENDING:
                record(action, owner, claim.messageId().orElseThrow(), mail, recipient, claim.sentAt().orElse(clock.instant()));
                return;
            case CLAIMED:
                break;
            default:
                throw new IllegalStateException(claim.outcome().name());
        }
        if (recipient.email().isEmpty()) {
            fail(action, "the account has no email address");
            return;
        }
        String messageId;
        try {
            messageId = mailer.send(new Mailer.Email(sender, recipient.email().get(), mail.subject(), mail.text(),
                    Optional.of(mail.html()), Optional.empty()));
        } catch (GaveUpException e) {
            log.release(action.idempotencyKey(), owner); // throttled throughout: not sent, another delivery may send it
            throw e;
        } catch (SesV2Exception e) {
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                log.release(action.idempotencyKey(), owner);
                throw e;
            }
            fail(action, "SES refused the mail: " + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()));
            return;
        } catch (SdkClientException e) {
            throw e; // no answer: whether SES took the mail is unknown; the lease decides when to send again
        }
        record(action, owner, messageId, mail, recipient, clock.instant());
    }

    /** Records a known send, retrying with backoff; if it still fails, keeps at least the message id. */
    private void record(ActionMessage.Notification action, String owner, String messageId, NoticeRenderer.RenderedMail mail,
                        NoticeLog.Recipient recipient, Instant sentAt) {
        Backoff.Attempts attempts = backoff.attempts(Deadline.current());
        String to = recipient.email().orElse("");
        while (true) {
            try {
                if (!log.markSent(action, owner, messageId, mail.subject(), to, sentAt)) {
                    Log.warn(NotificationHandler.NAME, "notice sent twice: lease lost to another worker",
                            Map.of("idempotencyKey", action.idempotencyKey(), "messageId", messageId));
                    return;
                }
                break;
            } catch (RuntimeException e) {
                if (!attempts.retry()) {
                    log.rememberMessageId(action.idempotencyKey(), messageId, sentAt); // a redelivery records it, never resends
                    throw e;
                }
            }
        }
        announce(action, recipient, messageId, sentAt);
    }

    private void fail(ActionMessage.Notification action, String reason) {
        log.fail(action.idempotencyKey(), reason);
        Log.error(NotificationHandler.NAME, "notice cannot be sent: marked failed", Map.of("idempotencyKey",
                action.idempotencyKey(), "accountId", action.accountId(), "kind", "FAILED", "reason", reason));
    }

    private void announce(ActionMessage.Notification action, NoticeLog.Recipient recipient, String messageId, Instant sentAt) {
        events.publish(List.of(DunningEvents.noticeSent(action.idempotencyKey(), action.accountId(), action.episodeId(),
                action.level(), action.asOf(), action.template(), recipient.locale(), messageId, sentAt)));
        log.markDone(action.idempotencyKey());
    }
}
