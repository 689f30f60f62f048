package dunning.local.portfolio;

import dunning.local.payments.StripeBilling;
import dunning.local.seed.TableSeeder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated book of B2B subscription accounts: a realistic mix of payers, currencies, segments
 * and bill groups, each with an opening invoice and the way it comes into the stack, from a seed
 * (the same seed gives the same book).
 */
public record Portfolio(List<Member> members) {
    /** How an account pays: on time, late, very late, after a failed card payment, in two parts, or never. */
    public enum Payer { PROMPT, LATE, VERY_LATE, CARD_FAILS, PARTIAL, NEVER }

    /**
     * The way an account, its invoices and its payments come into the stack (DESIGN §5.1): its billing
     * system's own events, Stripe's events, or the onboarding import (its payments then from the billing
     * system's payment service).
     */
    public enum Way {
        BILLING_EVENTS("billing events", "Account Upserted", "Invoice Issued", "the stack's bill run"),
        STRIPE("Stripe", "customer.created", "invoice.finalized", "Stripe's invoice.finalized"),
        IMPORT("import", "CSV rows", "CSV rows", "the stack's bill run");

        private final String label;
        private final String accountsAs;
        private final String invoicesAs;
        private final String billedBy;

        Way(String label, String accountsAs, String invoicesAs, String billedBy) {
            this.label = label;
            this.accountsAs = accountsAs;
            this.invoicesAs = invoicesAs;
            this.billedBy = billedBy;
        }

        public String label() {
            return label;
        }

        /** What brings an account in by this way. */
        public String accountsAs() {
            return accountsAs;
        }

        /** What brings its opening invoice in. */
        public String invoicesAs() {
            return invoicesAs;
        }

        /** Who issues the invoices of its bill dates. */
        public String billedBy() {
            return billedBy;
        }
    }

    /** The share of accounts drawn for each way, in the order of {@link Way}. */
    static final double[] WAY_SHARES = {0.50, 0.25, 0.25};

    /**
     * One account: its profile as its business holds it (for a Stripe account, its id is the Stripe
     * customer's, which is what the stack makes of it; its bill group and recurring charge are its
     * Stripe subscription's and never reach the stack), how it pays, its opening invoice (issued before
     * the simulation starts) and its way in.
     */
    public record Member(TableSeeder.Account account, Payer payer, int netDays, Opening opening, Way way) {}

    public record Opening(String invoiceId, LocalDate issued, LocalDate due, BigDecimal amount) {}

    record Currency(String code, int scale, BigDecimal monthlyMin, BigDecimal monthlyMax, String zone, String locale) {}

    static final List<Currency> CURRENCIES = List.of(
            new Currency("USD", 2, new BigDecimal("49"), new BigDecimal("2400"), "America/New_York", "en"),
            new Currency("EUR", 2, new BigDecimal("45"), new BigDecimal("2200"), "Europe/Berlin", "de"),
            new Currency("GBP", 2, new BigDecimal("39"), new BigDecimal("1900"), "Europe/London", "en"),
            new Currency("JPY", 0, new BigDecimal("5500"), new BigDecimal("260000"), "Asia/Tokyo", "en"));

    /** {@code size} accounts for a simulation starting on {@code start}. */
    public static Portfolio generate(int size, long seed, LocalDate start) {
        Random random = new Random(seed);
        // a generator of its own, so the ways do not change the rest of the book a seed gives
        Random ways = new Random(~seed);
        List<Member> members = new ArrayList<>(size);
        for (int n = 1; n <= size; n++) {
            String id = String.format("ACC-%05d", n);
            Currency c = pick(random, new double[] {0.55, 0.25, 0.12, 0.08}, CURRENCIES);
            Payer payer = pick(random, new double[] {0.45, 0.22, 0.10, 0.11, 0.05, 0.07}, List.of(Payer.values()));
            boolean enterprise = random.nextDouble() < 0.12;
            BigDecimal monthly = amount(random, c, enterprise);
            BigDecimal annual = monthly.multiply(BigDecimal.valueOf(12));
            List<String> tags = new ArrayList<>();
            tags.add(enterprise ? "enterprise" : "smb");
            if (enterprise && random.nextDouble() < 0.5) {
                tags.add("VIP");
            }
            int collectionsCases = payer == Payer.NEVER && random.nextDouble() < 0.4 ? 1 : 0;
            int netDays = enterprise ? 30 : 15;
            String billGroup = random.nextBoolean() ? "MONTHLY_1" : "MONTHLY_15";
            String customer = "cus_" + id.replace("-", "");
            Way way = pick(ways, WAY_SHARES, List.of(Way.values()));
            // Stripe sends only what its customer and invoice objects hold: an account whose dunning depends on
            // more (a VIP's tags and revenue, earlier collections cases) or who pays in parts (Stripe's invoice.paid
            // at 2022-11-15 is a full payment) comes by its billing system's events instead
            if (way == Way.STRIPE && (tags.contains("VIP") || collectionsCases > 0 || payer == Payer.PARTIAL)) {
                way = Way.BILLING_EVENTS;
            }
            TableSeeder.Account account = new TableSeeder.Account(way == Way.STRIPE ? customer : id, "Customer " + n,
                    id.toLowerCase() + "@customers.example", c.locale(), c.zone(), c.code(), "net" + netDays, billGroup, tags, annual,
                    false, collectionsCases, List.of(new TableSeeder.Recurring("Subscription", monthly)), Map.of("stripe", customer));
            // the opening invoice: last month's bill; slow payers are further behind
            int ageDays = switch (payer) {
                case PROMPT -> random.nextInt(10);
                case LATE, CARD_FAILS, PARTIAL -> random.nextInt(25);
                case VERY_LATE -> 10 + random.nextInt(60);
                case NEVER -> 20 + random.nextInt(100);
            };
            LocalDate due = start.minusDays(ageDays - 5L);
            LocalDate issued = due.minusDays(netDays);
            Opening opening = new Opening(way == Way.STRIPE ? StripeBilling.invoiceId(customer, issued) : id + "-OPEN", issued, due,
                    monthly);
            members.add(new Member(account, payer, netDays, opening, way));
        }
        return new Portfolio(List.copyOf(members));
    }

    private static BigDecimal amount(Random random, Currency c, boolean enterprise) {
        double f = enterprise ? 0.5 + random.nextDouble() * 0.5 : random.nextDouble() * 0.3;
        BigDecimal span = c.monthlyMax().subtract(c.monthlyMin());
        return c.monthlyMin().add(span.multiply(BigDecimal.valueOf(f))).setScale(c.scale(), RoundingMode.HALF_EVEN);
    }

    private static <T> T pick(Random random, double[] weights, List<T> values) {
        double r = random.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }
}
