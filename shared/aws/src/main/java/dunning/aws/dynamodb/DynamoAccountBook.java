package dunning.aws.dynamodb;

import dunning.domain.account.Account;
import dunning.domain.account.DunningState;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.DayResult;
import dunning.domain.engine.Effect;
import dunning.domain.money.Currencies;
import dunning.domain.plan.Plan;
import dunning.domain.port.AccountBook;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The account book on DynamoDB (docs/data-model.md). A load is one Query of the account's item
 * collection: profile, state and version, invoices, unbilled charges, inbox, outbox markers (and,
 * rarely, an unfinished commit, finished first). A commit writes the state conditioned on the
 * version, the changed invoices, the consumed inbox, one action record and outbox marker per
 * effect, the ledger entries and the decision record, exactly once, in as few transactions as
 * DynamoDB's limits allow ({@link DynamoTable#commit}).
 */
public final class DynamoAccountBook implements AccountBook {
    /** Long past a worker's normal processing: only then is an outbox marker's effect handed over again. */
    public static final Duration REDISPATCH_AFTER = Duration.ofMinutes(15);
    public static final String VERSION = "version";

    private final DynamoTable table;
    private final DynamoPlanCatalog plans;
    private final Clock clock;

    public DynamoAccountBook(DynamoTable table, DynamoPlanCatalog plans, Clock clock) {
        this.table = table;
        this.plans = plans;
        this.clock = clock;
    }

    @Override
    public Optional<Loaded> load(String accountId) {
        List<Map<String, AttributeValue>> items = table.collection(Keys.account(accountId));
        List<Map<String, AttributeValue>> journal = items.stream()
                .filter(i -> Attr.str(i, Keys.SK).startsWith(Keys.SK_JOURNAL)).toList();
        if (!journal.isEmpty() && table.finish(journal)) {
            items = table.collection(Keys.account(accountId)); // an unfinished commit, now finished: read what it wrote
        }
        Optional<Map<String, AttributeValue>> profile = items.stream().filter(AccountItems::isProfile).findFirst();
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> p = profile.get();
        Optional<String> problem = problemOf(p);
        Optional<Map<String, AttributeValue>> stateItem = Optional.empty();
        List<Invoice> invoices = new ArrayList<>();
        BigDecimal unbilled = BigDecimal.ZERO;
        List<Inbound> inbox = new ArrayList<>();
        List<Effect> undispatched = new ArrayList<>();
        List<Effect> inFlight = new ArrayList<>();
        boolean problemMarked = false;
        try {
            for (Map<String, AttributeValue> item : items) {
                String sk = Attr.str(item, Keys.SK);
                if (AccountItems.isInvoice(item)) {
                    invoices.add(AccountCodec.invoice(item));
                } else if (AccountItems.isCharge(item)) {
                    unbilled = unbilled.add(Attr.money(item, AccountItems.AMOUNT));
                } else if (sk.equals(Keys.SK_STATE)) {
                    stateItem = Optional.of(item);
                } else if (sk.startsWith(Keys.SK_INBOX)) {
                    inbox.add(new Inbound(Attr.str(item, "eventId"), Instant.parse(Attr.str(item, "occurredAt")),
                            EventCodec.of(item).orElseThrow(() -> new IllegalStateException("inbox entry " + sk + " has no event"))));
                } else if (AccountItems.isOutbox(item)) {
                    EffectCodec.of(item).ifPresent(stale(item) ? undispatched::add : inFlight::add);
                } else if (sk.equals(Keys.SK_PROBLEM)) {
                    problemMarked = true;
                }
            }
        } catch (RuntimeException e) {
            problem = Optional.of("stored items of the account cannot be read: " + e.getMessage());
        }
        if (problem.isPresent()) {
            throw new Unusable(problem.get());
        }
        if (problemMarked) {
            problem(accountId, Optional.empty()); // the data was mended: the account is back in dunning
        }
        Plan.Status profileStatus = Plan.Status.valueOf(Attr.optStr(p, AccountItems.STATUS).orElse("ACTIVE"));
        DunningState state = AccountCodec.state(stateItem, profileStatus);
        long version = stateItem.flatMap(s -> Attr.optNum(s, VERSION)).orElse(0L);
        String planId = plans.term(Attr.str(p, AccountItems.AR_TERM)).orElseThrow().planId();
        Account account = new Account(AccountCodec.customer(p), planId, Attr.bool(p, AccountItems.EXEMPT, false), invoices,
                unbilled, state);
        return Optional.of(new Loaded(account, ZoneId.of(Attr.optStr(p, AccountItems.TIME_ZONE).orElse("UTC")), version, inbox,
                undispatched, inFlight));
    }

