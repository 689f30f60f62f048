package dunning.local.scenario;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.ActionRecords;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.dynamodb.AccountCodec;
import dunning.aws.dynamodb.EffectCodec;
import dunning.aws.dynamodb.HistoryCodec;
import dunning.aws.dynamodb.PlanPublisher;
import dunning.domain.notice.NeutralNotice;
import dunning.domain.notice.NoticeCatalog;
import dunning.domain.notice.UserTemplates;
import dunning.domain.plan.Publication;
import dunning.domain.engine.Decision;
import dunning.domain.engine.Effect;
import dunning.domain.plan.Plan;
import dunning.domain.scenario.DunningSystem;
import dunning.domain.scenario.Scenario;
import dunning.local.LocalCloud;
import dunning.local.payments.BillingSystem;
import dunning.local.seed.TableSeeder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A scenario through the deployed chain on the local cloud: its plans and AR terms written to the
 * table, its accounts and invoices and its events published on EventBridge as the upstream systems
 * would (accounts, disputes, payment plans, approvals and exemptions from billing.accounts; invoices,
 * voids and credit notes from billing.invoices; payments and refunds from billing.payments),
 * and each day the template's own daily sweep fired as of that day (it queues the accounts with an
 * invoice past due or due within its reminder horizon), the queues drained through the real
 * handlers. What was carried out is read back from the
 * action records the evaluation wrote, so the comparison with the in-memory engine is of what the
 * deployed system decided.
 */
public final class LocalChainDunning implements DunningSystem {

    static final String DAILY_SWEEP = "DailyDunningSweep";
    private static final LocalTime EVENTS_AT = LocalTime.NOON; // the same calendar day from UTC-12 to UTC+11

    private final LocalCloud cloud;
    private final Map<String, String> planYaml;
    private final DynamoTable table;
    private final Map<String, Scenario.Account> accounts = new LinkedHashMap<>();
    private final Map<String, Scenario.Invoice> invoices = new HashMap<>();
    private final BillingSystem billing;
    private final PlanPublisher publisher;
    private int eventCount;
    private int sweepsPerDay = 1;

    public LocalChainDunning(LocalCloud cloud, Map<String, String> planYaml) {
        this.cloud = cloud;
        this.planYaml = Map.copyOf(planYaml);
        this.table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
        this.billing = new BillingSystem(cloud);
        this.publisher = new PlanPublisher(table, cloud.clock());
    }

    /** Sweeps twice a day: every account is queued twice, so evaluators race on it when the runtime runs environments in parallel. */
    public LocalChainDunning sweepTwiceADay() {
        this.sweepsPerDay = 2;
        return this;
    }

