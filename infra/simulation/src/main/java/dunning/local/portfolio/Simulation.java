package dunning.local.portfolio;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.store.InvoiceIssuer;
import dunning.local.LocalCloud;
import dunning.local.payments.BillingSystem;
import dunning.local.payments.StripeBilling;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The main job: a generated portfolio through the deployed chain, day by day on the local cloud.
 * The portfolio comes in by the stack's ways in ({@link WaysIn}); the template's own schedules run
 * the bill runs (1st and 15th) and the daily sweep; the payers of the portfolio pay, pay late, fail
 * card payments or never pay, published as their way in publishes them: Stripe's events for a Stripe
 * account, the payment service's {@code Payment Succeeded} / {@code Payment Failed} on EventBridge
 * for the others. Everything else is the real handlers.
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
    private final StripeBilling stripe;
    private int payments;

    public Simulation(LocalCloud cloud, Options options) {
        this.cloud = cloud;
        this.options = options;
        this.portfolio = Portfolio.generate(options.accounts(), options.seed(), options.start());
        this.random = new Random(options.seed() * 31 + 7);
        this.table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
        this.billing = new BillingSystem(cloud);
        this.stripe = new StripeBilling(cloud);
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
        // before the first bill run (02:00 of the first day): the opening invoices were issued before the simulation
        WaysIn.Loaded loaded = new WaysIn(cloud, billing, stripe).load(portfolio);
        for (Portfolio.Member m : portfolio.members()) {
            plan(m, m.opening().invoiceId(), m.opening().due());
        }
        for (int d = 0; d < options.days(); d++) {
            LocalDate day = options.start().plusDays(d);
            cloud.runtime().advanceTo(day.atTime(PAYMENTS_AT).toInstant(ZoneOffset.UTC)); // bill runs at 02:00, sweep at 06:00
            List<PublishedEvent> renewals = new ArrayList<>();
            if (day.getDayOfMonth() == 1 || day.getDayOfMonth() == 15) {
                String group = day.getDayOfMonth() == 1 ? "MONTHLY_1" : "MONTHLY_15";
                for (Portfolio.Member m : portfolio.members()) {
                    if (group.equals(m.account().billGroup())) {
                        plan(m, renew(m, day, renewals), day.plusDays(m.netDays()));
                    }
                }
            }
            pay(day, renewals);
            cloud.runtime().advanceTo(day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            progress.accept(d + 1);
        }
        return new Outcome(options, portfolio, List.copyOf(paid), List.copyOf(failed), loaded, stripe.sent());
    }

    /**
     * What the payers did and how the portfolio came in; the rest of the outcome is read from the table,
     * SES and the runtime.
     *
     * @param stripeEvents the events Stripe put on the partner bus, by type
     */
    public record Outcome(Options options, Portfolio portfolio, List<Paid> paid, List<Failed> failed, WaysIn.Loaded loaded,
                          Map<String, Integer> stripeEvents) {}

    /**
     * The invoice of an account's bill date: the stack's bill run issues it from the recurring charges of
     * the accounts of its own billing system and of the import; Stripe bills a Stripe account's
     * subscription itself (its profile in the stack has no bill group and no recurring charge), and
     * its invoice.finalized comes that day.
     */
    private String renew(Portfolio.Member m, LocalDate day, List<PublishedEvent> renewals) {
        if (m.way() != Portfolio.Way.STRIPE) {
            return InvoiceIssuer.invoiceId(m.account().id(), day);
        }
        String invoice = StripeBilling.invoiceId(m.account().id(), day);
        BigDecimal amount = m.account().recurring().stream().map(r -> r.amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        renewals.add(stripe.invoiceFinalized(invoice, m.account().id(), day, day.plusDays(m.netDays()), m.account().currency(), amount));
        return invoice;
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

    /** The day's payments, each by its account's way in, after the day's Stripe renewals. */
    private void pay(LocalDate day, List<PublishedEvent> renewals) {
        List<PublishedEvent> events = new ArrayList<>();
        List<PublishedEvent> fromStripe = new ArrayList<>(renewals);
        List<PublishedEvent> stripeFailures = new ArrayList<>();
        List<PublishedEvent> paidAfterFailures = new ArrayList<>();
        Set<String> failedToday = new HashSet<>();
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
            if (intent.member().way() == Portfolio.Way.STRIPE) {
                switch (intent.kind()) {
                    case PAY -> {
                        // a payment after a failure of the same day comes after it, as Stripe's retry does
                        (failedToday.contains(intent.invoice()) ? paidAfterFailures : fromStripe).add(stripe.invoicePaid(intent.invoice()));
                        paid.add(new Paid(account, intent.invoice(), intent.due(), day, balance, currency, true));
                    }
                    case FAIL_SOFT, FAIL_HARD -> {
                        String code = intent.kind() == Kind.FAIL_SOFT ? "insufficient_funds" : "stolen_card";
                        fromStripe.add(stripe.chargeFailed(intent.invoice(), code));
                        stripeFailures.add(stripe.invoicePaymentFailed(intent.invoice()));
                        failedToday.add(intent.invoice());
                        failed.add(new Failed(account, intent.invoice(), day, code));
                    }
                    case PAY_HALF -> throw new IllegalStateException(account + ": Stripe's invoice.paid is a whole payment; the portfolio"
                            + " gives a Stripe account no partial payer");
                }
                continue;
            }
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
        stripe.publish(fromStripe);
        cloud.runtime().drain();
        // each after what it follows is booked: a failure after its charge's decline code (Stripe sends charge.failed
        // first), a payment after the failure it follows
        for (List<PublishedEvent> then : List.of(stripeFailures, paidAfterFailures)) {
            if (!then.isEmpty()) {
                stripe.publish(then);
                cloud.runtime().drain();
            }
        }
        intents.remove(day);
    }

    /** For reports: the accounts by id. */
    public static Map<String, Portfolio.Member> byId(Portfolio portfolio) {
        Map<String, Portfolio.Member> out = new HashMap<>();
        portfolio.members().forEach(m -> out.put(m.account().id(), m));
        return out;
    }
}
