package dunning.aws.dynamodb;

import dunning.local.junit.ClassCloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.json.BadMessageException;
import dunning.aws.store.Awaited;
import dunning.aws.store.BillingRecords;
import dunning.aws.store.BillingRecords.Issued;
import dunning.aws.store.BillingRecords.Upserted;
import dunning.aws.store.NotKnownYetException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Profiles (the latest updatedAt wins) and invoices (once, with a content check) on a table provisioned from template.yaml. */
class DynamoBillingRecordsTest {
    @RegisterExtension
    static final ClassCloud cloud = new ClassCloud();
    static final Instant T1 = Instant.parse("2026-01-05T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-01-06T10:00:00Z");

    static BillingRecords.Profile profile(String id, String name, Map<String, String> external) {
        return new BillingRecords.Profile(id, name, Optional.of(id.toLowerCase() + "@example.org"), "en", "Europe/Berlin",
                Optional.of("EUR"), "net30", Optional.of("MONTHLY_1"), List.of("SMB"), new BigDecimal("1000.00"), false, 0,
                List.of(new BillingRecords.Recurring("Plan", new BigDecimal("49.00"))), external);
    }

    static long version(DynamoTable table, String account) {
        return table.get(Keys.account(account), Keys.SK_STATE).map(s -> Attr.num(s, DynamoAccountBook.VERSION)).orElse(0L);
    }

    @Test
    void the_latest_updated_at_wins_and_an_older_one_changes_nothing() {
        DynamoTable table = new DynamoTable(cloud.clients().dynamoDb(), cloud.newTable());
        DynamoBillingRecords records = new DynamoBillingRecords(table);

        assertEquals(Upserted.CREATED, records.upsert(profile("A1", "Ada", Map.of("stripe", "cus_A1")), T1));
        assertEquals(Upserted.UNCHANGED, records.upsert(profile("A1", "Ada", Map.of("stripe", "cus_A1")), T1), "a redelivery");
        assertEquals(Upserted.UPDATED, records.upsert(profile("A1", "Ada Lovelace", Map.of("stripe", "cus_A1")), T2));
        assertEquals(Upserted.OLDER, records.upsert(profile("A1", "Ada (late)", Map.of()), T1), "arrived late");

        BillingRecords.Stored stored = records.profile("A1").orElseThrow();
        assertEquals("Ada Lovelace", stored.profile().name());
        assertEquals(Optional.of(T2), stored.updatedAt());
        assertEquals(profile("A1", "Ada Lovelace", Map.of("stripe", "cus_A1")), stored.profile(), "every field reads back");
        Map<String, AttributeValue> item = table.get(Keys.account("A1"), Keys.SK_PROFILE).orElseThrow();
        assertEquals("ACTIVE", Attr.str(item, AccountItems.STATUS), "a new account starts ACTIVE");
        assertEquals(Keys.billGroup("MONTHLY_1"), Attr.str(item, Keys.GSI1PK), "on ByBillGroup");
        assertEquals("A1", Attr.str(table.get(Keys.external("stripe", "cus_A1"), Keys.SK_ITEM).orElseThrow(), AccountItems.ACCOUNT_ID));
        assertEquals(2, version(table, "A1"), "each write bumps the version an evaluation commits on");

        BadMessageException same = assertThrows(BadMessageException.class,
                () -> records.upsert(profile("A1", "Someone else", Map.of("stripe", "cus_A1")), T2));
        assertTrue(same.getMessage().contains("other content at the same updatedAt"), same.getMessage());
    }

