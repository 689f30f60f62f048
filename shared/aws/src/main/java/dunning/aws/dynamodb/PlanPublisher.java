package dunning.aws.dynamodb;

import dunning.domain.plan.ArTerm;
import dunning.domain.plan.Plan;
import dunning.domain.plan.Publication;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one checked publish ({@link Publication.Bundle}) to the stack's table, in the order that
 * keeps every reader whole: the templates first (a plan naming them may then be read), then each
 * plan as its next version, then the AR terms naming them. What {@code dunning plan publish} runs,
 * and what a scenario's {@code publishPlan} runs on the local cloud.
 */
public final class PlanPublisher {
    /** One plan's outcome: the version in force afterwards, and whether this publish made it. */
    public record PlanVersion(String planId, int version, boolean isNew) {}

    /** What a publish did: the templates' version (0: none yet) and whether it changed, each plan, the terms written. */
    public record Outcome(int templatesVersion, boolean templatesChanged, List<PlanVersion> plans, List<ArTerm> terms) {}

    private final DynamoPlanCatalog plans;
    private final DynamoNoticeTemplates templates;

    public PlanPublisher(DynamoPlanCatalog plans, DynamoNoticeTemplates templates) {
        this.plans = plans;
        this.templates = templates;
    }

    public PlanPublisher(DynamoTable table, java.time.Clock clock) {
        this(new DynamoPlanCatalog(table, clock), new DynamoNoticeTemplates(table, clock));
    }

    public Outcome publish(Publication.Bundle bundle, boolean applyToOpenEpisodes) {
        int before = templates.published().version();
        int templatesVersion = bundle.templates().isEmpty() ? before : templates.publish(bundle.templates());
        List<PlanVersion> versions = new ArrayList<>();
        for (Plan plan : bundle.plans()) {
            int previous = plans.latest(plan.id()).orElse(0);
            int version = plans.publish(plan, applyToOpenEpisodes);
            versions.add(new PlanVersion(plan.id(), version, version != previous));
        }
        for (ArTerm term : bundle.terms()) {
            plans.putTerm(new DynamoPlanCatalog.Term(term.id(), term.netDays(), term.plan()));
        }
        return new Outcome(templatesVersion, templatesVersion != before, versions, bundle.terms());
    }
}
