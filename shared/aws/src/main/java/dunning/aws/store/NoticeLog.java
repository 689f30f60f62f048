package dunning.aws.store;

import dunning.aws.messages.ActionMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Port of notification: who to write to, the claim before sending, and the records after. The
 * record keeps every message id SES ever returned for it, so a mail whose send is known is never
 * sent again; docs/resilience.md names the one window left.
 */
public interface NoticeLog {
    /** @param payLink where the invoice's customer pays it, when its billing system has such a page (Stripe's hosted invoice) */
    record OpenInvoice(String invoiceId, String number, LocalDate issued, LocalDate dueDate, BigDecimal balance,
                       Optional<String> payLink) {
        public OpenInvoice(String invoiceId, String number, LocalDate issued, LocalDate dueDate, BigDecimal balance) {
            this(invoiceId, number, issued, dueDate, balance, Optional.empty());
        }
    }

    /** What a notice needs to know about its account; {@code email} is empty when the profile has none. */
    record Recipient(String accountId, String name, Optional<String> email, String locale, String currency, String timeZone,
                     List<OpenInvoice> openInvoices) {}

    enum Outcome {
        /** This worker holds the lease: send now. */
        CLAIMED,
        /**
         * SES took the mail earlier (its message id is on the record) but the send was not recorded
         * as SENT: record it with that id, then announce. Never send again.
         */
        RECORD_PENDING,
        /** Sent earlier (SENT) but Dunning Notice Sent not yet published: publish, then mark done. */
        ANNOUNCE_PENDING,
        /** DONE: nothing to do. */
        ALREADY_DONE,
        /** FAILED: the mail can never go as it stands (no address, SES refused it); the reason is on the record. */
        FAILED,
        /** Another worker holds a live lease: retry later. */
        IN_FLIGHT
    }

    /** The claim's outcome; for RECORD_PENDING and ANNOUNCE_PENDING, what SES answered when the mail was sent. */
    record Claim(Outcome outcome, Optional<String> messageId, Optional<Instant> sentAt) {
        public static Claim of(Outcome o) {
            return new Claim(o, Optional.empty(), Optional.empty());
        }
    }

    Optional<Recipient> recipient(String accountId);

    /** PENDING, or SENDING with an expired lease and no known send, -> SENDING owned by {@code owner} until now + lease. */
    Claim claim(ActionMessage.Notification action, String owner, Instant now, Duration lease);

    /**
     * SENDING -> SENT with SES's message id (also added to the record's message ids), and the
     * communication log entry, in one transaction. Returns false when the lease was lost and another
     * worker recorded its own send (the mail went out twice; the log entry is still written, flagged
     * duplicate).
     */
    boolean markSent(ActionMessage.Notification action, String owner, String messageId, String subject, String to, Instant sentAt);

    /**
     * Adds a message id SES returned to the record, in one small write: when recording the send
     * failed, this keeps the fact that the mail went, so a redelivery records it instead of sending again.
     */
    void rememberMessageId(String idempotencyKey, String messageId, Instant sentAt);

    /** SENDING (owned) -> PENDING: SES did not take the mail (throttled): another delivery may send it. */
    void release(String idempotencyKey, String owner);

    /** -> FAILED with the reason: the mail can never go as it stands; nothing retries it. */
    void fail(String idempotencyKey, String reason);

    /** SENT -> DONE after Dunning Notice Sent was published. */
    void markDone(String idempotencyKey);
}
