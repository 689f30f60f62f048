package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.domain.plan.Plan;
import dunning.domain.plan.PlanReader;
import dunning.domain.plan.PlanWriter;
import dunning.domain.plan.Publication;
import dunning.domain.plan.TemplateNames;
import dunning.domain.port.PlanCatalog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Plans and AR terms as the table keeps them (DESIGN §5.2). Every publish of a plan id is a new
 * immutable version PLAN#&lt;id&gt; / V#&lt;n&gt; (its YAML text, read with the same checks as
 * {@code dunning plan validate}); PLAN#&lt;id&gt; / CURRENT names the newest one and the newest one
 * published to apply to open episodes. AR terms are ARTERM#&lt;id&gt; / ITEM (net days, plan id).
 *
 * <p>A warm container caches versions forever (they never change) and CURRENT and AR terms for
 * {@link #FRESHNESS}: a published version is seen within that long, at the cost of one small
 * GetItem per plan and minute, never per evaluation.
 */
@Singleton
public final class DynamoPlanCatalog implements PlanCatalog {
    public static final Duration FRESHNESS = Duration.ofSeconds(60);
    public static final String YAML = "yaml";
    public static final String VERSION = "version";
    public static final String APPLIED = "appliedToOpenEpisodes";
    public static final String SHA256 = "sha256";
    public static final String PLAN_ID = "planId";
    public static final String NET_DAYS = "netDays";
    public static final String TERM_ID = "termId";
    public static final String PUBLISHED_AT = "publishedAt";

    /** An AR term: days from the bill date to the due date, and the plan that applies. */
    public record Term(String id, int netDays, String planId) {}

    private record Current(int version, int applied, Instant read) {}

    private record Cached<T>(T value, Instant read) {}

    private final DynamoTable table;
    private final Clock clock;
    // template names were checked when the plan was published (DESIGN §5.2); the stored text is read as it is
    private final PlanReader reader = new PlanReader(TemplateNames.any());
    private final Map<String, Current> current = new ConcurrentHashMap<>();
    private final Map<String, Plan> versions = new ConcurrentHashMap<>();
    private final Map<String, Cached<Optional<Term>>> terms = new ConcurrentHashMap<>();

    @Inject
    public DynamoPlanCatalog(DynamoTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    public static String versionSk(int version) {
        return String.format("V#%010d", version);
    }

    @Override
    public Plan current(String planId) {
        return version(planId, currentOf(planId).version());
    }

    @Override
    public Plan version(String planId, int version) {
        return versions.computeIfAbsent(planId + "#" + version, k -> {
            Map<String, AttributeValue> item = table.get(Keys.plan(planId), versionSk(version))
                    .orElseThrow(() -> new IllegalStateException("plan " + planId + " has no version " + version));
            PlanReader.Result result = reader.readText(Attr.str(item, YAML), Keys.plan(planId) + " v" + version);
            if (!result.ok()) {
                // a stored plan that no longer validates must stop dunning loudly, never act half
                throw new IllegalStateException("plan " + planId + " v" + version + " is invalid: " + String.join("; ", result.problems()));
            }
            return result.plans().get(0).withVersion(version);
        });
    }

    @Override
    public Optional<Plan> appliedToOpenEpisodesAfter(String planId, int since) {
        int applied = currentOf(planId).applied();
        return applied > since ? Optional.of(version(planId, applied)) : Optional.empty();
    }

    /** The AR term, if the table has it. */
    public Optional<Term> term(String termId) {
        Cached<Optional<Term>> cached = terms.get(termId);
        if (cached == null || stale(cached.read())) {
            Optional<Term> t = table.get(Keys.arTerm(termId), Keys.SK_ITEM)
                    .map(i -> new Term(termId, (int) Attr.num(i, NET_DAYS), Attr.str(i, PLAN_ID)));
            cached = new Cached<>(t, clock.instant());
            terms.put(termId, cached);
        }
        return cached.value();
    }

    private Current currentOf(String planId) {
        Current c = current.get(planId);
        if (c == null || stale(c.read())) {
            Map<String, AttributeValue> item = table.get(Keys.plan(planId), Keys.SK_CURRENT)
                    .orElseThrow(() -> new BadMessageException("unknown plan " + planId));
            c = new Current((int) Attr.num(item, VERSION), (int) Attr.optNum(item, APPLIED).orElse(0L).longValue(), clock.instant());
            current.put(planId, c);
        }
        return c;
    }

    private boolean stale(Instant read) {
        return stale(read, clock.instant());
    }

    /** The one freshness rule of what a warm container keeps of the stack's configuration (plans, terms, templates). */
    static boolean stale(Instant read, Instant now) {
        return read.plus(FRESHNESS).isBefore(now);
    }

    /**
     * Publishes {@code yaml}, one plan's FORMAT.md text, as {@link #publish(Plan, boolean)} does.
     *
     * @throws IllegalArgumentException when the text is not a valid plan of id {@code planId}
     */
    public int publish(String planId, String yaml, boolean applyToOpenEpisodes) {
        PlanReader.Result read = reader.readText(yaml, Keys.plan(planId));
        if (!read.ok()) {
            throw new IllegalArgumentException(String.join("; ", read.problems()));
        }
        Plan plan = read.plans().get(0);
        if (!plan.id().equals(planId)) {
            throw new IllegalArgumentException("the text is plan " + plan.id() + ", not " + planId);
        }
        return publish(plan, applyToOpenEpisodes);
    }

    /**
     * Writes {@code plan} as the next version of its id, in its canonical text ({@link PlanWriter}),
     * unless the current version has the same content (then nothing is written and its number is
     * returned). Conditioned on the current version, so two publishers cannot both write version
     * n+1; the plan's entry in the stack's list (CATALOG / PLAN#&lt;id&gt;) is written with it.
     */
    public int publish(Plan plan, boolean applyToOpenEpisodes) {
        Publication.tooLong(plan).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        String planId = plan.id();
        String yaml = PlanWriter.yaml(plan);
        Optional<Map<String, AttributeValue>> cur = table.get(Keys.plan(planId), Keys.SK_CURRENT);
        int version = cur.map(i -> (int) Attr.num(i, VERSION)).orElse(0);
        int applied = cur.flatMap(i -> Attr.optNum(i, APPLIED)).orElse(0L).intValue();
        String sha = sha256(yaml);
        if (version > 0 && table.get(Keys.plan(planId), versionSk(version)).map(i -> sha.equals(Attr.optStr(i, SHA256).orElse("")))
                .orElse(false)) {
            return version;
        }
        int next = version + 1;
        String now = clock.instant().toString();
        Map<String, AttributeValue> v = Attr.key(Keys.plan(planId), versionSk(next));
        v.put(PLAN_ID, Attr.s(planId));
        v.put(VERSION, Attr.n(next));
        v.put(YAML, Attr.s(yaml));
        v.put(SHA256, Attr.s(sha));
        v.put(APPLIED, Attr.bool(applyToOpenEpisodes));
        v.put(PUBLISHED_AT, Attr.s(now));
        Map<String, AttributeValue> c = Attr.key(Keys.plan(planId), Keys.SK_CURRENT);
        c.put(PLAN_ID, Attr.s(planId));
        c.put(VERSION, Attr.n(next));
        c.put(APPLIED, Attr.n(applyToOpenEpisodes ? next : applied));
        Map<String, AttributeValue> entry = Attr.key(Keys.catalog(), Keys.plan(planId));
        entry.put(PLAN_ID, Attr.s(planId));
        entry.put(VERSION, Attr.n(next));
        entry.put(APPLIED, Attr.n(applyToOpenEpisodes ? next : applied));
        entry.put(PUBLISHED_AT, Attr.s(now));
        table.transact(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(v)
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                moveCurrent(table.name(), c, version),
                TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(entry).build()).build()));
        current.remove(planId);
        return next;
    }

    /**
     * The write that moves a CURRENT pointer (a plan's, the templates') to {@code item}'s version:
     * only from {@code from}, the version it was read at (absent when 0), so of two publishers of
     * the same next version one wins and the other's transaction fails whole.
     */
    static TransactWriteItem moveCurrent(String tableName, Map<String, AttributeValue> item, int from) {
        Put.Builder put = Put.builder().tableName(tableName).item(item);
        if (from == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":v", Attr.n(from)));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /** Writes an AR term, and its entry in the stack's list (CATALOG / ARTERM#&lt;id&gt;). */
    public void putTerm(Term term) {
        Map<String, AttributeValue> item = Attr.key(Keys.arTerm(term.id()), Keys.SK_ITEM);
        item.put(NET_DAYS, Attr.n(term.netDays()));
        item.put(PLAN_ID, Attr.s(term.planId()));
        Map<String, AttributeValue> entry = Attr.key(Keys.catalog(), Keys.arTerm(term.id()));
        entry.put(TERM_ID, Attr.s(term.id()));
        entry.put(NET_DAYS, Attr.n(term.netDays()));
        entry.put(PLAN_ID, Attr.s(term.planId()));
        table.transact(List.of(TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(entry).build()).build()));
        terms.remove(term.id());
    }

    /** A plan as the stack's list shows it: its version in force and the newest one applied to open episodes (0: none). */
    public record Listed(String planId, int version, int appliedToOpenEpisodes, String publishedAt) {}

    /** A stored version: its canonical text, whether it was published to apply to open episodes, and when. */
    public record Stored(String planId, int version, String yaml, boolean appliedToOpenEpisodes, String publishedAt) {}

    /** Every plan and AR term published to the stack, by id: one Query of CATALOG. */
    public record Listing(List<Listed> plans, List<Term> terms) {}

    public Listing list() {
        List<Listed> plans = new ArrayList<>();
        List<Term> termList = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.collection(Keys.catalog())) {
            if (Attr.str(item, Keys.SK).startsWith(Keys.plan(""))) {
                plans.add(new Listed(Attr.str(item, PLAN_ID), (int) Attr.num(item, VERSION),
                        Attr.optNum(item, APPLIED).orElse(0L).intValue(), Attr.optStr(item, PUBLISHED_AT).orElse("")));
            } else if (Attr.str(item, Keys.SK).startsWith(Keys.arTerm(""))) {
                termList.add(new Term(Attr.str(item, TERM_ID), (int) Attr.num(item, NET_DAYS), Attr.str(item, PLAN_ID)));
            }
        }
        return new Listing(plans, termList);
    }

    /** The number of the plan's newest version, read now (no cache); empty when the stack has no such plan. */
    public Optional<Integer> latest(String planId) {
        return table.get(Keys.plan(planId), Keys.SK_CURRENT).map(i -> (int) Attr.num(i, VERSION));
    }

    /** One stored version as it is in the table (no cache). */
    public Optional<Stored> stored(String planId, int version) {
        return table.get(Keys.plan(planId), versionSk(version)).map(i -> new Stored(planId, version, Attr.str(i, YAML),
                Attr.bool(i, APPLIED, false), Attr.optStr(i, PUBLISHED_AT).orElse("")));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
