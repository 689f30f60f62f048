package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.store.Awaited;
import dunning.aws.store.NotKnownYetException;
import dunning.aws.store.PaymentInbox;
import dunning.domain.port.AccountBook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One transaction per event: the idempotency item PAYMENT#&lt;dedupe key&gt; (only if absent; it keeps a
 * fingerprint of the event, to tell a redelivery from a conflicting duplicate), the inbox entry in
 * the account's collection (PAYMENTIN#&lt;occurredAt&gt;#&lt;id&gt;, read by the evaluation's one Query),
 * the account must exist, so must each invoice the event acts on (ACCOUNT#&lt;id&gt; / INVOICE#&lt;invoiceId&gt;,
 * one ConditionCheck each), and the account's version is bumped so a concurrent evaluation re-reads.
 * When a condition fails, the {@link NotKnownYetException} names what is missing: the account first,
 * then the invoices in the event's order. With a {@link Counter}, its item COUNTER#&lt;name&gt; moves
 * from the value read to the new one in the same transaction.
 */
@Singleton
public final class DynamoPaymentInbox implements PaymentInbox {
    public static final String FINGERPRINT = "fingerprint";
    public static final String EVENT = "event";
    public static final String COUNTER_VALUE = "value";

    private final DynamoTable table;
    private final ActionRecords actions;

    @Inject
    public DynamoPaymentInbox(DynamoTable table) {
        this.table = table;
        this.actions = new ActionRecords(table);
    }

    @Override
    public Outcome record(String accountId, String dedupeKey, AccountBook.Inbound entry, List<String> invoicesThatMustExist,
                          Optional<Counter> counter) {
        // five writes of our own; DynamoDB takes 100 items per transaction, and one item once
        if (invoicesThatMustExist.size() > DynamoTable.MAX_TRANSACTION_ITEMS - 5
                || new java.util.HashSet<>(invoicesThatMustExist).size() != invoicesThatMustExist.size()) {
            throw new IllegalArgumentException("invoices to check must be distinct and at most "
                    + (DynamoTable.MAX_TRANSACTION_ITEMS - 5) + ": " + invoicesThatMustExist.size());
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
            counter.ifPresent(c -> writes.add(advance(c)));
            table.transact(writes);
            return Outcome.RECORDED;
        } catch (ConflictException e) {
            if (e.failedOn(Keys.account(accountId), Keys.SK_PROFILE)) {
                throw new NotKnownYetException(new Awaited.Account(accountId), "unknown account " + accountId + " in event " + dedupeKey);
            }
            for (String invoiceId : invoicesThatMustExist) {
                if (e.failedOn(Keys.account(accountId), Keys.invoiceSk(invoiceId))) {
                    throw new NotKnownYetException(new Awaited.Invoice(accountId, invoiceId), "unknown invoice " + invoiceId
                            + " of account " + accountId + " in event " + dedupeKey + ": the account has no such invoice (yet)");
                }
            }
            if (counter.isPresent() && e.failedOn(Keys.counter(counter.get().name()), Keys.SK_ITEM)) {
                throw new CounterMovedException("counter " + counter.get().name() + " moved from " + counter.get().from()
                        + " before event " + dedupeKey + " was recorded");
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

    @Override
    public long counter(String name) {
        return table.get(Keys.counter(name), Keys.SK_ITEM).flatMap(i -> Attr.optNum(i, COUNTER_VALUE)).orElse(0L);
    }

    /** The counter moves from what was read to the new total, or the transaction fails. */
    private TransactWriteItem advance(Counter c) {
        String condition = c.from() == 0 ? "attribute_not_exists(#v) OR #v = :from" : "#v = :from";
        return TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Attr.key(Keys.counter(c.name()), Keys.SK_ITEM))
                .updateExpression("SET #v = :to").conditionExpression(condition)
                .expressionAttributeNames(Map.of("#v", COUNTER_VALUE))
                .expressionAttributeValues(Map.of(":from", Attr.n(c.from()), ":to", Attr.n(c.to())))).build();
    }

    private TransactWriteItem invoiceExists(String accountId, String invoiceId) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name())
                .key(Attr.key(Keys.account(accountId), Keys.invoiceSk(invoiceId)))
                .conditionExpression("attribute_exists(pk)")).build();
    }
}
