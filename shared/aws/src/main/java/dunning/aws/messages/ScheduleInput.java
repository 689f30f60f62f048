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

    record DunningSweep(Optional<LocalDate> asOf) implements ScheduleInput {}

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
                Fields.onlyKnown(n, "$", Set.of("kind", "asOf"));
                return new DunningSweep(Fields.optionalDate(n, "asOf", "$"));
            }
            default -> throw new BadMessageException("$.kind: expected BILL_RUN or DUNNING_SWEEP, got " + kind);
        }
    }
}
