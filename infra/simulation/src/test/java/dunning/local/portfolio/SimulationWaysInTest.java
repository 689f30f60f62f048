package dunning.local.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoBillingRecords;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.EffectCodec;
import dunning.aws.dynamodb.HistoryCodec;
import dunning.aws.dynamodb.Keys;
import dunning.aws.store.BillingRecords;
import dunning.aws.store.InvoiceIssuer;
import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.Effect;
import dunning.local.LocalCloud;
import dunning.local.payments.StripeBilling;
import dunning.local.seed.TableSeeder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The main job feeds its portfolio through the stack's ways in: each way brings its share, each
 * account's profile and opening invoice are as that way wrote them, a Stripe account's payments are
 * booked from Stripe's events, and nothing is left parked or dead-lettered.
 */
class SimulationWaysInTest {
    static final LocalDate START = LocalDate.of(2026, 1, 1);

    @Test
    void the_ways_are_drawn_from_the_seed_in_their_shares_and_stripe_gets_only_accounts_it_can_carry() {
        Portfolio p = Portfolio.generate(1000, 42, START);
        assertEquals(p, Portfolio.generate(1000, 42, START));
        Map<Portfolio.Way, Integer> byWay = count(p);
        assertTrue(byWay.get(Portfolio.Way.BILLING_EVENTS) > 450 && byWay.get(Portfolio.Way.BILLING_EVENTS) < 620, byWay.toString());
        assertTrue(byWay.get(Portfolio.Way.STRIPE) > 160 && byWay.get(Portfolio.Way.STRIPE) < 260, byWay.toString());
        assertTrue(byWay.get(Portfolio.Way.IMPORT) > 200 && byWay.get(Portfolio.Way.IMPORT) < 300, byWay.toString());
        for (Portfolio.Member m : p.members()) {
            if (m.way() == Portfolio.Way.STRIPE) {
                assertTrue(m.account().id().startsWith("cus_"), m.account().id());
                assertTrue(m.payer() != Portfolio.Payer.PARTIAL && !m.account().tags().contains("VIP")
                        && m.account().collectionsCases() == 0, m.toString());
                assertEquals(StripeBilling.invoiceId(m.account().id(), m.opening().issued()), m.opening().invoiceId());
            }
        }
        // the ways come from a generator of their own: what seed 42 gave before there were ways, it still gives
        assertEquals(List.of("VERY_LATE EUR 224.13 MONTHLY_1 2025-11-04", "PROMPT GBP 297.86 MONTHLY_1 2025-12-28",
                        "PROMPT GBP 254.82 MONTHLY_15 2025-12-31", "PROMPT EUR 156.34 MONTHLY_1 2026-01-02", "LATE EUR 531.50 MONTHLY_15 2025-12-19"),
                p.members().subList(0, 5).stream().map(m -> m.payer() + " " + m.account().currency() + " " + m.opening().amount() + " "
                        + m.account().billGroup() + " " + m.opening().due()).toList());
    }