    /** Each inline plan of a scenario file as its own YAML text, by id: the form the table stores plans in. */
    public static Map<String, String> planTexts(Path scenarioFile) {
        try {
            Object root = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(scenarioFile));
            Map<String, String> out = new LinkedHashMap<>();
            Dump dump = new Dump(DumpSettings.builder().build());
            if (root instanceof Map<?, ?> m && m.get("plans") instanceof List<?> plans) {
                for (Object plan : plans) {
                    if (plan instanceof Map<?, ?> p && p.get("id") != null) {
                        out.put(String.valueOf(p.get("id")), dump.dumpToString(plan));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instant a scenario day's events happen at. */
    public static Instant eventsAt(LocalDate day) {
        return day.atTime(EVENTS_AT).toInstant(ZoneOffset.UTC);
    }

    /** A local cloud whose clock starts before the scenario's first day. */
    public static LocalCloud.Options cloudOptions(Scenario scenario) {
        return LocalCloud.Options.defaults().startingAt(eventsAt(scenario.start()).minusSeconds(3600));
    }

    /**
     * Plans and AR terms are seeded (publishing them is the CLI's); the accounts arrive as their billing
     * system sends them, Account Upserted, and their invoices as Invoice Issued. A $0 invoice is seeded:
     * the chain acknowledges and ignores it as an event (DESIGN §5.1), while the scenario keeps it (PAID).
     */
    @Override
    public void load(Scenario scenario) {
        publishNeutralNotices(scenario);
        TableSeeder seeder = new TableSeeder(cloud.clients().dynamoDb(), cloud.tableName());
        scenario.plans().forEach(p -> seeder.plan(p.id(), Optional.ofNullable(planYaml.get(p.id()))
                .orElseThrow(() -> new IllegalArgumentException("no YAML text for plan " + p.id()))));
        scenario.arTerms().forEach(t -> seeder.arTerm(t.id(), t.netDays(), t.plan()));
        List<PublishedEvent> profiles = new ArrayList<>();
        for (Scenario.Account a : scenario.accounts()) {
            accounts.put(a.id(), a);
            profiles.add(billing.accountUpserted(TableSeeder.profile(new TableSeeder.Account(a.id(), a.name(), a.email(), a.locale(),
                    a.timezone(), a.currency(), a.arTerm(), null, List.copyOf(a.tags()), a.annualRevenue(), a.exempt(),
                    a.collectionsCases(), List.of(), a.externalIds()))));
        }
        List<PublishedEvent> issued = new ArrayList<>();
        for (Scenario.Invoice i : scenario.invoices()) {
            invoices.put(i.id(), i);
            String currency = accounts.get(i.account()).currency();
            if (i.amount().signum() == 0) {
                seeder.invoice(i.account(), i.id(), i.issued(), i.due(), currency, i.amount(), i.amount());
            } else {
                issued.add(billing.invoiceIssued(i.account(), i.id(), i.issued(), i.due(), i.amount(), currency));
            }
        }
        seeder.flush();
        billing.publish(profiles);
        cloud.runtime().drain();
        billing.publish(issued);
        cloud.runtime().drain();
    }

    @Override
    public List<Effect> runDay(LocalDate day, List<Scenario.Event> events) {
        cloud.clock().set(eventsAt(day));
        List<PublishedEvent> upstream = new ArrayList<>();
        for (Scenario.Event event : events) {
            if (event instanceof Scenario.Event.PublishPlan p) {
                // as `dunning plan publish` does it: the next version in the table, seen by warm functions within their freshness
                publisher.publish(new Publication.Bundle(List.of(p.plan()), List.of(), UserTemplates.none()), p.applyToOpenEpisodes());
            } else {
                upstream.add(upstreamEvent(event));
            }
        }
        billing.publish(upstream);
        cloud.runtime().drain();
        sweep(day);
        cloud.runtime().drain();
        return carriedOut(day);
    }

    /**
     * Template names are the user's (FORMAT.md): every name the scenario's plans use that the default
     * catalog lacks is published as the user's template, a neutral notice of that name, so the
     * notification function renders it as it would the user's own.
     */
    private void publishNeutralNotices(Scenario scenario) {
        Set<String> lacking = new TreeSet<>();
        scenario.plans().forEach(p -> lacking.addAll(p.templateNames()));
        scenario.events().stream().filter(e -> e instanceof Scenario.Event.PublishPlan)
                .forEach(e -> lacking.addAll(((Scenario.Event.PublishPlan) e).plan().templateNames()));
        lacking.removeIf(NoticeCatalog.standard()::has);
        if (!lacking.isEmpty()) {
            publisher.publish(new Publication.Bundle(List.of(), List.of(), NeutralNotice.forNames(lacking)), false);
        }
    }

    /** The scenario event as its producer would publish it; ids keep the file's order within a day. */
    private PublishedEvent upstreamEvent(Scenario.Event event) {
        String id = String.format("scenario-%06d", ++eventCount);
        if (event instanceof Scenario.Event.Payment p) {
            return billing.succeeded(id, p.account(), p.invoice(), p.amount(), accounts.get(p.account()).currency());
        }
        if (event instanceof Scenario.Event.PaymentFailed f) {
            return billing.failed(id, f.account(), f.invoice(), invoices.get(f.invoice()).amount(),
                    accounts.get(f.account()).currency(), f.declineCode());
        }
        if (event instanceof Scenario.Event.Dispute d) {
            return billing.disputeChanged(id, invoices.get(d.invoice()).account(), d.invoice(), d.open());
        }
        if (event instanceof Scenario.Event.PaymentPlan p) {
            return billing.paymentPlanAgreed(id, p.account(), p.invoices(), p.installments(), p.everyDays());
        }
        if (event instanceof Scenario.Event.Approve a) {
            return billing.levelApproved(id, a.account(), a.level());
        }
        if (event instanceof Scenario.Event.Exempt e) {
            return billing.exemptionChanged(id, e.account(), e.value());
        }
        if (event instanceof Scenario.Event.Void v) {
            return billing.invoiceVoided(id, invoices.get(v.invoice()).account(), v.invoice());
        }
        if (event instanceof Scenario.Event.CreditNote c) {
            String account = invoices.get(c.invoice()).account();
            return billing.creditNoteIssued(id, account, c.invoice(), c.amount(), accounts.get(account).currency());
        }
        if (event instanceof Scenario.Event.Refund r) {
            String account = invoices.get(r.invoice()).account();
            return billing.paymentRefunded(id, account, r.invoice(), r.amount(), accounts.get(account).currency());
        }
        throw new IllegalArgumentException("the deployed chain has no way in yet for " + event.getClass().getSimpleName());
    }

    /** The template's daily sweep, as of the scenario day (its time of day in UTC is not the accounts' business day). */
    private void sweep(LocalDate day) {
        for (int i = 0; i < sweepsPerDay; i++) {
            cloud.runtime().fire(DAILY_SWEEP, Map.of("asOf", day.toString()));
        }
    }

    /** The effects decided on {@code day}, as their action records hold them. */
    private List<Effect> carriedOut(LocalDate day) {
        List<Effect> out = new ArrayList<>();
        cloud.clients().dynamoDb().scanPaginator(b -> b.tableName(table.name())
                        .filterExpression("begins_with(#pk, :a) AND #d = :d")
                        .expressionAttributeNames(Map.of("#pk", Keys.PK, "#d", ActionRecords.DECIDED_ON))
                        .expressionAttributeValues(Map.of(":a", Attr.s("ACTION#"), ":d", Attr.s(day.toString()))))
                .items().forEach(i -> EffectCodec.of(i).ifPresent(out::add));
        return out;
    }

    @Override
    public String status(String account) {
        return table.get(Keys.account(account), Keys.SK_PROFILE).flatMap(p -> Attr.optStr(p, AccountItems.STATUS)).orElse("ACTIVE");
    }

    @Override
    public BigDecimal balance(String account) {
        BigDecimal total = BigDecimal.ZERO;
        for (Map<String, AttributeValue> item : table.collection(Keys.account(account))) {
            if (AccountItems.isInvoice(item) && "OPEN".equals(Attr.str(item, AccountItems.INVOICE_STATUS))) {
                total = total.add(Attr.money(item, AccountItems.BALANCE));
            } else if (AccountItems.isCharge(item)) {
                total = total.add(Attr.money(item, AccountItems.AMOUNT));
            }
        }
        return total;
    }

    @Override
    public BigDecimal credit(String account) {
        return AccountCodec.state(table.get(Keys.account(account), Keys.SK_STATE), Plan.Status.ACTIVE).held();
    }

    /** The decision records of the account's history, oldest first. */
    @Override
    public List<Decision> decisions(String account) {
        List<Decision> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.collection(Keys.accountHistory(account))) {
            if (Attr.str(item, Keys.SK).startsWith(HistoryCodec.SK_DECISION)) {
                out.add(HistoryCodec.decision(item));
            }
        }
        return out;
    }
}
