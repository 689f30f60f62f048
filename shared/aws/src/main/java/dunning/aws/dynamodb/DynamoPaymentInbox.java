package dunning.aws.dynamodb;

import dunning.aws.events.PaymentEvent;
import dunning.aws.json.BadMessageException;
import dunning.aws.store.PaymentInbox;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One transaction per payment: the idempotency item PAYMENT#&lt;id&gt; (only if absent), the inbox entry
 * in the account's collection (PAYMENTIN#&lt;occurredAt&gt;#&lt;id&gt;, read by the evaluation's one Query),
 * the account must exist, and its version is bumped so a concurrent evaluation re-reads.
 */
public final class DynamoPaymentInbox implements PaymentInbox {
    public static final String SK_PAYMENT_IN = "PAYMENTIN#";
    public static final String PAYMENT_ID = "paymentId";
    public static final String OUTCOME = "outcome";
    public static final String DECLINE_CODE = "declineCode";
    public static final String OCCURRED_AT = "occurredAt";

    private final DynamoTable table;
    private final ActionRecords actions;

    public DynamoPaymentInbox(DynamoTable table) {
        this.table = table;
        this.actions = new ActionRecords(table);
    }

    @Override
    public Outcome record(String accountId, PaymentEvent event) {
        Map<String, AttributeValue> marker = Attr.key(Keys.payment(event.paymentId()), Keys.SK_ITEM);
        marker.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
        Map<String, AttributeValue> entry = Attr.key(Keys.account(accountId),
                SK_PAYMENT_IN + event.occurredAt() + "#" + event.paymentId());
        entry.put(PAYMENT_ID, Attr.s(event.paymentId()));
        entry.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
        entry.put(AccountItems.AMOUNT, Attr.money(event.amount()));
        entry.put(AccountItems.CURRENCY, Attr.s(event.currency()));
        entry.put(OCCURRED_AT, Attr.s(event.occurredAt().toString()));
        event.invoiceId().ifPresent(id -> entry.put(AccountItems.INVOICE_ID, Attr.s(id)));
        if (event instanceof PaymentEvent.Failed failed) {
            entry.put(OUTCOME, Attr.s("FAILED"));
            entry.put(DECLINE_CODE, Attr.s(failed.declineCode()));
        } else {
            entry.put(OUTCOME, Attr.s("SUCCEEDED"));
        }
        try {
            table.transact(List.of(
                    actions.accountExists(accountId),
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(marker)
                            .conditionExpression("attribute_not_exists(pk)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(entry).build()).build(),
                    actions.bumpVersion(accountId)));
            return Outcome.RECORDED;
        } catch (ConflictException e) {
            if (e.failedOn(Keys.account(accountId), Keys.SK_PROFILE)) {
                throw new BadMessageException("unknown account " + accountId + " in payment " + event.paymentId());
            }
            if (e.failedOn(Keys.payment(event.paymentId()), Keys.SK_ITEM)) {
                return Outcome.ALREADY_RECORDED;
            }
            throw e;
        }
    }
}
