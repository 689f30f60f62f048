package dunning.functions.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.ActionRecords;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoPaymentInbox;
import dunning.aws.dynamodb.DynamoPlans;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.events.DunningEvents;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Json;
import dunning.aws.messages.ActionMessage;
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.QueueSender.OutgoingMessage;
import dunning.aws.store.ActionKind;
import dunning.aws.store.ActionStatus;
import dunning.domain.engine.AccountState;
import dunning.domain.engine.AccountState.InvoiceState;
import dunning.domain.engine.CarriedOut;
import dunning.domain.engine.DunningEngine;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Named;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One evaluation of one account: one Query of its item collection, the domain engine as of the
 * account's business date, then — only if something changed — the new state, the changed invoices,
 * the consumed payment inbox and one PENDING action record (with its outbox marker) per action, in
 * one transaction conditioned on the state's version. Two evaluators on the same account cannot
 * both escalate: the second one's condition fails and its message is retried against the new state.
 * Actions are dispatched after the commit from the outbox markers, including any left by an earlier
 * run that crashed before dispatching; every worker is idempotent on its action record.
 */
public final class EvaluationService {
    private final DynamoTable table;
    private final DynamoPlans plans;
    private final QueueSender sender;
    private final EventPublisher events;
    private final Map<ActionKind, String> queues;
    private final Clock clock;
    private final DunningEngine engine = new DunningEngine();
    private final ActionRecords actions;

    /** Well past a worker's normal processing (visibility timeout x retries): only lost dispatches are sent again. */
    static final String DISPUTED = "disputed";

    static final java.time.Duration REDISPATCH_AFTER = java.time.Duration.ofMinutes(15);

    @Inject
    public EvaluationService(DynamoTable table, DynamoPlans plans, QueueSender sender, EventPublisher events,
                             @Named("FEE_QUEUE_URL") String feeQueue, @Named("NOTIFICATION_QUEUE_URL") String notificationQueue,
                             @Named("STATUS_CHANGE_QUEUE_URL") String statusQueue, Clock clock) {
        this.table = table;
        this.plans = plans;
        this.sender = sender;
        this.events = events;
        this.queues = Map.of(ActionKind.FEE, feeQueue, ActionKind.EMAIL, notificationQueue, ActionKind.STATUS, statusQueue);
        this.clock = clock;
        this.actions = new ActionRecords(table);
    }

    /** What an evaluation did: the actions it decided and whether it wrote anything. */
    public record Outcome(LocalDate asOf, List<CarriedOut> decided, boolean wrote, int dispatched) {}

    public Outcome evaluate(EvaluateAccount message) {
        String accountId = message.accountId();
        List<Map<String, AttributeValue>> items = table.collection(Keys.account(accountId));
        Map<String, AttributeValue> profile = items.stream().filter(AccountItems::isProfile).findFirst()
                .orElseThrow(() -> new BadMessageException("unknown account " + accountId));
        Plan plan = plans.planOfTerm(Attr.str(profile, AccountItems.AR_TERM));
        String currency = Attr.str(profile, AccountItems.CURRENCY);
        ZoneId zone = ZoneId.of(Attr.optStr(profile, AccountItems.TIME_ZONE).orElse("UTC"));
        LocalDate asOf = message.asOf().orElseGet(() -> LocalDate.now(clock.withZone(zone)));

        AccountState a = new AccountState(accountId, currency, Set.copyOf(Attr.strList(profile, AccountItems.TAGS)),
                Attr.optMoney(profile, AccountItems.ANNUAL_REVENUE).orElse(BigDecimal.ZERO),
                (int) Attr.optNum(profile, AccountItems.COLLECTIONS_CASES).orElse(0L).longValue(),
                Attr.bool(profile, AccountItems.EXEMPT, false), plan);
        a.status = Plan.Status.valueOf(Attr.optStr(profile, AccountItems.STATUS).orElse("ACTIVE"));
        Map<String, Map<String, AttributeValue>> invoiceItems = new LinkedHashMap<>();
        Map<String, AttributeValue> state = null;
        List<Map<String, AttributeValue>> inbox = new ArrayList<>();
        List<Map<String, AttributeValue>> outbox = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = Attr.str(item, Keys.SK);
            if (AccountItems.isInvoice(item)) {
                InvoiceState inv = new InvoiceState(Attr.str(item, AccountItems.INVOICE_ID), Attr.date(item, AccountItems.ISSUED),
                        Attr.date(item, AccountItems.DUE), Attr.money(item, AccountItems.AMOUNT));
                inv.balance = Attr.money(item, AccountItems.BALANCE);
                inv.status = InvoiceState.Status.valueOf(Attr.str(item, AccountItems.INVOICE_STATUS));
                inv.disputed = Attr.bool(item, DISPUTED, false);
                a.invoices.add(inv);
                invoiceItems.put(inv.id, item);
            } else if (AccountItems.isCharge(item)) {
                a.unbilledFees = a.unbilledFees.add(Attr.money(item, AccountItems.AMOUNT));
            } else if (sk.equals(Keys.SK_STATE)) {
                state = item;
            } else if (sk.startsWith(DynamoPaymentInbox.SK_PAYMENT_IN)) {
                inbox.add(item);
            } else if (AccountItems.isOutbox(item) && stale(item)) {
                outbox.add(item); // decided by a run that may have crashed before dispatching: send again
            }
        }
        Optional<Long> version = state == null ? Optional.empty() : Attr.optNum(state, StateItem.VERSION);
        if (state != null) {
            StateItem.decode(state, a);
        }
        Map<String, AttributeValue> before = StateItem.encode(a);
        Map<String, String> invoicesBefore = invoiceFingerprints(a);
        boolean episodeWasOpen = a.episodeOpen;
        int episode = a.episode;

