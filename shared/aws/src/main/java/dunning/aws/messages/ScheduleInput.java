package dunning.aws.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/** The explicit Input of BillRunFunction's schedules (schema bill-run-schedule). */
public sealed interface ScheduleInput {
    /** The daily sweep looks at most this many days ahead for pre-due reminders. */
    int MAX_REMINDER_HORIZON_DAYS = 90;
    /** Redispatch looks for work waiting at least 1 minute and at most a day. */
    int MAX_REDISPATCH_MINUTES = 1440;

    record BillRun(String billGroup, boolean runDunning, Optional<LocalDate> billDate) implements ScheduleInput {}

    /**
     * The daily sweep as of a day (today by default). {@code reminderHorizonDays}: also queue
     * accounts with an invoice due within that many days, so pre-due reminders (and retries of a
     * payment failed before the due date) fire; set it to the plans' largest daysBeforeDue.
     */
    record DunningSweep(Optional<LocalDate> asOf, int reminderHorizonDays) implements ScheduleInput {}

    /**
     * Work committed and not carried out: accounts with an outbox marker or an unfinished commit
     * older than {@code olderThanMinutes} are queued for evaluation, which hands their effects over
     * again. Bounds how long a committed effect can wait (docs/resilience.md).
     */
    record Redispatch(int olderThanMinutes) implements ScheduleInput {}

    static ScheduleInput parse(JsonNode n) {
        Fields.requireObject(n, "$");
        String kind = Fields.text(n, "kind", "$");
        switch (kind) {
            case "BILL_RUN" -> {
                Fields.onlyKnown(n, "$", Set.of("kind", "billGroup", "runDunning", "billDate"));
                return new BillRun(Fields.id(n, "billGroup", "$", Id.BILL_GROUP), Fields.bool(n, "runDunning", "$", false),
                        Fields.optionalDate(n, "billDate", "$"));
            }
            case "DUNNING_SWEEP" -> {
                Fields.onlyKnown(n, "$", Set.of("kind", "asOf", "reminderHorizonDays"));
                long horizon = Fields.optionalInteger(n, "reminderHorizonDays", "$", 0, MAX_REMINDER_HORIZON_DAYS).orElse(0L);
                return new DunningSweep(Fields.optionalDate(n, "asOf", "$"), (int) horizon);
            }
            case "REDISPATCH" -> {
                Fields.onlyKnown(n, "$", Set.of("kind", "olderThanMinutes"));
                long minutes = Fields.optionalInteger(n, "olderThanMinutes", "$", 1, MAX_REDISPATCH_MINUTES).orElse(15L);
                return new Redispatch((int) minutes);
            }
            default -> throw new BadMessageException("$.kind: expected BILL_RUN, DUNNING_SWEEP or REDISPATCH, got " + Fields.shown(kind));
        }
    }
}
