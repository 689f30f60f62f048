package dunning.aws.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/** The explicit Input of BillRunFunction's schedules (schema bill-run-schedule). */
public sealed interface ScheduleInput {
    record BillRun(String billGroup, boolean runDunning, Optional<LocalDate> billDate) implements ScheduleInput {}

    /**
     * The daily sweep as of a day (today by default). {@code reminderHorizonDays}: also queue
     * accounts with an invoice due within that many days, so pre-due reminders (and retries of a
     * payment failed before the due date) fire; set it to the plans' largest daysBeforeDue.
     */
    record DunningSweep(Optional<LocalDate> asOf, int reminderHorizonDays) implements ScheduleInput {}

    static ScheduleInput parse(JsonNode n) {
        Fields.requireObject(n, "$");
        String kind = Fields.text(n, "kind", "$");
        switch (kind) {
            case "BILL_RUN" -> {
                Fields.onlyKnown(n, "$", Set.of("kind", "billGroup", "runDunning", "billDate"));
                return new BillRun(Fields.text(n, "billGroup", "$"), Fields.bool(n, "runDunning", "$", false),
                        Fields.optionalDate(n, "billDate", "$"));
            }
            case "DUNNING_SWEEP" -> {
                Fields.onlyKnown(n, "$", Set.of("kind", "asOf", "reminderHorizonDays"));
                long horizon = Fields.optionalInteger(n, "reminderHorizonDays", "$").orElse(0L);
                if (horizon < 0 || horizon > 90) {
                    throw new BadMessageException("$.reminderHorizonDays: expected 0 to 90, got " + horizon);
                }
                return new DunningSweep(Fields.optionalDate(n, "asOf", "$"), (int) horizon);
            }
            default -> throw new BadMessageException("$.kind: expected BILL_RUN or DUNNING_SWEEP, got " + kind);
        }
    }
}
