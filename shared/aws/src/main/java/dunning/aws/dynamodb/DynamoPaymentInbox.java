package dunning.aws.dynamodb;

import dunning.aws.events.AccountInstruction;
import dunning.aws.events.InboundEvent;
import dunning.aws.events.PaymentEvent;
import dunning.aws.json.BadMessageException;
import dunning.aws.store.PaymentInbox;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One transaction per payment or account instruction: the idempotency item PAYMENT#&lt;id&gt; (only if absent), the inbox entry
 * in the account's collection (PAYMENTIN#&lt;occurredAt&gt;#&lt;id&gt;, read by the evaluation's one Query),
 * the account must exist, and its version is bumped so a concurrent evaluation re-reads.
 */
public final class DynamoPaymentInbox implements PaymentInbox {
    public static final String SK_PAYMENT_IN = "PAYMENTIN#";
    public static final String PAYMENT_ID = "paymentId";
    public static final String OUTCOME = "outcome";
    public static final String DECLINE_CODE = "declineCode";
    public static final String OCCURRED_AT = "occurredAt";
    // outcomes of account instructions, and their attributes
    public static final String DISPUTE = "DISPUTE";
    public static final String PAYMENT_PLAN = "PAYMENT_PLAN";
    public static final String APPROVAL = "APPROVAL";
    public static final String EXEMPTION = "EXEMPTION";
    public static final String OPEN = "open";
    public static final String INVOICE_IDS = "invoiceIds";
    public static final String INSTALLMENTS = "installments";
    public static final String EVERY_DAYS = "everyDays";
    public static final String LEVEL = "level";

    private final DynamoTable table;
    private final ActionRecords actions;

    public DynamoPaymentInbox(DynamoTable table) {
        this.table = table;
        this.actions = new ActionRecords(table);
    }

    @Override
    public Outcome record(String accountId, PaymentEvent event) {
        Map<String, AttributeValue> entry = entry(accountId, event);
        entry.put(PAYMENT_ID, Attr.s(event.paymentId()));
        entry.put(AccountItems.AMOUNT, Attr.money(event.amount()));
        entry.put(AccountItems.CURRENCY, Attr.s(event.currency()));
        event.invoiceId().ifPresent(id -> entry.put(AccountItems.INVOICE_ID, Attr.s(id)));
        if (event instanceof PaymentEvent.Failed failed) {
            entry.put(OUTCOME, Attr.s("FAILED"));
            entry.put(DECLINE_CODE, Attr.s(failed.declineCode()));
        } else {
            entry.put(OUTCOME, Attr.s("SUCCEEDED"));
        }
        return write(accountId, Keys.payment(event.paymentId()), entry, "payment " + event.paymentId());
    }

    @Override
    public Outcome record(String accountId, AccountInstruction instruction) {
        Map<String, AttributeValue> entry = entry(accountId, instruction);
        if (instruction instanceof AccountInstruction.DisputeChanged d) {
            entry.put(OUTCOME, Attr.s(DISPUTE));
            entry.put(AccountItems.INVOICE_ID, Attr.s(d.invoiceId()));
            entry.put(OPEN, Attr.bool(d.open()));
        } else if (instruction instanceof AccountInstruction.PaymentPlanAgreed p) {
            entry.put(OUTCOME, Attr.s(PAYMENT_PLAN));
            entry.put(INVOICE_IDS, AttributeValue.fromL(p.invoiceIds().stream().map(Attr::s).toList()));
            entry.put(INSTALLMENTS, Attr.n(p.installments()));
            entry.put(EVERY_DAYS, Attr.n(p.everyDays()));
        } else if (instruction instanceof AccountInstruction.LevelApproved a) {
            entry.put(OUTCOME, Attr.s(APPROVAL));
            entry.put(LEVEL, Attr.s(a.level()));
        } else if (instruction instanceof AccountInstruction.ExemptionChanged e) {
            entry.put(OUTCOME, Attr.s(EXEMPTION));
            entry.put(AccountItems.EXEMPT, Attr.bool(e.exempt()));
        }
        // instructions come from other producers than payments: their ids live apart
        return write(accountId, Keys.payment("instruction:" + instruction.eventId()), entry, "instruction " + instruction.eventId());
    }

    /** The inbox entry: sorted by when it happened, then by id, in the account's collection. */
    private static Map<String, AttributeValue> entry(String accountId, InboundEvent event) {
        Map<String, AttributeValue> entry = Attr.key(Keys.account(accountId),
                SK_PAYMENT_IN + event.occurredAt() + "#" + event.eventId());
        entry.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
        entry.put(OCCURRED_AT, Attr.s(event.occurredAt().toString()));
        return entry;
    }

    private Outcome write(String accountId, String markerPk, Map<String, AttributeValue> entry, String what) {
        Map<String, AttributeValue> marker = Attr.key(markerPk, Keys.SK_ITEM);
        marker.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
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
                throw new BadMessageException("unknown account " + accountId + " in " + what);
            }
            if (e.failedOn(markerPk, Keys.SK_ITEM)) {
                return Outcome.ALREADY_RECORDED;
            }
            throw e;
        }
    }
}
