package dunning.cli;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.DynamoNoticeTemplates;
import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.HistoryCodec;
import dunning.aws.dynamodb.Keys;
import dunning.aws.dynamodb.PlanPublisher;
import dunning.domain.engine.Decision;
import dunning.domain.plan.PlanDiff;
import dunning.domain.plan.Publication;
import dunning.domain.plan.TemplateNames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The CLI's way into a stack's table (a deployed one, or the local cloud): publish, list, show and
 * diff plans, and read an account's decision records. Each call returns what the command prints and
 * whether it failed.
 */
final class StackBridge {
    /** What a command prints, and whether it failed (exit 1). */
    record Answer(List<String> lines, boolean failed) {}

    private final DynamoTable table;
    private final DynamoPlanCatalog plans;
    private final DynamoNoticeTemplates templates;

    StackBridge(DynamoTable table) {
        this.table = table;
        this.plans = new DynamoPlanCatalog(table, Clock.systemUTC());
        this.templates = new DynamoNoticeTemplates(table, Clock.systemUTC());
    }

    /** Checks everything, then writes it: templates, plans (each a new version unless its content is the current one's), AR terms. */
    Answer publish(List<Path> planFiles, Optional<Path> terms, Optional<Path> templatesDir, boolean applyToOpenEpisodes) {
        DynamoNoticeTemplates.Published published = templates.published();
        Publication.Read read = Publication.read(planFiles, terms, templatesDir,
                TemplateNames.of(published.templates().names(), "the stack's published templates"), id -> plans.latest(id).isPresent());
        if (read.bundle().isEmpty()) {
            List<String> lines = new ArrayList<>(read.problems());
            lines.add("nothing published: " + read.problems().size() + " problem(s)");
            return new Answer(lines, true);
        }
        Publication.Bundle bundle = read.bundle().get();
        PlanPublisher.Outcome outcome = new PlanPublisher(plans, templates).publish(bundle, applyToOpenEpisodes);
        List<String> lines = new ArrayList<>();
        if (templatesDir.isPresent()) {
            lines.add("templates: " + (outcome.templatesChanged() ? "version " + outcome.templatesVersion() + " published ("
                    + bundle.templates().files().size() + " file(s) from " + templatesDir.get() + ")"
                    : "unchanged, version " + outcome.templatesVersion() + " already holds these files"));
        }
        for (PlanPublisher.PlanVersion v : outcome.plans()) {
            lines.add("plan " + v.planId() + ": " + (v.isNew() ? "version " + v.version() + " published"
                    + (applyToOpenEpisodes ? ", applied to open episodes" : "") : "unchanged, version " + v.version()
                    + " has the same content"));
        }
        for (var t : outcome.terms()) {
            lines.add("AR term " + t.id() + ": net " + t.netDays() + " days, plan " + t.plan());
        }
        return new Answer(lines, false);
    }

    Answer list() {
        DynamoPlanCatalog.Listing listing = plans.list();
        List<String> lines = new ArrayList<>();
        if (listing.plans().isEmpty()) {
            lines.add("no plan published to table " + table.name());
        }
        for (DynamoPlanCatalog.Listed p : listing.plans()) {
            lines.add("plan " + p.planId() + ": version " + p.version() + ", published " + p.publishedAt()
                    + (p.appliedToOpenEpisodes() > 0 ? "; version " + p.appliedToOpenEpisodes() + " applies to open episodes" : ""));
        }
        for (DynamoPlanCatalog.Term t : listing.terms()) {
            lines.add("AR term " + t.id() + ": net " + t.netDays() + " days, plan " + t.planId());
        }
        DynamoNoticeTemplates.Published published = templates.published();
        lines.add(published.version() == 0 ? "templates: the default catalog only"
                : "templates: version " + published.version() + ", " + String.join(", ", published.templates().names()));
        return new Answer(lines, false);
    }

    /** The stored text of a version (the newest without one). */
    Answer show(String planId, Optional<Integer> version) {
        Optional<Integer> latest = plans.latest(planId);
        if (latest.isEmpty()) {
            return new Answer(List.of("table " + table.name() + " has no plan " + planId), true);
        }
        int v = version.orElse(latest.get());
        Optional<DynamoPlanCatalog.Stored> stored = plans.stored(planId, v);
        if (stored.isEmpty()) {
            return new Answer(List.of("plan " + planId + " has versions 1 to " + latest.get() + ", not " + v), true);
        }
        List<String> lines = new ArrayList<>();
        lines.add("# plan " + planId + " version " + v + " of " + latest.get() + ", published " + stored.get().publishedAt()
                + (stored.get().appliedToOpenEpisodes() ? ", applied to open episodes" : ""));
        lines.addAll(stored.get().yaml().lines().toList());
        return new Answer(lines, false);
    }

    /** What changed from version {@code a} to version {@code b}, field by field. */
    Answer diff(String planId, int a, int b) {
        Optional<Integer> latest = plans.latest(planId);
        if (latest.isEmpty()) {
            return new Answer(List.of("table " + table.name() + " has no plan " + planId), true);
        }
        for (int v : List.of(a, b)) {
            if (v < 1 || v > latest.get()) {
                return new Answer(List.of("plan " + planId + " has versions 1 to " + latest.get() + ", not " + v), true);
            }
        }
        List<String> diff = PlanDiff.between(plans.version(planId, a), plans.version(planId, b));
        List<String> lines = new ArrayList<>();
        lines.add("plan " + planId + ", version " + a + " → version " + b + ":");
        if (diff.isEmpty()) {
            lines.add("  the same content");
        }
        diff.forEach(l -> lines.add("  " + l));
        return new Answer(lines, false);
    }

    /** Whether the table knows the account (its profile). */
    boolean hasAccount(String account) {
        return table.get(Keys.account(account), Keys.SK_PROFILE).filter(AccountItems::isProfile).isPresent();
    }

    /** The account's decision records (of one day, or all), by business day, oldest first. */
    TreeMap<LocalDate, List<Decision>> decisions(String account, Optional<LocalDate> day) {
        TreeMap<LocalDate, List<Decision>> byDay = new TreeMap<>();
        String prefix = HistoryCodec.SK_DECISION + day.map(d -> d + "#").orElse("");
        List<Map<String, AttributeValue>> items = new ArrayList<>(table.collection(Keys.accountHistory(account), prefix));
        items.sort(java.util.Comparator.comparing(i -> i.get(Keys.SK).s()));
        for (Map<String, AttributeValue> item : items) {
            Decision d = HistoryCodec.decision(item);
            byDay.computeIfAbsent(d.asOf(), k -> new ArrayList<>()).add(d);
        }
        return byDay;
    }
}
