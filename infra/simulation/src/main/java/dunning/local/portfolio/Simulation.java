package dunning.local.portfolio;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.store.InvoiceIssuer;
import dunning.local.LocalCloud;
import dunning.local.payments.BillingSystem;
import dunning.local.seed.TableSeeder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The main job: a generated portfolio through the deployed chain, day by day on the local cloud.
 * The template's own schedules run the bill runs (1st and 15th) and the daily sweep; the payers
 * of the portfolio pay, pay late, fail card payments or never pay, published as the payment
 * service would publish them, on EventBridge. Everything else is the real handlers.
 */
public final class Simulation {
    public record Options(int accounts, int days, long seed, LocalDate start) {
        public Options {
            if (accounts < 1 || days < 1) {
                throw new IllegalArgumentException("accounts and days must be at least 1");
            }
        }
    }

    /** A payment as published: what, when, and the due date of the invoice it paid. */
    public record Paid(String account, String invoice, LocalDate due, LocalDate on, BigDecimal amount, String currency, boolean full) {}

    /** A failed card payment as published. */
    public record Failed(String account, String invoice, LocalDate on, String declineCode) {}

    private enum Kind { PAY, PAY_HALF, FAIL_SOFT, FAIL_HARD }

    private record Intent(Kind kind, Portfolio.Member member, String invoice, LocalDate due) {}

    static final LocalTime PAYMENTS_AT = LocalTime.of(12, 0);

    private final LocalCloud cloud;
    private final Options options;
    private final Portfolio portfolio;
    private final Random random;
    private final DynamoTable table;
    private final TreeMap<LocalDate, List<Intent>> intents = new TreeMap<>();
    private final List<Paid> paid = new ArrayList<>();
    private final List<Failed> failed = new ArrayList<>();
    private final BillingSystem billing;
    private int payments;

    public Simulation(LocalCloud cloud, Options options) {
        this.cloud = cloud;
        this.options = options;
        this.portfolio = Portfolio.generate(options.accounts(), options.seed(), options.start());
        this.random = new Random(options.seed() * 31 + 7);
        this.table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
        this.billing = new BillingSystem(cloud);
    }

