package dunning.functions.billrun;

import dunning.aws.messages.BillRunBatch;
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.messages.ScheduleInput;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.QueueSender.OutgoingMessage;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.InvoiceIssuer;
import dunning.aws.json.Json;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Named;

/**
 * The bill run and the daily sweep. A schedule never bills accounts itself: it pages the bill group
 * and fans out batches of account ids to BillRunQueue, so a large group is billed by many
 * invocations in parallel; each batch issues one invoice per account (idempotent per account and
 * bill date) and, with {@code runDunning}, queues the account for evaluation as of the bill date.
 * The sweep reads the sparse index of open invoices, so its cost grows with overdue invoices, not
 * with accounts.
 */
public final class BillRunService {
    /** Accounts read per page of ByBillGroup: one BillRunQueue message per page. */
    static final int PAGE = BillRunBatch.MAX_ACCOUNTS;

    private final AccountDirectory directory;
    private final InvoiceIssuer issuer;
    private final QueueSender sender;
    private final String billRunQueueUrl;
    private final String evaluationQueueUrl;
    private final Clock clock;

    @Inject
    public BillRunService(AccountDirectory directory, InvoiceIssuer issuer, QueueSender sender,
                          @Named("BILL_RUN_QUEUE_URL") String billRunQueueUrl,
                          @Named("EVALUATION_QUEUE_URL") String evaluationQueueUrl, Clock clock) {
        this.directory = directory;
        this.issuer = issuer;
        this.sender = sender;
        this.billRunQueueUrl = billRunQueueUrl;
        this.evaluationQueueUrl = evaluationQueueUrl;
        this.clock = clock;
    }

    /** What a schedule did, for the log line and the local runner. */
    public record Summary(String kind, LocalDate date, int accounts, int messages) {}

    public Summary onSchedule(ScheduleInput input) {
        if (input instanceof ScheduleInput.BillRun run) {
            return fanOut(run);
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

    /** Accounts with an open invoice past due, or due within the reminder horizon (for pre-due reminders). */
    private Summary sweep(LocalDate asOf, int reminderHorizonDays) {
        // without a horizon: past due only (due before today); with one: also due today through today + horizon
        LocalDate dueBefore = reminderHorizonDays == 0 ? asOf : asOf.plusDays(reminderHorizonDays + 1L);
        List<String> accounts = directory.accountsWithOpenInvoicesDueBefore(dueBefore);
        queueEvaluations(accounts, asOf, EvaluateAccount.Reason.SWEEP);
        return new Summary("DUNNING_SWEEP", asOf, accounts.size(), accounts.size());
    }

    /** One BillRunQueue message: bill each account, then queue the billed ones for dunning. */
    public void bill(BillRunBatch batch) {
        for (String accountId : batch.accountIds()) {
            issuer.issue(accountId, batch.billDate());
        }
        if (batch.runDunning()) {
            queueEvaluations(batch.accountIds(), batch.billDate(), EvaluateAccount.Reason.BILL_RUN);
        }
    }

    private void queueEvaluations(List<String> accountIds, LocalDate asOf, EvaluateAccount.Reason reason) {
        List<OutgoingMessage> messages = new ArrayList<>(accountIds.size());
        for (String id : accountIds) {
            EvaluateAccount evaluate = new EvaluateAccount(id, Optional.of(asOf), Optional.of(reason));
            messages.add(new OutgoingMessage("e" + messages.size(), Json.write(evaluate.toJson())));
        }
        sender.send(evaluationQueueUrl, messages);
    }
}
