package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.AccountStatusStore;
import dunning.aws.store.ActionKind;
import dunning.aws.store.ActionStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Sets an account's status: action PENDING -> APPLIED (remembering from/to for the announcement),
 * PROFILE.status conditioned on the status read, version bump, marker removal; WRITTEN_OFF also
 * writes off every open invoice (balance 0, off the due-date index, a WRITE_OFF entry in the
 * account's history collection). One transaction.
 */
public final class DynamoAccountStatusStore implements AccountStatusStore {
    public static final String FROM = "fromStatus";
    public static final String TO = "toStatus";

    private final DynamoTable table;
    private final ActionRecords actions;
    private final Clock clock;

    public DynamoAccountStatusStore(DynamoTable table, Clock clock) {
        this.table = table;
        this.actions = new ActionRecords(table);
        this.clock = clock;
    }

    @Override
    public Optional<Change> apply(ActionMessage.Status action) {
        ActionRecords.Record record = actions.require(action.idempotencyKey());
        if (record.kind() != ActionKind.STATUS || !record.accountId().equals(action.accountId())) {
            throw new BadMessageException("action " + action.idempotencyKey() + " is not a status change of " + action.accountId());
        }
        switch (record.status()) {
            case DONE:
                return Optional.empty();
            case APPLIED:
                return Optional.of(new Change(Attr.str(record.item(), FROM), Attr.str(record.item(), TO), false));
            case PENDING:
                break;
            default:
                throw new IllegalStateException("status action " + action.idempotencyKey() + " in status " + record.status());
        }
        List<Map<String, AttributeValue>> collection = table.collection(Keys.account(action.accountId()));
        Map<String, AttributeValue> profile = collection.stream().filter(AccountItems::isProfile).findFirst()
                .orElseThrow(() -> new BadMessageException("unknown account " + action.accountId()));
        String from = Attr.optStr(profile, AccountItems.STATUS).orElse("ACTIVE");
        String to = action.status();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(actions.transition(action.idempotencyKey(), ActionStatus.PENDING, ActionStatus.APPLIED, clock.instant(),
                Map.of(FROM, Attr.s(from), TO, Attr.s(to))));
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Attr.key(Keys.account(action.accountId()), Keys.SK_PROFILE))
                .updateExpression("SET #s = :to")
                .conditionExpression(profile.containsKey(AccountItems.STATUS) ? "#s = :from" : "attribute_not_exists(#s)")
                .expressionAttributeNames(Map.of("#s", AccountItems.STATUS))
                .expressionAttributeValues(profile.containsKey(AccountItems.STATUS)
                        ? Map.of(":to", Attr.s(to), ":from", Attr.s(from)) : Map.of(":to", Attr.s(to)))
                .build()).build());
        writes.add(actions.bumpVersion(action.accountId()));
        writes.add(actions.deleteMarker(action.accountId(), action.idempotencyKey()));
        if ("WRITTEN_OFF".equals(to)) {
            for (Map<String, AttributeValue> invoice : collection) {
                if (AccountItems.isInvoice(invoice) && "OPEN".equals(Attr.str(invoice, AccountItems.INVOICE_STATUS))) {
                    writes.addAll(writeOff(action, invoice));
                }
            }
        }
        try {
            table.transact(writes);
            return Optional.of(new Change(from, to, false));
        } catch (ConflictException e) {
            ActionStatus now = actions.require(action.idempotencyKey()).status();
            if (now == ActionStatus.DONE) {
                return Optional.empty();
            }
            if (now == ActionStatus.APPLIED) {
                var r = actions.require(action.idempotencyKey()).item();
                return Optional.of(new Change(Attr.str(r, FROM), Attr.str(r, TO), false));
            }
            throw e;
        }
    }

    private List<TransactWriteItem> writeOff(ActionMessage.Status action, Map<String, AttributeValue> invoice) {
        String invoiceId = Attr.str(invoice, AccountItems.INVOICE_ID);
        BigDecimal balance = Attr.money(invoice, AccountItems.BALANCE);
        Map<String, AttributeValue> entry = Attr.key(Keys.accountHistory(action.accountId()),
                "LEDGER#" + action.asOf() + "#WRITE_OFF#" + invoiceId);
        entry.put(AccountItems.ACCOUNT_ID, Attr.s(action.accountId()));
        entry.put(AccountItems.INVOICE_ID, Attr.s(invoiceId));
        entry.put("entryKind", Attr.s("WRITE_OFF"));
        entry.put(AccountItems.AMOUNT, Attr.money(balance.negate()));
        entry.put(AccountItems.CURRENCY, invoice.get(AccountItems.CURRENCY));
        entry.put(AccountItems.BOOKED_ON, Attr.s(action.asOf().toString()));
        entry.put(AccountItems.SOURCE_KEY, Attr.s(action.idempotencyKey()));
        return List.of(
                TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                        .key(Attr.key(Keys.account(action.accountId()), Keys.invoiceSk(invoiceId)))
                        .updateExpression("SET #st = :wo, #bal = :zero, #wo = :bal REMOVE #g2pk, #g2sk")
                        .conditionExpression("#st = :open AND #bal = :bal")
                        .expressionAttributeNames(Map.of("#st", AccountItems.INVOICE_STATUS, "#bal", AccountItems.BALANCE,
                                "#wo", "writtenOff", "#g2pk", Keys.GSI2PK, "#g2sk", Keys.GSI2SK))
                        .expressionAttributeValues(Map.of(":wo", Attr.s("WRITTEN_OFF"), ":open", Attr.s("OPEN"),
                                ":zero", Attr.money(BigDecimal.ZERO.setScale(balance.scale())), ":bal", Attr.money(balance)))
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(entry).build()).build());
    }

    @Override
    public void markDone(String idempotencyKey) {
        try {
            table.transact(List.of(actions.transition(idempotencyKey, ActionStatus.APPLIED, ActionStatus.DONE, clock.instant(), Map.of())));
        } catch (ConflictException e) {
            if (actions.require(idempotencyKey).status() != ActionStatus.DONE) {
                throw e;
            }
        }
    }
}
