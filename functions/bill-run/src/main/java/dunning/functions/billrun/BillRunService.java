package dunning.functions.billrun;

import dunning.aws.json.BadMessageException;
import dunning.aws.json.Json;
import dunning.aws.lambda.Log;
import dunning.aws.messages.BillRunBatch;
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.messages.ParkedRetry;
import dunning.aws.messages.ScheduleInput;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.QueueSender.OutgoingMessage;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.InvoiceIssuer;
import dunning.aws.store.ParkedEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Named;

/**
 * The bill run, the daily sweep and the redispatch sweep. A schedule never bills accounts itself:
 * it pages the bill group and fans out batches of account ids to BillRunQueue, so a large group is
 * billed by many invocations in parallel; each batch issues one invoice per account (idempotent per
 * account and bill date) and, with {@code runDunning}, queues the account for evaluation. The
 * sweeps read sparse indexes (open invoices by due date, wake-ups, unfinished work), so their cost
 * grows with what is due, not with accounts. No evaluation message carries a date: each account
 * is evaluated as of its own business date, in its own time zone.
 */
public final class BillRunService {
    /** Accounts read per page of ByBillGroup: one BillRunQueue message per page. */
    static final int PAGE = BillRunBatch.MAX_ACCOUNTS;

    private final AccountDirectory directory;
    private final InvoiceIssuer issuer;
    private final QueueSender sender;
    private final String billRunQueueUrl;
    private final String evaluationQueueUrl;
    private final String paymentEventsQueueUrl;
    private final Clock clock;

    @Inject
    public BillRunService(AccountDirectory directory, InvoiceIssuer issuer, QueueSender sender,
                          @Named("BILL_RUN_QUEUE_URL") String billRunQueueUrl,
                          @Named("EVALUATION_QUEUE_URL") String evaluationQueueUrl,
                          @Named("PAYMENT_EVENTS_QUEUE_URL") String paymentEventsQueueUrl, Clock clock) {
        this.directory = directory;
        this.issuer = issuer;
        this.sender = sender;
        this.billRunQueueUrl = billRunQueueUrl;
        this.evaluationQueueUrl = evaluationQueueUrl;
        this.paymentEventsQueueUrl = paymentEventsQueueUrl;
        this.clock = clock;
    }

    /** What a schedule did, for the log line and the local runner. */
    public record Summary(String kind, LocalDate date, int accounts, int messages) {}

    public Summary onSchedule(ScheduleInput input) {
        if (input instanceof ScheduleInput.BillRun run) {
            return fanOut(run);
        }
        if (input instanceof ScheduleInput.Redispatch r) {
            return redispatch(r.olderThanMinutes());
        }
        ScheduleInput.DunningSweep sweep = (ScheduleInput.DunningSweep) input;
        return sweep(sweep.asOf().orElse(LocalDate.now(clock)), sweep.reminderHorizonDays());
    }

    private Summary fanOut(ScheduleInput.BillRun run) {
        LocalDate billDate = run.billDate().orElse(LocalDate.now(clock));
        List<OutgoingMessage> batches = new ArrayList<>();
        int accounts = 0;
        Optional<String> cursor = Optional.empty();
        do {
            AccountDirectory.Page page = directory.billGroupPage(run.billGroup(), cursor, PAGE);
            if (!page.accountIds().isEmpty()) {
                accounts += page.accountIds().size();
                BillRunBatch batch = new BillRunBatch(run.billGroup(), billDate, run.runDunning(), page.accountIds());
                batches.add(new OutgoingMessage("b" + batches.size(), Json.write(batch.toJson())));
            }
            cursor = page.next();
            if (batches.size() == 10) { // flush as we page: memory stays flat for any group size
                sender.send(billRunQueueUrl, batches);
                batches = new ArrayList<>();
            }
        } while (cursor.isPresent());
        sender.send(billRunQueueUrl, batches);
        return new Summary("BILL_RUN", billDate, accounts, (accounts + PAGE - 1) / PAGE);
    }

