package dunning.functions.payment;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.events.AccountInstruction;
import dunning.aws.events.BillingEvent;
import dunning.aws.events.ConsumedEvent;
import dunning.aws.events.InboundEvent;
import dunning.aws.events.InboxEntries;
import dunning.aws.events.PaymentEvent;
import dunning.aws.events.PaymentEventReader;
import dunning.aws.events.stripe.StripeEvent;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Json;
import dunning.aws.json.NotActionableException;
import dunning.aws.lambda.DeadLetters;
import dunning.aws.lambda.Log;
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.messages.ParkedRetry;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.QueueSender.OutgoingMessage;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.Awaited;
import dunning.aws.store.BillingRecords;
import dunning.aws.store.NotKnownYetException;
import dunning.aws.store.ParkedEvents;
import dunning.aws.store.PaymentInbox;
import java.time.Clock;
import java.time.Instant;
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
 * Takes the ways in (DESIGN §5.1) in: the stack's own billing events (accounts, invoices, voids, credit
 * notes, payments, refunds, instructions) and Stripe's ({@link StripeIntake}). Profiles and invoices are
 * written through {@link BillingRecords}; everything else goes into the account's inbox once per fact,
 * and the account is queued for evaluation. A redelivered event records nothing new but queues the
 * account again, so a crash between the record and the send cannot leave a payment nobody evaluates.
 *
 * <p>An event naming what the stack does not know yet (an account, an invoice, a Stripe customer, the
 * invoice behind a Stripe payment) is parked ({@link ParkedEvents}), never dead-lettered: it is retried
 * when that arrives (here, right after the write that makes it exist), hourly by the redispatch sweep
 * (a {@link ParkedRetry} message), and reported after {@link ParkedEvents#REPORT_AFTER}.
 */
public final class PaymentEventsService {
    /** Parked events retried at once when what they wait for arrives; more wait for the hourly sweep. */
    static final int REDRIVE_AT_ONCE = 25;
    /** A retried event may make something arrive that others wait for: at most this deep, at once. */
    static final int MAX_DEPTH = 3;

    private final PaymentEventReader reader;
    private final AccountDirectory directory;
    private final PaymentInbox inbox;
    private final BillingRecords records;
    private final ParkedEvents parked;
    private final StripeIntake stripe;
    private final QueueSender sender;
    private final DeadLetters deadLetters;
    private final String evaluationQueueUrl;
    private final Clock clock;

    @Inject
    public PaymentEventsService(PaymentEventReader reader, AccountDirectory directory, PaymentInbox inbox, BillingRecords records,
                                ParkedEvents parked, StripeIntake stripe, QueueSender sender, DeadLetters deadLetters,
                                @Named("EVALUATION_QUEUE_URL") String evaluationQueueUrl, Clock clock) {
        this.reader = reader;
        this.directory = directory;
        this.inbox = inbox;
        this.records = records;
        this.parked = parked;
        this.stripe = stripe;
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.evaluationQueueUrl = evaluationQueueUrl;
        this.clock = clock;
    }

    /** One PaymentEventsQueue message (an EventBridge envelope, or the sweep's retry of a parked event): the accounts to evaluate. */
    public Set<String> accept(String body) {
        JsonNode message = Json.parse(body);
        if (ParkedRetry.is(message)) {
            ParkedRetry retry = ParkedRetry.parse(message);
            return parked.find(retry.ref()).map(p -> retry(p, 0, true)).orElse(Set.of());
        }
        ConsumedEvent event = reader.readInbound(message);
        try {
            Booked booked = book(event);
            return afterwards(booked, 0);
        } catch (NotKnownYetException e) {
            park(key(event), e, body);
            return Set.of();
        }
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

    private Booked book(ConsumedEvent event) {
        if (event instanceof StripeEvent s) {
            return stripe.accept(s);
        }
        if (event instanceof BillingEvent.AccountUpserted a) {
            return upsert(a);
        }
        if (event instanceof BillingEvent.InvoiceIssued i) {
            records.issue(i.invoice());
            return new Booked(Set.of(i.invoice().accountId()), List.of(new Awaited.Invoice(i.invoice().accountId(),
                    i.invoice().invoiceId())));
        }
        InboundEvent e = (InboundEvent) event;
        String accountId = resolve(e.account());
        InboxEntries.Entry entry = InboxEntries.of(e);
        inbox.record(accountId, entry.dedupeKey(), entry.inbound(), entry.invoicesThatMustExist());
        return Booked.of(accountId);
    }

    private Booked upsert(BillingEvent.AccountUpserted a) {
        BillingRecords.Upserted outcome = records.upsert(a.profile(), a.occurredAt());
        if (outcome == BillingRecords.Upserted.OLDER) {
            throw new NotActionableException(NotActionableException.Kind.NOTHING_TO_APPLY, "Account Upserted of "
                    + a.profile().accountId() + " at " + a.occurredAt() + " is older than the stored profile: changes nothing");
        }
        List<Awaited> arrived = new ArrayList<>();
        arrived.add(new Awaited.Account(a.profile().accountId()));
        a.profile().externalIds().forEach((system, id) -> arrived.add(new Awaited.Customer(system, id)));
        return new Booked(Set.of(a.profile().accountId()), arrived);
    }

    private String resolve(PaymentEvent.AccountRef ref) {
        if (ref instanceof PaymentEvent.AccountRef.Direct direct) {
            return direct.accountId();
        }
        PaymentEvent.AccountRef.External external = (PaymentEvent.AccountRef.External) ref;
        Optional<String> account = directory.accountOfExternalId(external.system(), external.externalId());
        if (account.isPresent()) {
            return account.get();
        }
        if (directory.notDunned(external.system(), external.externalId())) {
            // a customer with no account by design is simply not dunned (DESIGN §5.1): acknowledged and counted
            throw new NotActionableException(NotActionableException.Kind.NOT_DUNNED, "no account has " + external.system() + " id "
                    + external.externalId() + ": not dunned");
        }
        throw new NotKnownYetException(new Awaited.Customer(external.system(), external.externalId()));
    }

    // ---- parked events ---------------------------------------------------------------------------

    /** The key of a parked event: stable for every delivery of it. */
    static String key(ConsumedEvent e) {
        return (e instanceof StripeEvent ? "stripe" : e.getClass().getSimpleName()) + ":" + e.eventId();
    }

    private ParkedEvents.Parked park(String key, NotKnownYetException why, String body) {
        Instant now = clock.instant();
        ParkedEvents.Parked p = parked.park(key, why.awaited(), why.getMessage(), body, now);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", "PARKED");
        fields.put("key", key);
        fields.put("waitingFor", why.awaited().describe());
        fields.put("since", p.since().toString());
        fields.put("attempts", p.attempts());
        fields.put("reason", why.getMessage());
        if (!p.reported() && !p.since().plus(ParkedEvents.REPORT_AFTER).isAfter(now)) {
            parked.report(p, now);
            Log.error(PaymentEventsHandler.NAME, "parked event reported: it has waited " + ParkedEvents.REPORT_AFTER.toHours()
                    + " hours for " + why.awaited().describe(), fields);
        } else {
            Log.info(PaymentEventsHandler.NAME, "parked: waits for " + why.awaited().describe(), fields);
        }
        return p;
    }

    /** The accounts of what was booked, and of the parked events its arrivals let through. */
    private Set<String> afterwards(Booked booked, int depth) {
        Set<String> accounts = new LinkedHashSet<>(booked.accounts());
        if (depth >= MAX_DEPTH) {
            return accounts; // deeper ones wait for the hourly sweep
        }
        for (Awaited arrived : booked.arrived()) {
            List<ParkedEvents.Parked> waiting = parked.waitingFor(arrived);
            for (ParkedEvents.Parked p : waiting.subList(0, Math.min(REDRIVE_AT_ONCE, waiting.size()))) {
                accounts.addAll(retry(p, depth + 1, false));
            }
        }
        return accounts;
    }

    /**
     * A parked event tried again. Booked: it leaves the parking. Still early: parked again (under what it
     * waits for now). Refused now that what it named is known (another currency, other content): it goes
     * to the DLQ with its reason, as it would have at first. A passing failure leaves it parked; from the
     * sweep it fails the retry message, so SQS delivers that again.
     */
    private Set<String> retry(ParkedEvents.Parked p, int depth, boolean fromSweep) {
        try {
            ConsumedEvent event = reader.readInbound(Json.parse(p.body()));
            Booked booked;
            try {
                booked = book(event);
            } catch (NotKnownYetException e) {
                ParkedEvents.Parked again = park(p.key(), e, p.body());
                if (!parked.refOf(again).equals(parked.refOf(p))) {
                    parked.resolved(p); // it waits for something else now, and is kept there
                }
                return Set.of();
            }
            parked.resolved(p);
            Log.info(PaymentEventsHandler.NAME, "parked event booked", Map.of("key", p.key(), "waitedFor", p.awaited().describe(),
                    "since", p.since().toString(), "attempts", p.attempts()));
            return afterwards(booked, depth);
        } catch (NotActionableException e) {
            parked.resolved(p);
            Log.info(PaymentEventsHandler.NAME, e.kind().logMessage(), Map.of("key", p.key(), "kind", e.kind().name(),
                    "reason", String.valueOf(e.getMessage())));
            return Set.of();
        } catch (BadMessageException e) {
            SQSEvent.SQSMessage original = new SQSEvent.SQSMessage();
            original.setMessageId("parked:" + p.key());
            original.setBody(p.body());
            original.setAttributes(Map.of());
            deadLetters.send(PaymentEventsHandler.NAME, original, e.getMessage());
            parked.resolved(p);
            Log.error(PaymentEventsHandler.NAME, "parked event rejected: sent to the DLQ with its reason", Map.of("key", p.key(),
                    "kind", "BAD_MESSAGE", "reason", String.valueOf(e.getMessage())));
            return Set.of();
        } catch (RuntimeException e) {
            if (fromSweep) {
                throw e;
            }
            Log.warn(PaymentEventsHandler.NAME, "parked event still parked: its retry failed", Map.of("key", p.key(),
                    "reason", String.valueOf(e.getMessage())));
            return Set.of();
        }
    }
}