        List<CarriedOut> decided = new ArrayList<>();
        boolean exemptBefore = a.exempt;
        for (Map<String, AttributeValue> entry : inbox) {
            apply(a, asOf, entry, invoiceItems.keySet(), decided);
        }
        engine.retriesAndReminders(a, asOf, decided::add);
        engine.installmentChecks(a, asOf);
        engine.evaluate(a, asOf, decided::add);
        boolean closed = episodeWasOpen && !a.episodeOpen;

        Map<String, AttributeValue> after = StateItem.encode(a);
        Map<String, String> invoicesAfter = invoiceFingerprints(a);
        List<Map<String, AttributeValue>> newOutbox = new ArrayList<>();
        if (decided.isEmpty() && inbox.isEmpty() && !closed && before.equals(after) && invoicesBefore.equals(invoicesAfter)) {
            return new Outcome(asOf, List.of(), false, dispatch(accountId, outbox));
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> newState = new HashMap<>(after);
        newState.putAll(Attr.key(Keys.account(accountId), Keys.SK_STATE));
        newState.put(StateItem.VERSION, Attr.n(version.orElse(0L) + 1));
        Put.Builder put = Put.builder().tableName(table.name()).item(newState);
        if (version.isPresent()) {
            put.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", StateItem.VERSION))
                    .expressionAttributeValues(Map.of(":v", Attr.n(version.get())));
        } else {
            put.conditionExpression("attribute_not_exists(#v)").expressionAttributeNames(Map.of("#v", StateItem.VERSION));
        }
        writes.add(TransactWriteItem.builder().put(put.build()).build());
        for (InvoiceState inv : a.invoices) {
            if (!invoicesBefore.get(inv.id).equals(invoicesAfter.get(inv.id))) {
                Map<String, AttributeValue> item = new HashMap<>(invoiceItems.get(inv.id));
                item.put(AccountItems.BALANCE, Attr.money(inv.balance));
                item.put(AccountItems.INVOICE_STATUS, Attr.s(inv.status.name()));
                item.put(DISPUTED, Attr.bool(inv.disputed));
                if (!inv.openWithBalance()) {
                    item.remove(Keys.GSI2PK); // leaves the sparse due-date index
                    item.remove(Keys.GSI2SK);
                }
                writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item).build()).build());
            }
        }
        if (a.exempt != exemptBefore) {
            // "No Dunning" is the account's own setting: the profile keeps it, with the decision that changed it
            writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                    .key(Attr.key(Keys.account(accountId), Keys.SK_PROFILE))
                    .updateExpression("SET #e = :e").expressionAttributeNames(Map.of("#e", AccountItems.EXEMPT))
                    .expressionAttributeValues(Map.of(":e", Attr.bool(a.exempt))).build()).build());
        }
        for (Map<String, AttributeValue> payment : inbox) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                    .key(Attr.key(Keys.account(accountId), Attr.str(payment, Keys.SK))).build()).build());
        }
        List<ActionSpec> specs = new ArrayList<>();
        decided.forEach(c -> {
            ActionSpec s = spec(c, a, asOf);
            specs.add(new ActionSpec(s.key, s.kind, s.body, ActionRecords.decision(asOf, c.kind(), c.value(), c.level())));
        });
        if (closed) {
            String key = accountId + "#" + episode + "#closed";
            PublishedEvent event = DunningEvents.episodeClosed(key, accountId, String.valueOf(episode), asOf,
                    Optional.of("overdue amount below the plan minimum"), Optional.empty());
            specs.add(new ActionSpec(key, ActionKind.EVENT, eventBody(event)));
        }
        for (ActionSpec s : specs) {
            for (TransactWriteItem w : actions.pending(s.key, accountId, s.kind, s.body, clock.instant(), s.decision)) {
                writes.add(w);
            }
            Map<String, AttributeValue> marker = Attr.key(Keys.account(accountId), Keys.outboxSk(s.key));
            marker.put(ActionRecords.KIND, Attr.s(s.kind.name()));
            marker.put(ActionRecords.BODY, Attr.s(s.body));
            newOutbox.add(marker);
        }
        table.transact(writes); // a version conflict throws: the message is retried and re-reads
        List<Map<String, AttributeValue>> all = new ArrayList<>(outbox);
        all.addAll(newOutbox);
        return new Outcome(asOf, List.copyOf(decided), true, dispatch(accountId, all));
    }

    /** One inbox entry, in the order it happened: a payment, a failed payment, or an account instruction. */
    private void apply(AccountState a, LocalDate asOf, Map<String, AttributeValue> entry, java.util.Set<String> invoices,
                       List<CarriedOut> decided) {
        Optional<String> invoice = Attr.optStr(entry, AccountItems.INVOICE_ID).filter(invoices::contains);
        switch (Attr.str(entry, DynamoPaymentInbox.OUTCOME)) {
            case "SUCCEEDED" -> engine.pay(a, asOf, Attr.money(entry, AccountItems.AMOUNT), invoice);
            case "FAILED" -> invoice.ifPresent(i -> engine.paymentFailed(a, asOf, i,
                    Attr.str(entry, DynamoPaymentInbox.DECLINE_CODE), decided::add));
            case DynamoPaymentInbox.DISPUTE -> invoice.ifPresent(i -> engine.dispute(a, asOf, i,
                    Attr.bool(entry, DynamoPaymentInbox.OPEN, false)));
            case DynamoPaymentInbox.PAYMENT_PLAN -> {
                List<String> ids = entry.get(DynamoPaymentInbox.INVOICE_IDS).l().stream().map(AttributeValue::s)
                        .filter(invoices::contains).toList();
                if (!ids.isEmpty()) {
                    engine.paymentPlan(a, asOf, ids, (int) Attr.num(entry, DynamoPaymentInbox.INSTALLMENTS),
                            (int) Attr.num(entry, DynamoPaymentInbox.EVERY_DAYS));
                }
            }
            case DynamoPaymentInbox.APPROVAL -> engine.approve(a, asOf, Attr.str(entry, DynamoPaymentInbox.LEVEL), decided::add);
            case DynamoPaymentInbox.EXEMPTION -> engine.exempt(a, asOf, Attr.bool(entry, AccountItems.EXEMPT, false));
            default -> throw new IllegalStateException("inbox entry " + Attr.str(entry, Keys.SK) + " of account " + a.id
                    + " has an unknown outcome " + Attr.str(entry, DynamoPaymentInbox.OUTCOME));
        }
    }

    private record ActionSpec(String key, ActionKind kind, String body, Map<String, AttributeValue> decision) {
        ActionSpec(String key, ActionKind kind, String body) {
            this(key, kind, body, Map.of());
        }
    }

    private ActionSpec spec(CarriedOut c, AccountState a, LocalDate asOf) {
        Optional<String> episode = Optional.of(String.valueOf(a.episode));
        switch (c.kind()) {
            case "fee":
                return new ActionSpec(c.key(), ActionKind.FEE, Json.write(new ActionMessage.Fee(c.key(), a.id, episode, c.level(),
                        asOf, new BigDecimal(c.value()), a.currency, Optional.of("late fee")).toJson()));
            case "email":
                return new ActionSpec(c.key(), ActionKind.EMAIL, Json.write(new ActionMessage.Notification(c.key(), a.id,
                        c.level().isPresent() ? episode : Optional.empty(), c.level(), asOf, c.value(), Optional.empty(),
                        Optional.empty(), Optional.empty()).toJson()));
            case "status":
                return new ActionSpec(c.key(), ActionKind.STATUS, Json.write(new ActionMessage.Status(c.key(), a.id, episode,
                        c.level(), asOf, c.value(), Optional.of(c.level().map(l -> "dunning level " + l)
                        .orElse("dunning episode closed"))).toJson()));
            case "task":
                return new ActionSpec(c.key(), ActionKind.TASK, eventBody(DunningEvents.taskCreated(c.key(), a.id, episode,
                        c.level(), asOf, c.value(), Optional.empty())));
            case "retry":
                return new ActionSpec(c.key(), ActionKind.RETRY, eventBody(DunningEvents.retryRequested(c.key(), a.id,
                        Optional.empty(), Optional.empty(), asOf, Optional.empty(), episode, c.level(), Optional.empty(),
                        Optional.of(a.currency))));
            default: {
                String detailType = c.kind().equals("approvalRequested") ? DunningEvents.APPROVAL_REQUESTED : c.value();
                DunningEvents.LevelContext context = new DunningEvents.LevelContext(episode, c.level().orElse(""),
                        Optional.of(a.path.name()), Optional.empty(), Optional.empty(), Optional.of(a.currency),
                        Optional.of(a.plan.id()), Optional.empty());
                return new ActionSpec(c.key(), c.kind().equals("approvalRequested") ? ActionKind.APPROVAL : ActionKind.EVENT,
                        eventBody(DunningEvents.levelEvent(detailType, c.key(), a.id, asOf, context)));
            }
        }
    }

    private static String eventBody(PublishedEvent event) {
        ObjectNode o = Json.object();
        o.put("detailType", event.detailType());
        o.put("detail", event.detailJson());
        return Json.write(o);
    }

    /** Sends each outbox entry to its worker queue (batched) or publishes it; published ones are done at once. */
    private int dispatch(String accountId, List<Map<String, AttributeValue>> outbox) {
        Map<String, List<OutgoingMessage>> byQueue = new LinkedHashMap<>();
        List<PublishedEvent> published = new ArrayList<>();
        List<String> publishedKeys = new ArrayList<>();
        for (Map<String, AttributeValue> marker : outbox) {
            ActionKind kind = ActionKind.valueOf(Attr.str(marker, ActionRecords.KIND));
            String body = Attr.str(marker, ActionRecords.BODY);
            String key = Attr.str(marker, Keys.SK).substring(Keys.SK_OUTBOX.length());
            String queue = queues.get(kind);
            if (queue != null) {
                List<OutgoingMessage> list = byQueue.computeIfAbsent(queue, q -> new ArrayList<>());
                list.add(new OutgoingMessage("a" + list.size(), body));
            } else {
                JsonNode node = Json.parse(body);
                published.add(new PublishedEvent(node.get("detailType").asText(), node.get("detail").asText(), List.of()));
                publishedKeys.add(key);
            }
        }
        byQueue.forEach(sender::send);
        if (!published.isEmpty()) {
            events.publish(published);
            for (String key : publishedKeys) {
                table.transact(List.of(actions.transition(key, ActionStatus.PENDING, ActionStatus.DONE, clock.instant(), Map.of()),
                        actions.deleteMarker(accountId, key)));
            }
        }
        return outbox.size();
    }

    /**
     * An outbox entry whose worker has not removed it within {@link #REDISPATCH_AFTER}. Fresh entries
     * are left alone: their messages are in flight, and re-sending them on every evaluation would only
     * cost (workers are idempotent either way).
     */
    private boolean stale(Map<String, AttributeValue> marker) {
        return Attr.optInstant(marker, ActionRecords.CREATED_AT)
                .map(created -> created.plus(REDISPATCH_AFTER).isBefore(clock.instant())).orElse(true);
    }

    private static Map<String, String> invoiceFingerprints(AccountState a) {
        Map<String, String> m = new HashMap<>();
        for (InvoiceState inv : a.invoices) {
            m.put(inv.id, inv.balance.toPlainString() + "|" + inv.status + "|" + inv.disputed);
        }
        return m;
    }
}
