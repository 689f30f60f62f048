package dunning.local.portfolio;

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
 * and bill groups, each with an opening invoice, from a seed (the same seed gives the same book).
 */
public record Portfolio(List<Member> members) {
    /** How an account pays: on time, late, very late, after a failed card payment, in two parts, or never. */
    public enum Payer { PROMPT, LATE, VERY_LATE, CARD_FAILS, PARTIAL, NEVER }

    /** One account: its profile, how it pays, its opening invoice (issued before the simulation starts). */
    public record Member(TableSeeder.Account account, Payer payer, int netDays, Opening opening) {}

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
            TableSeeder.Account account = new TableSeeder.Account(id, "Customer " + n, id.toLowerCase() + "@customers.example",
                    c.locale(), c.zone(), c.code(), "net" + netDays, billGroup, tags, annual, false, collectionsCases,
                    List.of(new TableSeeder.Recurring("Subscription", monthly)), Map.of("stripe", "cus_" + id.replace("-", "")));
            // the opening invoice: last month's bill; slow payers are further behind
            int ageDays = switch (payer) {
                case PROMPT -> random.nextInt(10);
                case LATE, CARD_FAILS, PARTIAL -> random.nextInt(25);
                case VERY_LATE -> 10 + random.nextInt(60);
                case NEVER -> 20 + random.nextInt(100);
            };
            LocalDate due = start.minusDays(ageDays - 5L);
            Opening opening = new Opening(id + "-OPEN", due.minusDays(netDays), due, monthly);
            members.add(new Member(account, payer, netDays, opening));
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
