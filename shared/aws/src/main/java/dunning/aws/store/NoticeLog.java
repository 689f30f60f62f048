package dunning.aws.store;

import dunning.aws.messages.ActionMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Port of notification: who to write to, the claim before sending, and the records after. */
public interface NoticeLog {
    record OpenInvoice(String invoiceId, String number, LocalDate issued, LocalDate dueDate, BigDecimal balance) {}

    /** What a notice needs to know about its account. */
    record Recipient(String accountId, String name, String email, String locale, String currency, String timeZone,
                     List<OpenInvoice> openInvoices) {}

    enum Outcome {
        /** This worker holds the lease: send now. */
        CLAIMED,
        /** Sent earlier (SENT) but Dunning Notice Sent not yet published: publish, then mark done. */
        ANNOUNCE_PENDING,
        /** DONE: nothing to do. */
        ALREADY_DONE,
        /** Another worker holds a live lease: retry later. */
        IN_FLIGHT
    }

    /** The claim's outcome; for ANNOUNCE_PENDING, what was recorded when the mail was sent. */
    record Claim(Outcome outcome, Optional<String> messageId, Optional<Instant> sentAt) {
        public static Claim of(Outcome o) {
            return new Claim(o, Optional.empty(), Optional.empty());
        }
    }

    Optional<Recipient> recipient(String accountId);

    /** PENDING, or SENDING with an expired lease, -> SENDING owned by {@code owner} until now + lease. */
    Claim claim(ActionMessage.Notification action, String owner, Instant now, Duration lease);

    /**
     * SENDING (owned) -> SENT with SES's message id, and the communication log entry, in one
     * transaction. Returns false when the lease was lost and another worker recorded its own send
     * (the mail went out twice; the log entry is still written, flagged duplicate).
     */
    boolean markSent(ActionMessage.Notification action, String owner, String messageId, String subject, String to, Instant sentAt);

    /** SENT -> DONE after Dunning Notice Sent was published. */
    void markDone(String idempotencyKey);
}
