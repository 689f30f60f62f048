package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.aws.store.InvoiceIssuer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Issues one invoice per account and bill date in one transaction: the INVOICE item (put only if
 * absent, so a second run or a redelivered batch issues nothing), the deletion of every unbilled
 * CHARGE it bills (each conditioned on still existing, so a charge is never billed twice), and the
 * account's version bump (so an evaluation running at the same time re-reads).
 *
 * <p>Reads: one Query of the account's collection, plus the AR term's item the first time a warm
 * container meets that term (AR terms change rarely; a cold container reads them afresh).
 */
@Singleton
public final class DynamoInvoiceIssuer implements InvoiceIssuer {
    /** AR term item (ARTERM#&lt;id&gt;, ITEM): days from the bill date to the due date. */
    public static final String NET_DAYS = "netDays";

    private final DynamoTable table;
    private final ActionRecords actions;
    private final Map<String, Integer> netDaysByTerm = new ConcurrentHashMap<>();

    @Inject
    public DynamoInvoiceIssuer(DynamoTable table) {
        this.table = table;
        this.actions = new ActionRecords(table);
    }

    @Override
    public Outcome issue(String accountId, LocalDate billDate) {
        List<Map<String, AttributeValue>> items = table.collection(Keys.account(accountId));
        Map<String, AttributeValue> profile = items.stream().filter(AccountItems::isProfile).findFirst()
                .orElseThrow(() -> new BadMessageException("unknown account " + accountId));
        String invoiceId = InvoiceIssuer.invoiceId(accountId, billDate);
        if (items.stream().anyMatch(i -> Keys.invoiceSk(invoiceId).equals(Attr.str(i, Keys.SK)))) {
            return Outcome.ALREADY_ISSUED;
        }
        String currency = Attr.str(profile, AccountItems.CURRENCY);

        BigDecimal total = BigDecimal.ZERO;
        List<AttributeValue> lines = new ArrayList<>();
        for (AttributeValue recurring : Optional.ofNullable(profile.get(AccountItems.RECURRING)).map(AttributeValue::l)
                .orElse(List.of())) {
            BigDecimal amount = Attr.money(recurring.m(), AccountItems.AMOUNT);
            total = total.add(amount);
            lines.add(line("RECURRING", recurring.m().get(AccountItems.DESCRIPTION).s(), amount));
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Map<String, AttributeValue> charge : items) {
            if (!AccountItems.isCharge(charge)) {
                continue;
            }
            if (!currency.equals(Attr.str(charge, AccountItems.CURRENCY))) {
                throw new IllegalStateException("charge " + Attr.str(charge, AccountItems.CHARGE_ID) + " of account "
                        + accountId + " is in " + Attr.str(charge, AccountItems.CURRENCY) + ", the account bills in " + currency);
            }
            BigDecimal amount = Attr.money(charge, AccountItems.AMOUNT);
            total = total.add(amount);
            lines.add(line(Attr.str(charge, AccountItems.CHARGE_KIND), Attr.str(charge, AccountItems.DESCRIPTION), amount));
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                    .key(Attr.key(Keys.account(accountId), Attr.str(charge, Keys.SK)))
                    .conditionExpression("attribute_exists(pk)").build()).build());
        }
        if (lines.isEmpty()) {
            return Outcome.NOTHING_TO_BILL;
        }
        LocalDate due = billDate.plusDays(netDays(Attr.str(profile, AccountItems.AR_TERM)));
        Map<String, AttributeValue> invoice = AccountItems.invoice(accountId, invoiceId, invoiceId, billDate, due, currency,
                total, total, "OPEN");
        invoice.put("lines", AttributeValue.fromL(lines));
        writes.add(0, TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(invoice)
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        writes.add(actions.bumpVersion(accountId));
        try {
            table.transact(writes);
            return Outcome.ISSUED;
        } catch (ConflictException e) {
            if (e.failedOn(Keys.account(accountId), Keys.invoiceSk(invoiceId))) {
                return Outcome.ALREADY_ISSUED; // a concurrent delivery of the same batch won
            }
            throw e; // a charge moved under us: the message is retried and re-reads
        }
    }

    private int netDays(String arTerm) {
        return netDaysByTerm.computeIfAbsent(arTerm, id -> table.get(Keys.arTerm(id), Keys.SK_ITEM)
                .map(item -> (int) Attr.num(item, NET_DAYS))
                .orElseThrow(() -> new BadMessageException("unknown AR term " + id)));
    }

    private static AttributeValue line(String kind, String description, BigDecimal amount) {
        return AttributeValue.fromM(Map.of(AccountItems.CHARGE_KIND, Attr.s(kind), AccountItems.DESCRIPTION,
                Attr.s(description), AccountItems.AMOUNT, Attr.money(amount)));
    }
}