    @Test
    void a_small_portfolio_comes_in_by_every_way_and_its_payments_by_its_accounts_ways() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().startingAt(Simulation.startInstant(START)))) {
            cloud.runtime().concurrency(2);
            Simulation.Outcome outcome = new Simulation(cloud, new Simulation.Options(40, 16, 5, START)).run(day -> { });
            SimulationReport report = SimulationReport.read(cloud, outcome);
            DynamoTable table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
            BillingRecords records = new DynamoBillingRecords(table);
            Map<Portfolio.Way, Integer> byWay = count(outcome.portfolio());

            WaysIn.Loaded loaded = outcome.loaded();
            assertEquals(byWay, loaded.accountsIn(), "every account was in once loaded");
            assertEquals(byWay, loaded.openingInvoicesOpen(), "with its opening invoice open");
            assertEquals(0, loaded.parked());
            assertEquals(byWay.get(Portfolio.Way.IMPORT), (int) loaded.importedAccounts().rows());
            assertEquals(List.of(), loaded.importedAccounts().bad());
            assertEquals(List.of(), loaded.importedInvoices().bad());
            for (Portfolio.Way way : Portfolio.Way.values()) {
                assertTrue(byWay.get(way) > 0, "every way brings some accounts: " + byWay);
                assertEquals(byWay.get(way), report.ways().get(way).accounts(), way.label());
                assertEquals(byWay.get(way), report.ways().get(way).openingInvoices(), way.label());
                assertTrue(report.summary().contains(String.format("  %-15s %,6d accounts", way.label(), byWay.get(way))), report.summary());
            }

            int stripeBilled = 0;
            for (Portfolio.Member m : outcome.portfolio().members()) {
                TableSeeder.Account a = m.account();
                BillingRecords.Profile stored = records.profile(a.id()).orElseThrow(() -> new AssertionError("no profile " + a.id()))
                        .profile();
                Map<String, AttributeValue> opening = table.get(Keys.account(a.id()), Keys.invoiceSk(m.opening().invoiceId()))
                        .orElseThrow(() -> new AssertionError("no opening invoice of " + a.id()));
                assertEquals(m.opening().issued(), Attr.date(opening, AccountItems.ISSUED), a.id());
                assertEquals(m.opening().due(), Attr.date(opening, AccountItems.DUE), a.id());
                assertEquals(0, m.opening().amount().compareTo(Attr.money(opening, AccountItems.AMOUNT)), a.id());
                if (m.way() != Portfolio.Way.STRIPE) {
                    assertEquals(TableSeeder.profile(a), stored, "the profile its billing system stated, by " + m.way().label());
                    continue;
                }
                // what StripeIntake makes of the customer: the customer's id, its metadata, the currency of its first invoice
                assertEquals(List.of(a.name(), Optional.of(a.email()), a.locale(), a.timeZone(), Optional.of(a.currency()), a.arTerm(),
                                Optional.<String>empty(), List.<String>of(), List.<BillingRecords.Recurring>of(), Map.of("stripe", a.id())),
                        List.of(stored.name(), stored.email(), stored.locale(), stored.timeZone(), stored.currency(), stored.arTerm(),
                                stored.billGroup(), stored.tags(), stored.recurring(), stored.externalIds()), a.id());
                assertEquals(Optional.of(a.id()), table.get(Keys.external("stripe", a.id()), Keys.SK_ITEM)
                        .flatMap(i -> Attr.optStr(i, AccountItems.ACCOUNT_ID)), "the customer maps to its account");
                for (LocalDate billDate : List.of(START, START.plusDays(14))) {
                    if (billDate.getDayOfMonth() == (a.billGroup().equals("MONTHLY_1") ? 1 : 15)) {
                        assertTrue(table.get(Keys.account(a.id()), Keys.invoiceSk(StripeBilling.invoiceId(a.id(), billDate))).isPresent(),
                                "Stripe's renewal of " + a.id() + " on " + billDate);
                        assertFalse(table.get(Keys.account(a.id()), Keys.invoiceSk(InvoiceIssuer.invoiceId(a.id(), billDate))).isPresent(),
                                "the stack's bill run does not bill a Stripe subscription");
                        stripeBilled++;
                    }
                }
            }
            assertEquals(stripeBilled, report.ways().get(Portfolio.Way.STRIPE).billedInvoices());

            Map<String, Portfolio.Member> members = Simulation.byId(outcome.portfolio());
            int stripePayments = 0;
            for (Simulation.Paid paid : outcome.paid()) {
                boolean stripe = members.get(paid.account()).way() == Portfolio.Way.STRIPE;
                List<String> keys = ledger(table, paid.account()).stream().filter(l -> l.kind() == LedgerEntry.Kind.PAYMENT
                        && l.invoice().equals(Optional.of(paid.invoice()))).map(LedgerEntry::key).toList();
                assertEquals(1, keys.size(), paid + ": " + keys);
                assertEquals(stripe, keys.get(0).contains("stripe:" + paid.invoice() + "#paid:"), paid + " booked as " + keys);
                stripePayments += stripe ? 1 : 0;
            }
            assertTrue(stripePayments > 0, "some Stripe accounts paid");

            List<Effect.SendEmail> failureNotices = new ArrayList<>();
            cloud.clients().dynamoDb().scanPaginator(b -> b.tableName(cloud.tableName())).items().forEach(i -> {
                if (Attr.str(i, Keys.PK).startsWith("ACTION#")) {
                    EffectCodec.of(i).filter(e -> e instanceof Effect.SendEmail s && s.purpose() == Effect.Purpose.PAYMENT_FAILED)
                            .ifPresent(e -> failureNotices.add((Effect.SendEmail) e));
                }
            });
            int stripeFailures = 0;
            for (Simulation.Failed f : outcome.failed()) {
                assertTrue(failureNotices.stream().anyMatch(n -> n.invoice().equals(Optional.of(f.invoice()))
                        && n.declineCode().equals(Optional.of(f.declineCode()))), "the notice of " + f + " names its decline code");
                stripeFailures += members.get(f.account()).way() == Portfolio.Way.STRIPE ? 1 : 0;
            }
            assertTrue(stripeFailures > 0, "a Stripe card failure, its decline code from charge.failed: " + outcome.failed());
            assertTrue(outcome.stripeEvents().get("charge.failed") >= stripeFailures, outcome.stripeEvents().toString());

            assertEquals(0, report.deadLetters(), "nothing ended in a DLQ");
            assertEquals(0, report.parked(), "nothing left parked");
            assertTrue(report.summary().contains("events parked at the end: 0; messages left in DLQs: 0"), report.summary());
            assertTrue(HtmlReport.render(report, 3).contains("<h2>Ways in</h2>"));
        }
    }

    static Map<Portfolio.Way, Integer> count(Portfolio p) {
        Map<Portfolio.Way, Integer> out = new EnumMap<>(Portfolio.Way.class);
        for (Portfolio.Way w : Portfolio.Way.values()) {
            out.put(w, 0);
        }
        p.members().forEach(m -> out.merge(m.way(), 1, Integer::sum));
        return out;
    }

    static List<LedgerEntry> ledger(DynamoTable table, String account) {
        List<LedgerEntry> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : table.collection(Keys.accountHistory(account))) {
            if (Attr.str(i, Keys.SK).startsWith(HistoryCodec.SK_LEDGER)) {
                out.add(HistoryCodec.ledgerEntry(i));
            }
        }
        return out;
    }
}