    /** The instant the simulation starts: start the cloud's clock there. */
    public static Instant startInstant(LocalDate start) {
        return start.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public static String standardPlan() {
        try (InputStream in = Simulation.class.getResourceAsStream("/portfolio/standard-plan.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Portfolio portfolio() {
        return portfolio;
    }

    /** Runs every day, telling {@code progress} the number of each day done. */
    public Outcome run(IntConsumer progress) {
        seed();
        for (int d = 0; d < options.days(); d++) {
            LocalDate day = options.start().plusDays(d);
            cloud.runtime().advanceTo(day.atTime(PAYMENTS_AT).toInstant(ZoneOffset.UTC)); // bill runs at 02:00, sweep at 06:00
            if (day.getDayOfMonth() == 1 || day.getDayOfMonth() == 15) {
                String group = day.getDayOfMonth() == 1 ? "MONTHLY_1" : "MONTHLY_15";
                for (Portfolio.Member m : portfolio.members()) {
                    if (group.equals(m.account().billGroup())) {
                        plan(m, InvoiceIssuer.invoiceId(m.account().id(), day), day.plusDays(m.netDays()));
                    }
                }
            }
            pay(day);
            cloud.runtime().advanceTo(day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            progress.accept(d + 1);
        }
        return new Outcome(options, portfolio, List.copyOf(paid), List.copyOf(failed));
    }

    /** What the payers did; the rest of the outcome is read from the table, SES and the runtime. */
    public record Outcome(Options options, Portfolio portfolio, List<Paid> paid, List<Failed> failed) {}

    private void seed() {
        TableSeeder seeder = new TableSeeder(cloud.clients().dynamoDb(), cloud.tableName())
                .plan("subscriptions", standardPlan())
                .arTerm("net15", 15, "subscriptions")
                .arTerm("net30", 30, "subscriptions");
        for (Portfolio.Member m : portfolio.members()) {
            seeder.account(m.account());
            Portfolio.Opening o = m.opening();
            seeder.invoice(m.account().id(), o.invoiceId(), o.issued(), o.due(), m.account().currency(), o.amount(), o.amount());
            plan(m, o.invoiceId(), o.due());
        }
        seeder.flush();
    }

    /** What this account's payer will do about one invoice. */
    private void plan(Portfolio.Member m, String invoice, LocalDate due) {
        switch (m.payer()) {
            case PROMPT -> at(due.minusDays(random.nextInt(3)), new Intent(Kind.PAY, m, invoice, due));
            case LATE -> at(due.plusDays(3 + random.nextInt(23)), new Intent(Kind.PAY, m, invoice, due));
            case VERY_LATE -> at(due.plusDays(30 + random.nextInt(46)), new Intent(Kind.PAY, m, invoice, due));
            case CARD_FAILS -> {
                boolean hard = random.nextDouble() < 0.15;
                at(due, new Intent(hard ? Kind.FAIL_HARD : Kind.FAIL_SOFT, m, invoice, due));
                at(due.plusDays(hard ? 20 + random.nextInt(26) : 2 + random.nextInt(9)), new Intent(Kind.PAY, m, invoice, due));
            }
            case PARTIAL -> {
                at(due.plusDays(8), new Intent(Kind.PAY_HALF, m, invoice, due));
                at(due.plusDays(35), new Intent(Kind.PAY, m, invoice, due));
            }
            case NEVER -> { }
        }
    }

    private void at(LocalDate day, Intent intent) {
        // an intent dated before the simulation (an opening invoice's early payer) happens on its first day
        LocalDate when = day.isBefore(options.start()) ? options.start() : day;
        intents.computeIfAbsent(when, d -> new ArrayList<>()).add(intent);
    }

    private void pay(LocalDate day) {
        List<PublishedEvent> events = new ArrayList<>();
        for (Intent intent : intents.getOrDefault(day, List.of())) {
            String account = intent.member().account().id();
            Optional<Map<String, AttributeValue>> invoice = table.get(Keys.account(account), Keys.invoiceSk(intent.invoice()));
            if (invoice.isEmpty() || !"OPEN".equals(Attr.str(invoice.get(), AccountItems.INVOICE_STATUS))) {
                continue; // not issued (the account was not billed) or settled already
            }
            BigDecimal balance = Attr.money(invoice.get(), AccountItems.BALANCE);
            if (balance.signum() <= 0) {
                continue;
            }
            String currency = intent.member().account().currency();
            String paymentId = "sim-" + (++payments);
            switch (intent.kind()) {
                case PAY, PAY_HALF -> {
                    BigDecimal amount = intent.kind() == Kind.PAY ? balance
                            : balance.divide(BigDecimal.valueOf(2), balance.scale(), RoundingMode.DOWN);
                    events.add(billing.succeeded(paymentId, account, Optional.of(intent.invoice()), amount, currency));
                    paid.add(new Paid(account, intent.invoice(), intent.due(), day, amount, currency, intent.kind() == Kind.PAY));
                }
                case FAIL_SOFT, FAIL_HARD -> {
                    String code = intent.kind() == Kind.FAIL_SOFT ? "insufficient_funds" : "stolen_card";
                    events.add(billing.failed(paymentId, account, intent.invoice(), balance, currency, code));
                    failed.add(new Failed(account, intent.invoice(), day, code));
                }
            }
        }
        billing.publish(events);
        cloud.runtime().drain();
        intents.remove(day);
    }

    /** For reports: the accounts by id. */
    public static Map<String, Portfolio.Member> byId(Portfolio portfolio) {
        Map<String, Portfolio.Member> out = new HashMap<>();
        portfolio.members().forEach(m -> out.put(m.account().id(), m));
        return out;
    }
}
