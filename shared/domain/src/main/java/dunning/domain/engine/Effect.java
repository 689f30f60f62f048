package dunning.domain.engine;

import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Something dunning decided to do outside the account's own state, exactly once per {@link #key()}:
 * the closed set of DESIGN §1's actions plus the approval request and the episode's close. Code that
 * carries effects out implements {@link Visitor}, so a new kind of effect is a compile error in every
 * place that must handle it.
 */
public sealed interface Effect {
    /** Unique per fact: the episode, level and action, or the reminder, the failed payment, the retry. */
    String key();

    Context context();

    <R> R accept(Visitor<R> visitor);

    default LocalDate day() {
        return context().day();
    }

    default Optional<String> level() {
        return context().level();
    }

    /** One method per kind of effect. */
    interface Visitor<R> {
        R sendEmail(SendEmail e);

        R applyFee(ApplyFee e);

        R changeStatus(ChangeStatus e);

        R publishEvent(PublishEvent e);

        R createTask(CreateTask e);

        R requestRetry(RequestRetry e);

        R requestApproval(RequestApproval e);

        R closeEpisode(CloseEpisode e);
    }

    /**
     * Where the account stood when the effect was decided: its business date, the episode and level
     * (if the effect belongs to one), the path and plan version, and the overdue position.
     */
    record Context(String account, LocalDate day, Optional<Integer> episode, Optional<String> level, Optional<Plan.Path> path,
                   String planId, int planVersion, int daysOverdue, BigDecimal overdueAmount, String currency) {}

    /** Why a mail goes: a level's notice, a pre-due reminder, a failed payment, a payment that needs the customer. */
    enum Purpose { LEVEL, REMINDER, PAYMENT_FAILED, PAYMENT_ACTION_REQUIRED }

    /** @param declineCode a payment-failed notice's decline code (soft: we retry; hard: a new payment method), else empty */
    record SendEmail(String key, Context context, String template, Purpose purpose, Optional<String> invoice,
                     Optional<String> declineCode) implements Effect {
        public SendEmail(String key, Context context, String template, Purpose purpose, Optional<String> invoice) {
            this(key, context, template, purpose, invoice, Optional.empty());
        }

        public <R> R accept(Visitor<R> v) {
            return v.sendEmail(this);
        }
    }

    /** A late fee or interest charge, in the account's currency at its minor unit; never zero. */
    record ApplyFee(String key, Context context, BigDecimal amount, String description) implements Effect {
        public <R> R accept(Visitor<R> v) {
            return v.applyFee(this);
        }
    }

    /** @param sequence the account's count of status changes: an older change never overrides a newer one */
    record ChangeStatus(String key, Context context, Plan.Status from, Plan.Status to, long sequence, String reason)
            implements Effect {
        public <R> R accept(Visitor<R> v) {
            return v.changeStatus(this);
        }
    }

    record PublishEvent(String key, Context context, String detailType) implements Effect {
        public <R> R accept(Visitor<R> v) {
            return v.publishEvent(this);
        }
    }

    record CreateTask(String key, Context context, String kind, Optional<String> note) implements Effect {
        public <R> R accept(Visitor<R> v) {
            return v.createTask(this);
        }
    }

    /** Ask the payment service to retry: a level's retry action, or a soft-declined payment's scheduled attempt. */
    record RequestRetry(String key, Context context, Optional<String> invoice, Optional<String> payment, int attempt)
            implements Effect {
        public <R> R accept(Visitor<R> v) {
            return v.requestRetry(this);
        }
    }

    record RequestApproval(String key, Context context) implements Effect {
        public <R> R accept(Visitor<R> v) {
            return v.requestApproval(this);
        }
    }

    /** The episode closed: Dunning Episode Closed is published (the reinstatement, if any, is its own ChangeStatus). */
    record CloseEpisode(String key, Context context, int episode, String reason, Optional<String> lastLevel) implements Effect {
        public <R> R accept(Visitor<R> v) {
            return v.closeEpisode(this);
        }
    }
}
