package dunning.aws.dynamodb;

import dunning.aws.json.BadMessageException;
import dunning.domain.plan.Plan;
import dunning.domain.plan.PlanReader;
import dunning.domain.plan.TemplateNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans and AR terms as stored: ARTERM#&lt;id&gt; holds netDays and the plan id; PLAN#&lt;id&gt; holds the
 * plan's YAML text, read with the same checks as `dunning plan validate` except the template names:
 * those were checked at publish against the default catalog and the user's own templates, which this
 * function does not hold. Both are cached per warm container: they change rarely, and a cold container
 * reads them afresh.
 */
public final class DynamoPlans {
    public static final String PLAN_ID = "planId";
    public static final String YAML = "yaml";

    private final DynamoTable table;
    private final PlanReader reader = new PlanReader(TemplateNames.any());
    private final Map<String, Plan> planByTerm = new ConcurrentHashMap<>();

    public DynamoPlans(DynamoTable table) {
        this.table = table;
    }

    public Plan planOfTerm(String arTerm) {
        return planByTerm.computeIfAbsent(arTerm, this::load);
    }

    private Plan load(String arTerm) {
        var term = table.get(Keys.arTerm(arTerm), Keys.SK_ITEM)
                .orElseThrow(() -> new BadMessageException("unknown AR term " + arTerm));
        String planId = Attr.str(term, PLAN_ID);
        var item = table.get(Keys.plan(planId), Keys.SK_ITEM)
                .orElseThrow(() -> new BadMessageException("AR term " + arTerm + " names unknown plan " + planId));
        PlanReader.Result result = reader.readText(Attr.str(item, YAML), Keys.plan(planId));
        if (!result.ok()) {
            // a stored plan that no longer validates must stop dunning loudly, never act half
            throw new IllegalStateException("plan " + planId + " is invalid: " + String.join("; ", result.problems()));
        }
        return result.plans().get(0);
    }
}