    @Test
    void dunnings_own_status_is_kept_a_currency_never_changes_and_an_external_id_has_one_account() {
        DynamoTable table = new DynamoTable(cloud.clients().dynamoDb(), cloud.newTable());
        DynamoBillingRecords records = new DynamoBillingRecords(table);
        records.upsert(profile("A1", "Ada", Map.of("stripe", "cus_A1")), T1);
        table.client().updateItem(b -> b.tableName(table.name()).key(Attr.key(Keys.account("A1"), Keys.SK_PROFILE))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", AccountItems.STATUS))
                .expressionAttributeValues(Map.of(":s", Attr.s("SUSPENDED"))));

        BillingRecords.Profile moved = new BillingRecords.Profile("A1", "Ada", Optional.empty(), "de", "UTC", Optional.of("EUR"),
                "net0", Optional.empty(), List.of(), BigDecimal.ZERO, true, 2, List.of(), Map.of("stripe", "cus_A1b"));
        assertEquals(Upserted.UPDATED, records.upsert(moved, T2));
        Map<String, AttributeValue> item = table.get(Keys.account("A1"), Keys.SK_PROFILE).orElseThrow();
        assertEquals("SUSPENDED", Attr.str(item, AccountItems.STATUS), "dunning's status is not the billing system's");
        assertFalse(item.containsKey(Keys.GSI1PK), "no bill group: off ByBillGroup");
        assertFalse(item.containsKey(AccountItems.EMAIL));
        assertEquals(Optional.empty(), table.get(Keys.external("stripe", "cus_A1"), Keys.SK_ITEM), "the dropped id is released");

        BillingRecords.Profile dollars = new BillingRecords.Profile("A1", "Ada", Optional.empty(), "de", "UTC", Optional.of("USD"),
                "net0", Optional.empty(), List.of(), BigDecimal.ZERO, true, 2, List.of(), Map.of());
        BadMessageException currency = assertThrows(BadMessageException.class, () -> records.upsert(dollars, T2.plusSeconds(1)));
        assertTrue(currency.getMessage().contains("bills in EUR"), currency.getMessage());

        BadMessageException taken = assertThrows(BadMessageException.class,
                () -> records.upsert(profile("B1", "Bob", Map.of("stripe", "cus_A1b")), T1));
        assertTrue(taken.getMessage().contains("belongs to account A1"), taken.getMessage());
        assertEquals(Optional.empty(), records.profile("B1"), "nothing of a refused upsert is written");
    }

    @Test
    void an_invoice_is_issued_once_and_other_content_or_currency_is_refused_with_the_reason() {
        DynamoTable table = new DynamoTable(cloud.clients().dynamoDb(), cloud.newTable());
        DynamoBillingRecords records = new DynamoBillingRecords(table);
        BillingRecords.Invoice inv = new BillingRecords.Invoice("A1", "INV-1", "2026-0001", LocalDate.of(2026, 2, 1),
                LocalDate.of(2026, 3, 3), "EUR", new BigDecimal("49.00"), Optional.of("https://pay.example.org/INV-1"));

        NotKnownYetException early = assertThrows(NotKnownYetException.class, () -> records.issue(inv));
        assertEquals(new Awaited.Account("A1"), early.awaited(), "an invoice before its account waits for it");

        BillingRecords.Profile noCurrency = new BillingRecords.Profile("A1", "Ada", Optional.empty(), "en", "UTC", Optional.empty(),
                "net0", Optional.empty(), List.of(), BigDecimal.ZERO, false, 0, List.of(), Map.of());
        records.upsert(noCurrency, T1);
        assertEquals(Issued.ISSUED, records.issue(inv));
        assertEquals(Optional.of("EUR"), records.profile("A1").orElseThrow().profile().currency(), "the first invoice gives the currency");
        assertEquals(Issued.ALREADY_ISSUED, records.issue(inv));
        assertEquals(Issued.ALREADY_ISSUED, records.issue(new BillingRecords.Invoice("A1", "INV-1", "2026-0001", LocalDate.of(2026, 2, 1),
                LocalDate.of(2026, 3, 3), "EUR", new BigDecimal("49.0"), Optional.empty())), "amounts by value");

        Map<String, AttributeValue> item = table.get(Keys.account("A1"), Keys.invoiceSk("INV-1")).orElseThrow();
        assertEquals("OPEN", Attr.str(item, AccountItems.INVOICE_STATUS));
        assertEquals(Keys.dueSortKey(LocalDate.of(2026, 3, 3), "A1", "INV-1"), Attr.str(item, Keys.GSI2SK), "on the due-date index");
        assertEquals("https://pay.example.org/INV-1", Attr.str(item, AccountItems.PAY_LINK));

        BadMessageException other = assertThrows(BadMessageException.class, () -> records.issue(new BillingRecords.Invoice("A1", "INV-1",
                "2026-0001", LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 3), "EUR", new BigDecimal("59.00"), Optional.empty())));
        assertTrue(other.getMessage().contains("amount 59.00 (issued with 49.00)"), other.getMessage());
        BadMessageException dollars = assertThrows(BadMessageException.class, () -> records.issue(new BillingRecords.Invoice("A1",
                "INV-2", "2026-0002", LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 3), "USD", new BigDecimal("5.00"), Optional.empty())));
        assertTrue(dollars.getMessage().contains("is in USD, account A1 bills in EUR"), dollars.getMessage());
        assertEquals(Optional.empty(), table.get(Keys.account("A1"), Keys.invoiceSk("INV-2")));
        assertEquals(2, version(table, "A1"), "the upsert and the one issue");
    }
}
