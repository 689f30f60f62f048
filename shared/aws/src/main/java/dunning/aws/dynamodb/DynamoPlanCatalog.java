package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.domain.plan.Plan;
import dunning.domain.plan.PlanReader;
import dunning.domain.plan.TemplateNames;
import dunning.domain.port.PlanCatalog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
public final class DynamoPlanCatalog implements PlanCatalog {
    public static final Duration FRESHNESS = Duration.ofSeconds(60);
    public static final String SK_CURRENT = "CURRENT";
    public static final String YAML = "yaml";
    public static final String VERSION = "version";
    public static final String APPLIED = "appliedToOpenEpisodes";
    public static final String SHA256 = "sha256";
    public static final String PLAN_ID = "planId";
    public static final String NET_DAYS = "netDays";

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
            Map<String, AttributeValue> item = table.get(Keys.plan(planId), SK_CURRENT)
                    .orElseThrow(() -> new BadMessageException("unknown plan " + planId));
            c = new Current((int) Attr.num(item, VERSION), (int) Attr.optNum(item, APPLIED).orElse(0L).longValue(), clock.instant());
            current.put(planId, c);
        }
        return c;
    }

    private boolean stale(Instant read) {
        return read.plus(FRESHNESS).isBefore(clock.instant());
    }

    /**
     * Writes {@code yaml} as the next version of plan {@code planId}, unless the current version has
     * the same text (then nothing is written and its number is returned). Conditioned on the
     * current version, so two publishers cannot both write version n+1.
     */
    public int publish(String planId, String yaml, boolean applyToOpenEpisodes) {
        Optional<Map<String, AttributeValue>> cur = table.get(Keys.plan(planId), SK_CURRENT);
        int version = cur.map(i -> (int) Attr.num(i, VERSION)).orElse(0);
        int applied = cur.flatMap(i -> Attr.optNum(i, APPLIED)).orElse(0L).intValue();
        String sha = sha256(yaml);
        if (version > 0 && table.get(Keys.plan(planId), versionSk(version)).map(i -> sha.equals(Attr.optStr(i, SHA256).orElse("")))
                .orElse(false)) {
            return version;
        }
        int next = version + 1;
        Map<String, AttributeValue> v = Attr.key(Keys.plan(planId), versionSk(next));
        v.put(PLAN_ID, Attr.s(planId));
        v.put(VERSION, Attr.n(next));
        v.put(YAML, Attr.s(yaml));
        v.put(SHA256, Attr.s(sha));
        v.put(APPLIED, Attr.bool(applyToOpenEpisodes));
        v.put("publishedAt", Attr.s(clock.instant().toString()));
        Map<String, AttributeValue> c = Attr.key(Keys.plan(planId), SK_CURRENT);
        c.put(PLAN_ID, Attr.s(planId));
        c.put(VERSION, Attr.n(next));
        c.put(APPLIED, Attr.n(applyToOpenEpisodes ? next : applied));
        Put.Builder currentPut = Put.builder().tableName(table.name()).item(c);
        if (version == 0) {
            currentPut.conditionExpression("attribute_not_exists(pk)");
        } else {
            currentPut.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":v", Attr.n(version)));
        }
        table.transact(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(v)
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().put(currentPut.build()).build()));
        current.remove(planId);
        return next;
    }

    /** Writes an AR term. */
    public void putTerm(Term term) {
        Map<String, AttributeValue> item = Attr.key(Keys.arTerm(term.id()), Keys.SK_ITEM);
        item.put(NET_DAYS, Attr.n(term.netDays()));
        item.put(PLAN_ID, Attr.s(term.planId()));
        table.client().putItem(b -> b.tableName(table.name()).item(item));
        terms.remove(term.id());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
