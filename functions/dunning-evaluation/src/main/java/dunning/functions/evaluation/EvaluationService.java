package dunning.functions.evaluation;

import dunning.aws.lambda.Log;
import dunning.aws.messages.EvaluateAccount;
import dunning.domain.engine.Evaluation;
import java.util.Map;
import javax.inject.Inject;

/**
 * One EvaluationQueue message: the account's day through the domain's {@link Evaluation} (one Query
 * of the account, the day protocol as of its business date, one commit on its version, the effects
 * handed to their workers). A version conflict throws, so the message is retried against the new
 * state; an unknown account is not dunned (acknowledged); an account whose stored data cannot be
 * evaluated is set aside with its reason (acknowledged: retrying cannot mend data).
 */
public final class EvaluationService {
    private final Evaluation evaluation;

    @Inject
    public EvaluationService(Evaluation evaluation) {
        this.evaluation = evaluation;
    }

    public Evaluation.Result evaluate(EvaluateAccount message) {
        return evaluate(message, false);
    }

    /** {@code redelivered}: SQS delivers this message again (its first run failed): hand over the effects in flight too. */
    public Evaluation.Result evaluate(EvaluateAccount message, boolean redelivered) {
        Evaluation.Result result = evaluation.evaluate(message.accountId(), message.asOf(), redelivered);
        result.problem().ifPresent(p -> Log.warn(EvaluationHandler.NAME, result.day().isEmpty() && p.startsWith("unknown account")
                ? "account not dunned: acknowledged" : "account set aside", Map.of("accountId", message.accountId(), "reason", p)));
        return result;
    }
}
