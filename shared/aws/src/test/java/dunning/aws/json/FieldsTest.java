package dunning.aws.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every value bounded before it is used, refused with its JSON path. */
class FieldsTest {
    static JsonNode json(String text) {
        return Json.parse(text);
    }

    static String refused(Runnable read) {
        return assertThrows(BadMessageException.class, read::run).getMessage();
    }

    static BigDecimal usd(String amountJson) {
        return Fields.money(json("{\"a\":" + amountJson + "}"), "a", "$", "USD", Fields.Sign.POSITIVE);
    }

    @Test
    void integers_are_range_checked_as_longs_and_never_wrapped() {
        assertEquals(5, Fields.integer(json("{\"n\":5}"), "n", "$.d", 1, 24));
        assertEquals("$.d.n: must be at most 24, got a number of 20 digits",
                refused(() -> Fields.integer(json("{\"n\":18446744073709551621}"), "n", "$.d", 1, 24)), "2^64 + 5 is not 5");
        assertEquals("$.d.n: must be at least 1, got a number of 20 digits",
                refused(() -> Fields.integer(json("{\"n\":-18446744073709551621}"), "n", "$.d", 1, 24)));
        assertEquals("$.d.n: must be at most 24, got 25", refused(() -> Fields.integer(json("{\"n\":25}"), "n", "$.d", 1, 24)));
        assertEquals("$.d.n: must be at least 1, got 0", refused(() -> Fields.integer(json("{\"n\":0}"), "n", "$.d", 1, 24)));
        assertEquals("$.d.n: must be an integer (1 to 24)", refused(() -> Fields.integer(json("{\"n\":3.0}"), "n", "$.d", 1, 24)));
        assertEquals("$.d.n: must be an integer (1 to 24)", refused(() -> Fields.integer(json("{\"n\":\"3\"}"), "n", "$.d", 1, 24)));
        assertEquals("$.d.n: required integer (1 to 24)", refused(() -> Fields.integer(json("{}"), "n", "$.d", 1, 24)));
        assertEquals(Optional.empty(), Fields.optionalInteger(json("{\"n\":null}"), "n", "$", 1, 2));
    }

    @Test
    void amounts_are_checked_on_precision_and_scale_before_any_arithmetic() {
        assertEquals(new BigDecimal("12.50"), usd("\"12.5\""));
        assertEquals(new BigDecimal("12.50"), usd("12.50"), "a JSON number is read exactly, never as a double");
        assertEquals(new BigDecimal("100.00"), usd("1E+2"));
        assertEquals(new BigDecimal("5.00"), usd("\"5.000\""), "trailing zeros are no decimals");
        assertEquals(new BigDecimal("999999999999999.99"), usd("\"999999999999999.99\""));
        assertEquals("$.a: more than 15 digits before the decimal point", refused(() -> usd("1E+20000000")));
        assertEquals("$.a: more than 15 digits before the decimal point", refused(() -> usd("1E+2147483647")));
        assertEquals("$.a: more than 15 digits before the decimal point", refused(() -> usd("\"1000000000000000\"")));
        assertEquals("$.a: more decimals than USD has (2)", refused(() -> usd("1E-20000000")));
        assertEquals("$.a: more decimals than USD has (2)", refused(() -> usd("1E-2147483647")));
        assertEquals("$.a: more decimals than USD has (2)", refused(() -> usd("\"5.005\"")));
        assertEquals("$.a: not a decimal amount: more than 64 digits", refused(() -> usd("0." + "1".repeat(70))));
        assertEquals("$.a: not a decimal amount: longer than 64 characters", refused(() -> usd("\"" + "1".repeat(65) + "\"")));
        assertEquals("$.a: must be more than 0, got -1", refused(() -> usd("\"-1.00\"")));
        assertEquals("$.a: must be more than 0, got 0", refused(() -> usd("0")));
        assertTrue(refused(() -> usd("\"1e5\"")).startsWith("$.a: not a decimal amount (\"12.50\")"), "a string is digits only");
        assertEquals("$.a: required decimal amount (\"12.50\")", refused(() -> usd("true")));
        assertEquals(new BigDecimal("1852"), Fields.money(json("{\"a\":\"1852.00\"}"), "a", "$", "JPY", Fields.Sign.POSITIVE));
        assertEquals("$.a: more decimals than JPY has (0)",
                refused(() -> Fields.money(json("{\"a\":\"1.5\"}"), "a", "$", "JPY", Fields.Sign.POSITIVE)));
        assertEquals("$.a: more decimals than BHD has (3)",
                refused(() -> Fields.money(json("{\"a\":\"1.2345\"}"), "a", "$", "BHD", Fields.Sign.POSITIVE)));
        assertEquals(new BigDecimal("1.235"), Fields.money(json("{\"a\":\"1.235\"}"), "a", "$", "BHD", Fields.Sign.POSITIVE));
    }