    /**
     * Accounts with an open invoice past due or due within the reminder horizon, and accounts with
     * a retry, an installment or a held payment due. {@code asOf} is a UTC date, and zones east of
     * UTC may already be a day ahead, so the selection reaches one day further (due before
     * asOf + 1, or, with a horizon, up to asOf + 1 + horizon); an account selected on a day that is
     * not yet due in its own zone simply changes nothing.
     */
    private Summary sweep(LocalDate asOf, int reminderHorizonDays) {
        LocalDate dueBefore = reminderHorizonDays == 0 ? asOf.plusDays(1) : asOf.plusDays(reminderHorizonDays + 2L);
        Set<String> accounts = new LinkedHashSet<>(directory.accountsWithOpenInvoicesDueBefore(dueBefore));
        accounts.addAll(directory.accountsToWakeThrough(asOf.plusDays(1)));
        queueEvaluations(List.copyOf(accounts), EvaluateAccount.Reason.SWEEP);
        return new Summary("DUNNING_SWEEP", asOf, accounts.size(), accounts.size());
    }

    /**
     * Accounts whose committed effects (or commit) have waited too long: their evaluation hands the effects
     * over again. And every parked event not yet reported: payment-events tries it again (docs/semantics.md).
     */
    private Summary redispatch(int olderThanMinutes) {
        List<String> accounts = directory.accountsWithWorkPendingSince(clock.instant().minus(Duration.ofMinutes(olderThanMinutes)));
        queueEvaluations(accounts, EvaluateAccount.Reason.REDISPATCH);
        List<OutgoingMessage> retries = new ArrayList<>();
        for (ParkedEvents.Ref parked : directory.parkedEvents()) {
            retries.add(new OutgoingMessage("r" + retries.size(), Json.write(new ParkedRetry(parked).toJson())));
        }
        sender.send(paymentEventsQueueUrl, retries);
        return new Summary("REDISPATCH", LocalDate.now(clock), accounts.size() + retries.size(), accounts.size() + retries.size());
    }

    /**
     * One BillRunQueue message: bill each account, then queue the billed ones for dunning. An
     * account fails alone: one whose data can never be billed is logged with its reason, left out,
     * and queued for evaluation, which sets it aside with that reason for a person to see; one that
     * failed for a passing reason is re-queued in a batch of its own (attempt + 1),
     * and after the last attempt its failure fails the message, which then reaches the DLQ.
     */
    public void bill(BillRunBatch batch) {
        List<String> billed = new ArrayList<>();
        List<String> unbillable = new ArrayList<>();
        List<String> retry = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (String accountId : batch.accountIds()) {
            try {
                issuer.issue(accountId, batch.billDate());
                billed.add(accountId);
            } catch (BadMessageException e) {
                unbillable.add(accountId);
                Log.error(BillRunHandler.NAME, "account not billed", Map.of("accountId", accountId, "billDate",
                        batch.billDate().toString(), "kind", "BAD_DATA", "reason", String.valueOf(e.getMessage())));
            } catch (RuntimeException | StackOverflowError e) {
                retry.add(accountId);
                failures.put(accountId, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        // an account that cannot be billed is evaluated all the same: the evaluation sets it aside with its reason
        List<String> evaluate = new ArrayList<>(unbillable);
        if (batch.runDunning()) {
            evaluate.addAll(0, billed);
        }
        queueEvaluations(evaluate, EvaluateAccount.Reason.BILL_RUN);
        if (retry.isEmpty()) {
            return;
        }
        if (batch.attempt() >= BillRunBatch.MAX_ATTEMPTS) {
            throw new IllegalStateException("billing failed " + batch.attempt() + " times for " + failures);
        }
        List<OutgoingMessage> again = new ArrayList<>();
        for (String accountId : retry) {
            Log.warn(BillRunHandler.NAME, "account billing retried alone", Map.of("accountId", accountId,
                    "attempt", batch.attempt() + 1, "reason", failures.get(accountId)));
            BillRunBatch alone = new BillRunBatch(batch.billGroup(), batch.billDate(), batch.runDunning(), List.of(accountId),
                    batch.attempt() + 1);
            again.add(new OutgoingMessage("r" + again.size(), Json.write(alone.toJson())));
        }
        sender.send(billRunQueueUrl, again);
    }

    private void queueEvaluations(List<String> accountIds, EvaluateAccount.Reason reason) {
        List<OutgoingMessage> messages = new ArrayList<>(accountIds.size());
        for (String id : accountIds) {
            EvaluateAccount evaluate = new EvaluateAccount(id, Optional.empty(), Optional.of(reason));
            messages.add(new OutgoingMessage("e" + messages.size(), Json.write(evaluate.toJson())));
        }
        sender.send(evaluationQueueUrl, messages);
    }
}
