package dunning.functions.payment;

import dunning.aws.events.InboxEntries;
import dunning.aws.events.InboundEvent;
import dunning.aws.events.PaymentEvent;
import dunning.aws.json.NotActionableException;
import dunning.aws.json.Json;
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.QueueSender.OutgoingMessage;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.PaymentInbox;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Named;

/**
 * Takes payment events and account instructions (disputes, payment plans, approvals, exemptions) in: resolves the account (directly, or a Stripe customer through its
 * external-id item; a customer with no account is not dunned), records the payment once per payment
 * id (the account and each invoice the event acts on must exist), and queues the account for
 * evaluation. A redelivered event records nothing new but queues the account again, so a crash
 * between the record and the send cannot leave a payment that nobody evaluates.
 */
public final class PaymentEventsService {
    private final AccountDirectory directory;
    private final PaymentInbox inbox;
    private final QueueSender sender;
    private final String evaluationQueueUrl;

    @Inject
    public PaymentEventsService(AccountDirectory directory, PaymentInbox inbox, QueueSender sender,
                                @Named("EVALUATION_QUEUE_URL") String evaluationQueueUrl) {
        this.directory = directory;
        this.inbox = inbox;
        this.sender = sender;
        this.evaluationQueueUrl = evaluationQueueUrl;
    }

    /** Records one payment or account instruction; returns the account to evaluate. */
    public String accept(InboundEvent event) {
        String accountId = resolve(event.account());
        InboxEntries.Entry entry = InboxEntries.of(event);
        inbox.record(accountId, entry.dedupeKey(), entry.inbound(), entry.invoicesThatMustExist());
        return accountId;
    }

    /** One SQS send (batched by 10) for the accounts a batch touched, each once. */
    public void queueEvaluations(Set<String> accountIds) {
        List<OutgoingMessage> messages = new ArrayList<>();
        for (String id : new LinkedHashSet<>(accountIds)) {
            EvaluateAccount evaluate = new EvaluateAccount(id, Optional.empty(), Optional.of(EvaluateAccount.Reason.PAYMENT));
            messages.add(new OutgoingMessage("p" + messages.size(), Json.write(evaluate.toJson())));
        }
        sender.send(evaluationQueueUrl, messages);
    }

    private String resolve(PaymentEvent.AccountRef ref) {
        if (ref instanceof PaymentEvent.AccountRef.Direct direct) {
            return direct.accountId();
        }
        PaymentEvent.AccountRef.External external = (PaymentEvent.AccountRef.External) ref;
        // a customer with no account is simply not dunned (DESIGN §5.1): acknowledged and counted, never a DLQ's
        return directory.accountOfExternalId(external.system(), external.externalId())
                .orElseThrow(() -> new NotActionableException(NotActionableException.Kind.NOT_DUNNED, "no account has "
                        + external.system() + " id " + external.externalId()));
    }
}
