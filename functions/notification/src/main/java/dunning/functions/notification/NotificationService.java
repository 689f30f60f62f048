package dunning.functions.notification;

import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.events.DunningEvents;
import dunning.aws.json.BadMessageException;
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

/**
 * Sends one dunning email at most once per action record, except in one window: SES accepted the
 * mail and the worker died before recording SENT; after the lease expires a redelivery sends it
 * again (docs/events.md). Order: claim (SENDING, lease) -> SendEmail -> SENT + communication log
 * -> publish Dunning Notice Sent -> DONE.
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

    @Inject
    public NotificationService(NoticeLog log, NoticeRenderer renderer, Mailer mailer, EventPublisher events, Clock clock,
                               @Named("SENDER_EMAIL") String sender) {
        this.log = log;
        this.renderer = renderer;
        this.mailer = mailer;
        this.events = events;
        this.clock = clock;
        this.sender = sender;
    }

    public void send(ActionMessage.Notification action) {
        NoticeLog.Recipient recipient = log.recipient(action.accountId())
                .orElseThrow(() -> new BadMessageException("unknown account " + action.accountId()));
        // render before claiming: a template problem must not leave a claimed, unsent record
        NoticeRenderer.RenderedMail mail = renderer.render(action, recipient);
        String owner = UUID.randomUUID().toString();
        NoticeLog.Claim claim = log.claim(action, owner, clock.instant(), LEASE);
        switch (claim.outcome()) {
            case ALREADY_DONE:
                return;
            case IN_FLIGHT:
                throw new IllegalStateException("notice " + action.idempotencyKey() + " is being sent by another worker; retry later");
            case ANNOUNCE_PENDING:
                announce(action, recipient, claim.messageId().orElse("unknown"), claim.sentAt().orElse(clock.instant()));
                return;
            case CLAIMED:
                break;
            default:
                throw new IllegalStateException(claim.outcome().name());
        }
        String messageId = mailer.send(new Mailer.Email(sender, recipient.email(), mail.subject(), mail.text(),
                Optional.of(mail.html()), Optional.empty()));
        Instant sentAt = clock.instant();
        if (!log.markSent(action, owner, messageId, mail.subject(), recipient.email(), sentAt)) {
            Log.warn("NotificationFunction", "notice sent twice: lease lost to another worker",
                    Map.of("idempotencyKey", action.idempotencyKey(), "messageId", messageId));
            return;
        }
        announce(action, recipient, messageId, sentAt);
    }

    private void announce(ActionMessage.Notification action, NoticeLog.Recipient recipient, String messageId, Instant sentAt) {
        events.publish(List.of(DunningEvents.noticeSent(action.idempotencyKey(), action.accountId(), action.episodeId(),
                action.level(), action.asOf(), action.template(), recipient.locale(), messageId, sentAt)));
        log.markDone(action.idempotencyKey());
    }
}