    /** What makes a stored profile impossible to evaluate: the reason, to set the account aside with. */
    private Optional<String> problemOf(Map<String, AttributeValue> p) {
        Optional<String> currency = Attr.optStr(p, AccountItems.CURRENCY);
        if (currency.isEmpty()) {
            return Optional.of("the profile has no currency");
        }
        if (!currency.get().matches("[A-Z]{3}") || !Currencies.isKnown(currency.get())) {
            return Optional.of("the profile's currency " + currency.get() + " is not an ISO 4217 code");
        }
        String zone = Attr.optStr(p, AccountItems.TIME_ZONE).orElse("UTC");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            return Optional.of("the profile's time zone " + zone + " is not a time zone (" + e.getMessage() + ")");
        }
        Optional<String> status = Attr.optStr(p, AccountItems.STATUS);
        if (status.isPresent()) {
            try {
                Plan.Status.valueOf(status.get());
            } catch (IllegalArgumentException e) {
                return Optional.of("the profile's status " + status.get() + " is not a status");
            }
        }
        Optional<String> term = Attr.optStr(p, AccountItems.AR_TERM);
        if (term.isEmpty()) {
            return Optional.of("the profile names no AR term");
        }
        Optional<DynamoPlanCatalog.Term> t = plans.term(term.get());
        if (t.isEmpty()) {
            return Optional.of("the profile's AR term " + term.get() + " is not in the table");
        }
        try {
            plans.current(t.get().planId());
        } catch (RuntimeException e) {
            return Optional.of("AR term " + term.get() + " names plan " + t.get().planId() + ", which cannot be used: " + e.getMessage());
        }
        return Optional.empty();
    }

    private boolean stale(Map<String, AttributeValue> marker) {
        return Attr.optInstant(marker, ActionRecords.CREATED_AT)
                .map(created -> created.plus(REDISPATCH_AFTER).isBefore(clock.instant())).orElse(true);
    }

    @Override
    public void commit(Loaded loaded, DayResult day) {
        Account before = loaded.account();
        Account after = day.after();
        String accountId = before.id();
        String pk = Keys.account(accountId);
        long next = loaded.version() + 1;
        Instant now = clock.instant();

        List<TransactWriteItem> anchor = new ArrayList<>();
        Map<String, AttributeValue> state = new LinkedHashMap<>(AccountCodec.state(after.state()));
        state.putAll(Attr.key(pk, Keys.SK_STATE));
        state.put(VERSION, Attr.n(next));
        day.wakeUp().ifPresent(on -> {
            state.put(Keys.GSI3PK, Attr.s(Keys.wakeShardKey(accountId)));
            state.put(Keys.GSI3SK, Attr.s(Keys.wakeSortKey(on, accountId)));
        });
        Put.Builder put = Put.builder().tableName(table.name()).item(state);
        if (loaded.version() > 0) {
            put.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":v", Attr.n(loaded.version())));
        } else {
            put.conditionExpression("attribute_not_exists(#v)").expressionAttributeNames(Map.of("#v", VERSION));
        }
        anchor.add(TransactWriteItem.builder().put(put.build()).build());
        if (after.exempt() != before.exempt()) {
            // "No Dunning" is the account's own setting: the profile keeps it, changed by the decision that changed it
            anchor.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                    .key(Attr.key(pk, Keys.SK_PROFILE)).updateExpression("SET #e = :e")
                    .expressionAttributeNames(Map.of("#e", AccountItems.EXEMPT))
                    .expressionAttributeValues(Map.of(":e", Attr.bool(after.exempt()))).build()).build());
        }

        List<TransactWriteItem> rest = new ArrayList<>();
        Map<String, Invoice> old = new HashMap<>();
        before.invoices().forEach(i -> old.put(i.id(), i));
        for (Invoice inv : after.invoices()) {
            if (!inv.equals(old.get(inv.id()))) {
                rest.add(invoiceUpdate(accountId, inv));
            }
        }
        for (Inbound entry : loaded.inbox()) {
            rest.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                    .key(Attr.key(pk, Keys.inboxSk(entry.occurredAt(), entry.id()))).build()).build());
        }
        for (Effect e : day.effects()) {
            rest.addAll(ActionRecords.pending(table.name(), e, now));
        }
        for (LedgerEntry entry : day.ledger()) {
            rest.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                    .item(HistoryCodec.ledgerItem(accountId, entry)).build()).build());
        }
        if (day.changed()) {
            rest.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                    .item(HistoryCodec.decisionItem(day.decision(), next)).build()).build());
        }
        try {
            table.commit(pk, accountId, "v" + next, anchor, rest, now);
        } catch (ConflictException e) {
            throw new Conflict("account " + accountId + " changed since version " + loaded.version() + ": " + e.getMessage());
        }
    }

    /** The dunning attributes of a changed invoice, and its place on the due-date index while it is open with a balance. */
    private TransactWriteItem invoiceUpdate(String accountId, Invoice inv) {
        Map<String, AttributeValue> encoded = AccountCodec.invoiceItem(accountId, inv, "", Map.of());
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        StringBuilder set = new StringBuilder();
        List<String> remove = new ArrayList<>();
        int n = 0;
        for (String attr : List.of(AccountItems.BALANCE, AccountItems.INVOICE_STATUS, AccountCodec.DISPUTED, AccountCodec.CREDIT_TAKEN,
                AccountCodec.REMINDERS, Keys.GSI2PK, Keys.GSI2SK)) {
            names.put("#a" + n, attr);
            AttributeValue v = encoded.get(attr);
            if (v == null) {
                remove.add("#a" + n);
            } else {
                values.put(":a" + n, v);
                set.append(set.length() == 0 ? "SET " : ", ").append("#a").append(n).append(" = :a").append(n);
            }
            n++;
        }
        String expression = set + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.invoiceSk(inv.id())))
                .updateExpression(expression.trim()).expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values).build()).build();
    }

    @Override
    public void problem(String accountId, Optional<String> reason) {
        if (reason.isEmpty()) {
            table.client().deleteItem(b -> b.tableName(table.name()).key(Attr.key(Keys.account(accountId), Keys.SK_PROBLEM)));
            return;
        }
        Map<String, AttributeValue> item = Attr.key(Keys.account(accountId), Keys.SK_PROBLEM);
        item.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
        item.put("reason", Attr.s(reason.get()));
        item.put("since", Attr.s(clock.instant().toString()));
        item.put(Keys.GSI3PK, Attr.s(Keys.PROBLEMS));
        item.put(Keys.GSI3SK, Attr.s(accountId));
        // false: set aside with this reason already, and once is enough
        table.putIf(item, b -> b.conditionExpression("attribute_not_exists(pk) OR #r <> :r")
                .expressionAttributeNames(Map.of("#r", "reason")).expressionAttributeValues(Map.of(":r", Attr.s(reason.get()))));
    }
}
