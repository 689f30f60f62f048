package dunning.aws.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import dunning.aws.json.Json;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/** EvaluationQueue message (schema evaluate-account). Without asOf: today in the account's zone. */
public record EvaluateAccount(String accountId, Optional<LocalDate> asOf, Optional<Reason> reason) {
    public enum Reason { BILL_RUN, SWEEP, PAYMENT, REDISPATCH, MANUAL }

    public static EvaluateAccount parse(JsonNode n) {
        Fields.requireObject(n, "$");
        Fields.onlyKnown(n, "$", Set.of("accountId", "asOf", "reason"));
        Optional<Reason> reason = Fields.optionalText(n, "reason", "$").map(r -> {
            try {
                return Reason.valueOf(r);
            } catch (IllegalArgumentException e) {
                throw new BadMessageException("$.reason: unknown reason " + Fields.shown(r));
            }
        });
        return new EvaluateAccount(Fields.id(n, "accountId", "$", Id.ACCOUNT), Fields.optionalDate(n, "asOf", "$"), reason);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("accountId", accountId);
        asOf.ifPresent(d -> o.put("asOf", d.toString()));
        reason.ifPresent(r -> o.put("reason", r.name()));
        return o;
    }
}
