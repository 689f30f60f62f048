package dunning.local.portfolio;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.EffectCodec;
import dunning.domain.engine.Effect;
import dunning.domain.scenario.ScenarioRunner;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.Keys;
import dunning.local.LocalCloud;
import dunning.local.ses.LocalSes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a simulation did, read back from where the deployed system keeps it: the action records
 * (the engine's decisions), the invoices and profiles in the table, the mail SES accepted, and
 * the payments the payers published; and how the portfolio came in, by way.
 *
 * @param ways   by way in, the accounts the table holds at the end and their invoices
 * @param parked events still parked at the end
 */
public record SimulationReport(
        Simulation.Outcome outcome,
        LocalDate end,
        Map<String, Integer> emailsByTemplate,
        int mailsAccepted,
        Map<String, BigDecimal> feesByCurrency,
        int feeCount,
        Map<String, Integer> statusChanges,
        Map<String, Integer> otherActions,
        Map<String, BigDecimal> recoveredByCurrency,
        Optional<Double> collectionRate45,
        int overdueCohort,
        Optional<Double> averageDaysPastDueAtPayment,
        Map<String, Integer> agingCount,
        Map<String, Map<String, BigDecimal>> agingAmount,
        Map<String, Integer> funnel,
        Map<String, List<TimelineEntry>> timelines,
        Map<String, String> finalStatus,
        int invocations,
        int failedInvocations,
        int deadLetters,
        Map<Portfolio.Way, WayCount> ways,
        int parked) {

    public static final List<String> BUCKETS = List.of("current", "1-30", "31-60", "61-90", "90+");

    /**
     * One way in at the end of the run: its accounts, their opening invoices, and the invoices of their
     * bill dates (the stack's bill run's, or Stripe's renewals for a Stripe account).
     */
    public record WayCount(int accounts, int openingInvoices, int billedInvoices) {}

    /** One line of an account's timeline: a decision, a payment, or a mail as SES accepted it. */
    public record TimelineEntry(LocalDate day, String what, Optional<LocalSes.Sent> mail) {}

    public static SimulationReport read(LocalCloud cloud, Simulation.Outcome outcome) {
        LocalDate end = outcome.options().start().plusDays(outcome.options().days());
        Map<String, Integer> emails = new TreeMap<>();
        Map<String, BigDecimal> fees = new TreeMap<>();
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> other = new TreeMap<>();
        Map<String, Set<String>> accountsAtLevel = new LinkedHashMap<>();
        Map<String, List<TimelineEntry>> timelines = new TreeMap<>();
        Map<String, Portfolio.Member> members = Simulation.byId(outcome.portfolio());
        int feeCount = 0;
        Map<String, String> finalStatus = new TreeMap<>();
        List<Map<String, AttributeValue>> invoices = new ArrayList<>();
        int parked = 0;

        for (Map<String, AttributeValue> item : cloud.clients().dynamoDb().scanPaginator(b -> b.tableName(cloud.tableName())).items()) {
            String pk = Attr.str(item, Keys.PK);
            if (Attr.str(item, Keys.SK).startsWith(Keys.SK_PARKED)) {
                parked++;
            }
            Optional<Effect> effect = pk.startsWith("ACTION#") ? EffectCodec.of(item) : Optional.empty();
            Optional<ScenarioRunner.Entry> entry = effect.flatMap(ScenarioRunner::entry);
            if (entry.isPresent()) {
                String account = entry.get().account();
                Optional<String> level = entry.get().level();
                String action = entry.get().kind();
                String value = entry.get().value();
                LocalDate day = effect.get().day();
                switch (action) {
                    case "email" -> emails.merge(value, 1, Integer::sum);
                    case "fee" -> {
                        fees.merge(members.get(account).account().currency(), new BigDecimal(value), BigDecimal::add);
                        feeCount++;
                    }
                    case "status" -> statuses.merge(value, 1, Integer::sum);
                    default -> other.merge(action + (action.equals("event") || action.equals("task") ? " " + value : ""), 1, Integer::sum);
                }
                level.ifPresent(l -> accountsAtLevel.computeIfAbsent(l, k -> new TreeSet<>()).add(account));
                timelines.computeIfAbsent(account, a -> new ArrayList<>()).add(new TimelineEntry(day,
                        level.map(l -> "[" + l + "] ").orElse("") + action + " " + value, Optional.empty()));
            } else if (pk.startsWith("ACCOUNT#") && AccountItems.isProfile(item)) {
                finalStatus.put(Attr.str(item, AccountItems.ACCOUNT_ID), Attr.optStr(item, AccountItems.STATUS).orElse("ACTIVE"));
            } else if (pk.startsWith("ACCOUNT#") && AccountItems.isInvoice(item)) {
                invoices.add(item);
            }
        }

        Map<String, String> accountOfEmail = new HashMap<>();
        members.values().forEach(m -> accountOfEmail.put(m.account().email(), m.account().id()));
        List<LocalSes.Sent> outbox = cloud.ses().outbox();
        for (LocalSes.Sent mail : outbox) {
            String account = accountOfEmail.get(mail.to().get(0));
            LocalDate day = mail.at().atZone(java.time.ZoneOffset.UTC).toLocalDate();
            timelines.computeIfAbsent(account, a -> new ArrayList<>()).add(new TimelineEntry(day, "mail: " + mail.subject(), Optional.of(mail)));
        }

        Map<String, BigDecimal> recovered = new TreeMap<>();
        long daysPastDue = 0;
        int paidCount = 0;
        for (Simulation.Paid p : outcome.paid()) {
            recovered.merge(p.currency(), p.amount(), BigDecimal::add);
            timelines.computeIfAbsent(p.account(), a -> new ArrayList<>()).add(new TimelineEntry(p.on(),
                    "payment " + p.amount().toPlainString() + " " + p.currency() + " for " + p.invoice(), Optional.empty()));
            if (p.full()) {
                daysPastDue += Math.max(0, ChronoUnit.DAYS.between(p.due(), p.on()));
                paidCount++;
            }
        }
        for (Simulation.Failed f : outcome.failed()) {
            timelines.computeIfAbsent(f.account(), a -> new ArrayList<>()).add(new TimelineEntry(f.on(),
                    "card payment failed (" + f.declineCode() + ") for " + f.invoice(), Optional.empty()));
        }
        timelines.values().forEach(l -> l.sort((a, b) -> a.day().compareTo(b.day())));

        // collection rate: invoices overdue (unpaid the day after due) whose due date is 45+ days before the end
        Map<String, Simulation.Paid> fullPayment = new HashMap<>();
        outcome.paid().stream().filter(Simulation.Paid::full).forEach(p -> fullPayment.put(p.invoice(), p));
        int cohort = 0;
        int collected = 0;
        Map<String, Integer> agingCount = new LinkedHashMap<>();
        Map<String, Map<String, BigDecimal>> agingAmount = new LinkedHashMap<>();
        BUCKETS.forEach(b -> {
            agingCount.put(b, 0);
            agingAmount.put(b, new TreeMap<>());
        });
        for (Map<String, AttributeValue> inv : invoices) {
            LocalDate due = Attr.date(inv, AccountItems.DUE);
            String id = Attr.str(inv, AccountItems.INVOICE_ID);
            Simulation.Paid p = fullPayment.get(id);
            boolean overdue = p == null || p.on().isAfter(due);
            if (overdue && !due.plusDays(45).isAfter(end) && !due.isBefore(outcome.options().start().minusDays(1))) {
                cohort++;
                if (p != null && !p.on().isAfter(due.plusDays(45))) {
                    collected++;
                }
            }
            if ("OPEN".equals(Attr.str(inv, AccountItems.INVOICE_STATUS)) && Attr.money(inv, AccountItems.BALANCE).signum() > 0) {
                long late = ChronoUnit.DAYS.between(due, end);
                String bucket = late <= 0 ? "current" : late <= 30 ? "1-30" : late <= 60 ? "31-60" : late <= 90 ? "61-90" : "90+";
                agingCount.merge(bucket, 1, Integer::sum);
                agingAmount.get(bucket).merge(Attr.str(inv, AccountItems.CURRENCY), Attr.money(inv, AccountItems.BALANCE), BigDecimal::add);
            }
        }

        // by way: accounts, opening invoices, invoices of bill dates
        Map<Portfolio.Way, int[]> counts = new EnumMap<>(Portfolio.Way.class);
        for (Portfolio.Way w : Portfolio.Way.values()) {
            counts.put(w, new int[3]);
        }
        finalStatus.keySet().stream().map(members::get).filter(Objects::nonNull).forEach(m -> counts.get(m.way())[0]++);
        for (Map<String, AttributeValue> inv : invoices) {
            Portfolio.Member m = members.get(Keys.accountIdOf(Attr.str(inv, Keys.PK)));
            if (m != null) {
                counts.get(m.way())[m.opening().invoiceId().equals(Attr.str(inv, AccountItems.INVOICE_ID)) ? 1 : 2]++;
            }
        }
        Map<Portfolio.Way, WayCount> ways = new EnumMap<>(Portfolio.Way.class);
        counts.forEach((w, c) -> ways.put(w, new WayCount(c[0], c[1], c[2])));

        Map<String, Integer> funnel = new LinkedHashMap<>();
        // a funnel narrows: most accounts first (later levels are reached by fewer accounts)
        accountsAtLevel.entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
                .forEach(e -> funnel.put(e.getKey(), e.getValue().size()));
        int failedInvocations = (int) cloud.runtime().invocations().stream().filter(i -> i.failed() > 0 || i.error().isPresent()).count();
        int deadLetters = 0;
        for (String queue : cloud.stack().queues()) {
            if (queue.endsWith("DLQ")) {
                deadLetters += Integer.parseInt(cloud.clients().sqs().getQueueAttributes(b -> b.queueUrl(cloud.stack().queueUrl(queue))
                        .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
            }
        }
        return new SimulationReport(outcome, end, emails, outbox.size(), fees, feeCount, statuses, other, recovered,
                cohort == 0 ? Optional.empty() : Optional.of(collected * 100.0 / cohort), cohort,
                paidCount == 0 ? Optional.empty() : Optional.of(daysPastDue / (double) paidCount),
                agingCount, agingAmount, funnel, timelines, finalStatus, cloud.runtime().invocations().size(), failedInvocations,
                deadLetters, ways, parked);
    }

    /** The summary the runner prints. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        Simulation.Options o = outcome.options();
        s.append(String.format("%,d accounts, %d days from %s (seed %d)%n", o.accounts(), o.days(), o.start(), o.seed()));
        s.append(String.format("invocations: %,d (%d with a failed record, retried: e.g. two evaluations racing on an account);"
                + " messages left in DLQs: %d%n", invocations, failedInvocations, deadLetters));
        s.append(waysIn());
        s.append(String.format("emails by template (%,d accepted by SES):%n", mailsAccepted));
        emailsByTemplate.forEach((t, n) -> s.append(String.format("  %-22s %,6d%n", t, n)));
        s.append(String.format("late fees: %,d  %s%n", feeCount, money(feesByCurrency)));
        s.append("status changes:");
        statusChanges.forEach((t, n) -> s.append(String.format("  %s %,d", t, n)));
        s.append(String.format("%n"));
        if (!otherActions.isEmpty()) {
            s.append("other actions:");
            otherActions.forEach((t, n) -> s.append(String.format("  %s %,d", t, n)));
            s.append(String.format("%n"));
        }
        s.append(String.format("payments: %,d, failed card payments: %,d; recovered %s%n", outcome.paid().size(),
                outcome.failed().size(), money(recoveredByCurrency)));
        s.append(String.format("collection rate within 45 days: %s (of %,d invoices that went overdue and are 45+ days past due by the end)%n",
                collectionRate45.map(r -> String.format("%.1f%%", r)).orElse("n/a"), overdueCohort));
        s.append(String.format("average days past due at payment: %s%n",
                averageDaysPastDueAtPayment.map(d -> String.format("%.1f", d)).orElse("n/a")));
        s.append("aging of open invoices at the end:");
        agingCount.forEach((b, n) -> s.append(String.format("  %s %,d", b, n)));
        s.append(String.format("%n"));
        s.append("funnel (accounts reaching each level):");
        funnel.forEach((l, n) -> s.append(String.format("  %s %,d", l, n)));
        s.append(String.format("%n"));
        return s.toString();
    }

    /** How the portfolio came in: accounts and invoices by way, then {@link #loading()}. */
    public String waysIn() {
        StringBuilder s = new StringBuilder(String.format("ways in (accounts, their opening invoices, the invoices of their bill dates):%n"));
        ways.forEach((way, c) -> s.append(String.format("  %-15s %,6d accounts (%s), %,6d opening invoices (%s), %,6d billed (%s)%n",
                way.label(), c.accounts(), way.accountsAs(), c.openingInvoices(), way.invoicesAs(), c.billedInvoices(), way.billedBy())));
        loading().forEach(line -> s.append("  ").append(line).append(String.format("%n")));
        return s.toString();
    }

    /** What the table held once loaded, the import's rate, Stripe's events, and what was left parked or dead-lettered. */
    public List<String> loading() {
        WaysIn.Loaded l = outcome.loaded();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("once loaded: %,d of %,d accounts in, %,d opening invoices open, %d events parked; events booked in %.1f s",
                sum(l.accountsIn()), sum(l.accounts()), sum(l.openingInvoicesOpen()), l.parked(), l.events().toMillis() / 1000.0));
        lines.add(String.format("import: %,d account rows (%d bad) at %,.0f rows/s, %,d invoice rows (%d bad) at %,.0f rows/s",
                l.importedAccounts().rows(), l.importedAccounts().bad().size(), l.importedAccounts().rowsPerSecond(),
                l.importedInvoices().rows(), l.importedInvoices().bad().size(), l.importedInvoices().rowsPerSecond()));
        StringBuilder stripe = new StringBuilder("Stripe events:").append(outcome.stripeEvents().isEmpty() ? " none" : "");
        new TreeMap<>(outcome.stripeEvents()).forEach((type, n) -> stripe.append(String.format("  %s %,d", type, n)));
        lines.add(stripe.toString());
        lines.add(String.format("events parked at the end: %d; messages left in DLQs: %d", parked, deadLetters));
        return lines;
    }

    private static int sum(Map<Portfolio.Way, Integer> byWay) {
        return byWay.values().stream().mapToInt(Integer::intValue).sum();
    }

    static String money(Map<String, BigDecimal> byCurrency) {
        if (byCurrency.isEmpty()) {
            return "0";
        }
        List<String> parts = new ArrayList<>();
        byCurrency.forEach((c, a) -> parts.add(c + " " + String.format("%,.2f", a)));
        return String.join(", ", parts);
    }
}
