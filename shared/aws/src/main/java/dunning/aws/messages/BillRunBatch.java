package dunning.aws.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import dunning.aws.json.Json;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * BillRunQueue message: a page of a bill group's accounts to bill (schema bill-run-batch).
 * {@code attempt} counts re-queues of accounts whose billing failed for a passing reason: each is
 * re-queued alone, and after {@link #MAX_ATTEMPTS} its message fails and reaches the DLQ.
 */
public record BillRunBatch(String billGroup, LocalDate billDate, boolean runDunning, List<String> accountIds, int attempt) {
    public static final String KIND = "BILL_RUN_BATCH";
    public static final int MAX_ACCOUNTS = 50;
    public static final int MAX_ATTEMPTS = 3;

    public BillRunBatch(String billGroup, LocalDate billDate, boolean runDunning, List<String> accountIds) {
        this(billGroup, billDate, runDunning, accountIds, 1);
    }

    public BillRunBatch {
        accountIds = List.copyOf(accountIds);
    }

    public static BillRunBatch parse(JsonNode n) {
        Fields.requireObject(n, "$");
        Fields.onlyKnown(n, "$", Set.of("kind", "billGroup", "billDate", "runDunning", "accountIds", "attempt"));
        if (!KIND.equals(Fields.text(n, "kind", "$"))) {
            throw new BadMessageException("$.kind: expected " + KIND);
        }
        List<String> ids = Fields.ids(n, "accountIds", "$", 1, MAX_ACCOUNTS, Id.ACCOUNT);
        if (n.get("runDunning") == null) {
            throw new BadMessageException("$.runDunning: required boolean");
        }
        long attempt = Fields.optionalInteger(n, "attempt", "$", 1, MAX_ATTEMPTS).orElse(1L);
        return new BillRunBatch(Fields.id(n, "billGroup", "$", Id.BILL_GROUP), Fields.date(n, "billDate", "$"),
                Fields.bool(n, "runDunning", "$", false), ids, (int) attempt);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("kind", KIND);
        o.put("billGroup", billGroup);
        o.put("billDate", billDate.toString());
        o.put("runDunning", runDunning);
        var arr = o.putArray("accountIds");
        accountIds.forEach(arr::add);
        if (attempt > 1) {
            o.put("attempt", attempt);
        }
        return o;
    }
}