    @Test
    void currencies_are_known_iso_codes_with_a_minor_unit() {
        assertEquals("USD", Fields.currency(json("{\"c\":\"usd\"}"), "c", "$"));
        assertEquals("$.c: unknown currency ZZZ", refused(() -> Fields.currency(json("{\"c\":\"ZZZ\"}"), "c", "$")));
        assertEquals("$.c: XXX has no minor unit: not a currency to invoice in",
                refused(() -> Fields.currency(json("{\"c\":\"XXX\"}"), "c", "$")));
        assertEquals("$.c: not an ISO 4217 currency code: US", refused(() -> Fields.currency(json("{\"c\":\"US\"}"), "c", "$")));
    }

    @Test
    void ids_are_printable_and_within_their_limit_in_utf8_bytes() {
        assertEquals("A".repeat(128), Fields.id(json("{\"id\":\"" + "A".repeat(128) + "\"}"), "id", "$", Id.ACCOUNT));
        assertEquals("$.id: an account id is at most 128 bytes (UTF-8), got 129",
                refused(() -> Fields.id(json("{\"id\":\"" + "A".repeat(129) + "\"}"), "id", "$", Id.ACCOUNT)));
        String threeByte = "€".repeat(42); // 126 bytes
        assertEquals(threeByte, Fields.id(json("{\"id\":\"" + threeByte + "\"}"), "id", "$", Id.ACCOUNT));
        assertEquals("$.id: an account id is at most 128 bytes (UTF-8), got 129",
                refused(() -> Fields.id(json("{\"id\":\"" + threeByte + "€\"}"), "id", "$", Id.ACCOUNT)), "43 characters, 129 bytes");
        assertEquals("$.id: an event id is at most 256 bytes (UTF-8), got 3000",
                refused(() -> Fields.id(json("{\"id\":\"" + "p".repeat(3000) + "\"}"), "id", "$", Id.EVENT)));
        assertEquals("$.id: an account id must be printable, has U+0001 at index 1",
                refused(() -> Fields.id(json("{\"id\":\"A\\u0001\"}"), "id", "$", Id.ACCOUNT)));
        assertEquals("$.id: an invoice id must be printable, has U+000A at index 3",
                refused(() -> Fields.id(json("{\"id\":\"INV\\n1\"}"), "id", "$", Id.INVOICE)));
        assertEquals("$.id: an account id must be printable, has U+202E at index 1",
                refused(() -> Fields.id(json("{\"id\":\"A\\u202E1\"}"), "id", "$", Id.ACCOUNT)), "a bidi override is a format character");
        assertEquals("$.id: an account id must be printable, has U+D800 at index 1",
                refused(() -> Fields.id(json("{\"id\":\"A\\uD800\"}"), "id", "$", Id.ACCOUNT)), "an unpaired surrogate");
        assertEquals("$.id: an account id must not begin or end with white space",
                refused(() -> Fields.id(json("{\"id\":\"A1 \"}"), "id", "$", Id.ACCOUNT)));
        assertEquals("$.id: required non-empty string", refused(() -> Fields.id(json("{\"id\":\"  \"}"), "id", "$", Id.ACCOUNT)));
        assertEquals("Müller & Söhne #7", Fields.id(json("{\"id\":\"Müller & Söhne #7\"}"), "id", "$", Id.ACCOUNT));
    }

    @Test
    void id_lists_are_distinct() {
        assertEquals(List.of("INV-1", "INV-2"), Fields.ids(json("{\"l\":[\"INV-1\",\"INV-2\"]}"), "l", "$.d", 1, 3, Id.INVOICE));
        assertEquals("$.d.l[2]: duplicate of $.d.l[0] (INV-1)",
                refused(() -> Fields.ids(json("{\"l\":[\"INV-1\",\"INV-2\",\"INV-1\"]}"), "l", "$.d", 1, 3, Id.INVOICE)));
        assertEquals("$.d.l: must hold 1 to 3 items, holds 4",
                refused(() -> Fields.ids(json("{\"l\":[\"a\",\"b\",\"c\",\"d\"]}"), "l", "$.d", 1, 3, Id.INVOICE)));
        assertEquals("$.d.l[1]: required non-empty string", refused(() -> Fields.ids(json("{\"l\":[\"a\",7]}"), "l", "$.d", 1, 3, Id.INVOICE)));
    }

    @Test
    void dates_and_instants_have_four_digit_years() {
        assertEquals(LocalDate.of(2026, 1, 31), Fields.date(json("{\"d\":\"2026-01-31\"}"), "d", "$"));
        assertEquals("$.d: not a date YYYY-MM-DD: +999999999-12-31", refused(() -> Fields.date(json("{\"d\":\"+999999999-12-31\"}"), "d", "$")));
        assertEquals("$.d: not a date YYYY-MM-DD: 2026-02-30", refused(() -> Fields.date(json("{\"d\":\"2026-02-30\"}"), "d", "$")));
        assertEquals("$.t: not an ISO-8601 instant: +100000-01-01T00:00:00Z",
                refused(() -> Fields.optionalInstant(json("{\"t\":\"+100000-01-01T00:00:00Z\"}"), "t", "$")));
    }

    @Test
    void reasons_show_values_short_and_escaped() {
        assertEquals("a\\u0000b", Fields.shown("a\u0000b"));
        assertEquals("x".repeat(64) + "…", Fields.shown("x".repeat(100)));
    }
}
