package dunning.aws.dynamodb;

import dunning.local.junit.ClassCloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.json.BadMessageException;
import dunning.aws.store.InvoiceIssuer;
import dunning.aws.store.InvoiceIssuer.Outcome;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The bill run's invoice issuing on the DynamoDB API engine: once per account and bill date, charges billed once. */
class DynamoInvoiceIssuerTest {
    @RegisterExtension
    static final ClassCloud cloud = new ClassCloud();
    DynamoTable table;
    DynamoInvoiceIssuer issuer;

    static final LocalDate MARCH = LocalDate.of(2026, 3, 1);

    @BeforeEach
    void seed() {
        table = new DynamoTable(cloud.clients().dynamoDb(), cloud.newTable());
        issuer = new DynamoInvoiceIssuer(table);
        Map<String, AttributeValue> term = Attr.key(Keys.arTerm("net30"), Keys.SK_ITEM);
        term.put(DynamoInvoiceIssuer.NET_DAYS, Attr.n(30));
        put(term);
        put(profile("A1", List.of(recurring("Pro plan", "49.00"))));
        put(AccountItems.charge("A1", "fee-1", DynamoFeeLedger.LATE_FEE, new BigDecimal("2.00"), "USD",
                LocalDate.of(2026, 2, 9), "late fee", "A1#E1#Second Notice#fee"));
        put(profile("A2", List.of()));
    }

    @Test
    void issues_one_invoice_from_recurring_and_unbilled_charges_due_after_the_net_days() {
        assertEquals(Outcome.ISSUED, issuer.issue("A1", MARCH));

        List<Map<String, AttributeValue>> items = table.collection(Keys.account("A1"));
        Map<String, AttributeValue> invoice = items.stream().filter(AccountItems::isInvoice).findFirst().orElseThrow();
        assertEquals(InvoiceIssuer.invoiceId("A1", MARCH), Attr.str(invoice, AccountItems.INVOICE_ID));
        assertEquals(0, new BigDecimal("51.00").compareTo(Attr.money(invoice, AccountItems.BALANCE)));
        assertEquals(LocalDate.of(2026, 3, 31), Attr.date(invoice, AccountItems.DUE));
        assertEquals(2, invoice.get("lines").l().size());
        assertFalse(items.stream().anyMatch(AccountItems::isCharge), "the late fee is billed, no longer unbilled");
        assertEquals(List.of("A1"), new DynamoAccountDirectory(table).accountsWithOpenInvoicesDueBefore(LocalDate.of(2026, 4, 1)),
                "the open invoice is on the sparse due-date index");
        assertTrue(new DynamoAccountDirectory(table).accountsWithOpenInvoicesDueBefore(LocalDate.of(2026, 3, 31)).isEmpty(),
                "not before it is due");
    }

    @Test
    void a_second_run_for_the_same_bill_date_issues_nothing_and_bills_no_charge_twice() {
        assertEquals(Outcome.ISSUED, issuer.issue("A1", MARCH));
        put(AccountItems.charge("A1", "fee-2", DynamoFeeLedger.LATE_FEE, new BigDecimal("2.00"), "USD",
                LocalDate.of(2026, 3, 2), "late fee", "A1#E1#Third#fee"));

        assertEquals(Outcome.ALREADY_ISSUED, issuer.issue("A1", MARCH));
        assertEquals(Outcome.ALREADY_ISSUED, new DynamoInvoiceIssuer(table).issue("A1", MARCH), "a cold container too");
        long invoices = table.collection(Keys.account("A1")).stream().filter(AccountItems::isInvoice).count();
        assertEquals(1, invoices);
        assertTrue(table.collection(Keys.account("A1")).stream().anyMatch(AccountItems::isCharge),
                "the charge booked after the run waits for the next bill date");

        assertEquals(Outcome.ISSUED, issuer.issue("A1", MARCH.plusMonths(1)));
        assertEquals(2, table.collection(Keys.account("A1")).stream().filter(AccountItems::isInvoice).count());
    }

    @Test
    void nothing_to_bill_writes_nothing_and_unknown_accounts_are_bad_messages() {
        assertEquals(Outcome.NOTHING_TO_BILL, issuer.issue("A2", MARCH));
        assertEquals(1, table.collection(Keys.account("A2")).size());
        BadMessageException e = assertThrows(BadMessageException.class, () -> issuer.issue("NOPE", MARCH));
        assertTrue(e.getMessage().contains("NOPE"));
    }

    private void put(Map<String, AttributeValue> item) {
        cloud.clients().dynamoDb().putItem(b -> b.tableName(table.name()).item(item));
    }

    private static Map<String, AttributeValue> profile(String id, List<AttributeValue> recurring) {
        Map<String, AttributeValue> p = Attr.key(Keys.account(id), Keys.SK_PROFILE);
        p.put(AccountItems.ACCOUNT_ID, Attr.s(id));
        p.put(AccountItems.CURRENCY, Attr.s("USD"));
        p.put(AccountItems.AR_TERM, Attr.s("net30"));
        p.put(AccountItems.EMAIL, Attr.s(id.toLowerCase() + "@example.org"));
        if (!recurring.isEmpty()) {
            p.put(AccountItems.RECURRING, AttributeValue.fromL(recurring));
        }
        return p;
    }

    private static AttributeValue recurring(String description, String amount) {
        return AttributeValue.fromM(Map.of(AccountItems.DESCRIPTION, Attr.s(description), AccountItems.AMOUNT,
                Attr.money(new BigDecimal(amount))));
    }
}
