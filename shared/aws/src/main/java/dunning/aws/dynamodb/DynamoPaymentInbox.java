package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.store.PaymentInbox;
import dunning.domain.port.AccountBook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One transaction per event: the idempotency item PAYMENT#&lt;dedupe key&gt; (only if absent; it keeps a
 * fingerprint of the event, to tell a redelivery from a conflicting duplicate), the inbox entry in
 * the account's collection (PAYMENTIN#&lt;occurredAt&gt;#&lt;id&gt;, read by the evaluation's one Query),
 * the account must exist, so must each invoice the event acts on (ACCOUNT#&lt;id&gt; / INVOICE#&lt;invoiceId&gt;,
 * one ConditionCheck each), and the account's version is bumped so a concurrent evaluation re-reads.
 * When a condition fails, the reason names what is missing: the account first, then the invoices in
 * the event's order.
 */
public final class DynamoPaymentInbox implements PaymentInbox {
    public static final String FINGERPRINT = "fingerprint";
    public static final String EVENT = "event";

    private final DynamoTable table;
    private final ActionRecords actions;

    public DynamoPaymentInbox(DynamoTable table) {
        this.table = table;
        this.actions = new ActionRecords(table);
    }

    @Override
    public Outcome record(String accountId, String dedupeKey, AccountBook.Inbound entry, List<String> invoicesThatMustExist) {
        // four writes of our own; DynamoDB takes 100 items per transaction, and one item once
        if (invoicesThatMustExist.size() > DynamoTable.MAX_TRANSACTION_ITEMS - 4
                || new java.util.HashSet<>(invoicesThatMustExist).size() != invoicesThatMustExist.size()) {
            throw new IllegalArgumentException("invoices to check must be distinct and at most "
                    + (DynamoTable.MAX_TRANSACTION_ITEMS - 4) + ": " + invoicesThatMustExist.size());
        }
        AttributeValue event = EventCodec.encode(entry.event());
        String fingerprint = DynamoPlanCatalog.sha256(accountId + "|" + event);
        Map<String, AttributeValue> item = Attr.key(Keys.account(accountId), Keys.inboxSk(entry.occurredAt(), entry.id()));
        item.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
        item.put("eventId", Attr.s(entry.id()));
        item.put("occurredAt", Attr.s(entry.occurredAt().toString()));
        item.put(EVENT, event);
        Map<String, AttributeValue> marker = Attr.key(Keys.payment(dedupeKey), Keys.SK_ITEM);
        marker.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
        marker.put(FINGERPRINT, Attr.s(fingerprint));
        marker.put(EVENT, event);
        try {
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(actions.accountExists(accountId));
            for (String invoiceId : invoicesThatMustExist) {
                writes.add(invoiceExists(accountId, invoiceId));
            }
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(marker)
                    .conditionExpression("attribute_not_exists(pk)").build()).build());
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item).build()).build());
            writes.add(actions.bumpVersion(accountId));
            table.transact(writes);
            return Outcome.RECORDED;
        } catch (ConflictException e) {
            if (e.failedOn(Keys.account(accountId), Keys.SK_PROFILE)) {
                throw new BadMessageException("unknown account " + accountId + " in event " + dedupeKey);
            }
            for (String invoiceId : invoicesThatMustExist) {
                if (e.failedOn(Keys.account(accountId), Keys.invoiceSk(invoiceId))) {
                    throw new BadMessageException("unknown invoice " + invoiceId + " of account " + accountId + " in event "
                            + dedupeKey + ": the account has no such invoice");
                }
            }
            if (e.failedOn(Keys.payment(dedupeKey), Keys.SK_ITEM)) {
                Map<String, AttributeValue> first = table.get(Keys.payment(dedupeKey), Keys.SK_ITEM).orElseThrow();
                if (fingerprint.equals(Attr.optStr(first, FINGERPRINT).orElse(""))) {
                    return Outcome.ALREADY_RECORDED;
                }
                throw new BadMessageException("conflicting duplicate: event " + dedupeKey + " was recorded with other content "
                        + first.get(EVENT) + "; this one (" + event + ") is not applied");
            }
            throw e;
        }
    }

    private TransactWriteItem invoiceExists(String accountId, String invoiceId) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.invoiceSk(invoiceId)))
                .conditionExpression("attribute_exists(pk)")).build();
    }
}
