package dunning.local.iam;

import dunning.local.template.SamTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The comparison: per function, every action on every resource its code called (as recorded on the
 * local cloud, resources as ARNs of {@link StackArns}) against every action on every resource the
 * template grants it ({@link TemplateGrants}). Each difference is one line naming the function, the
 * action and the resource in the template's words.
 *
 * <p>Left out of both sides: what the SQS event source mapping itself does on the function's own
 * source queue (sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility,
 * sqs:GetQueueAttributes). That is Lambda's polling, not the function's code: SAM grants it for every
 * SQS event (the AWSLambdaSQSQueueExecutionRole managed policy, docs/security.md), and the local
 * runtime polls outside the handler, so nothing of it is recorded.
 */
final class LeastPrivilege {
    /** One action a function needs (or is granted) on one resource ARN. */
    record Use(String function, String action, String resource) {
        Use normalized() {
            // IAM action names are case-insensitive; ARNs are not
            return new Use(function, action.toLowerCase(Locale.ROOT), resource);
        }
    }

    /** A grant the local workload cannot exercise, kept on purpose: why, in a sentence. */
    record Allowed(Use use, String why) {}

    static final Set<String> EVENT_SOURCE_POLLING = Set.of("sqs:receivemessage", "sqs:deletemessage",
            "sqs:changemessagevisibility", "sqs:getqueueattributes");

    private LeastPrivilege() {
    }

    /** Every difference between what was called and what is granted, one line each, sorted; empty when they agree. */
    static List<String> differences(StackArns arns, TemplateGrants.Result granted, Set<Use> called, List<Allowed> allowList) {
        List<String> out = new ArrayList<>(granted.problems());
        // compared by normalized use, reported in the words of the side it came from
        Map<Use, Use> grants = new TreeMap<>(ORDER);
        granted.grants().forEach((function, gs) -> gs.forEach(g -> {
            Use u = new Use(function, g.action(), g.resource());
            grants.putIfAbsent(u.normalized(), u);
        }));
        Map<Use, Use> calls = new TreeMap<>(ORDER);
        called.forEach(c -> calls.putIfAbsent(c.normalized(), c));
        grants.keySet().removeIf(u -> polling(arns, u));
        calls.keySet().removeIf(u -> polling(arns, u));
        Set<Use> allowed = allowList.stream().map(a -> a.use().normalized()).collect(Collectors.toSet());

        grants.forEach((key, g) -> {
            if (!calls.containsKey(key) && !allowed.contains(key)) {
                out.add(g.function() + ": grants " + g.action() + " on " + arns.label(g.resource()) + ", which no code called");
            }
        });
        calls.forEach((key, c) -> {
            if (!grants.containsKey(key)) {
                out.add(c.function() + ": calls " + c.action() + " on " + arns.label(c.resource()) + ", which the template does not grant");
            }
        });
        for (Allowed a : allowList) {
            Use u = a.use();
            if (calls.containsKey(u.normalized())) {
                out.add("allow-list: " + u.function() + " " + u.action() + " on " + arns.label(u.resource())
                        + " is called after all: drop it from the allow-list");
            } else if (!grants.containsKey(u.normalized())) {
                out.add("allow-list: " + u.function() + " " + u.action() + " on " + arns.label(u.resource())
                        + " is not granted: drop it from the allow-list");
            }
        }
        for (String function : granted.grants().keySet()) {
            if (calls.keySet().stream().noneMatch(c -> c.function().equals(function))) {
                out.add(function + ": the workload made it call nothing at all");
            }
        }
        return out.stream().sorted().toList();
    }

    /** A function's event source mapping polling its own source queue. */
    private static boolean polling(StackArns arns, Use u) {
        if (!EVENT_SOURCE_POLLING.contains(u.action())) {
            return false;
        }
        SamTemplate.FunctionDef f = arns.template().function(u.function()).orElse(null);
        return f != null && f.sqsEventSources().stream().map(SamTemplate.SqsEventSource::queueLogicalId)
                .anyMatch(q -> q.isPresent() && arns.queueArn(q.get()).equals(u.resource()));
    }

    /** The calls as a table: function, action, resource (the template's words), sorted. */
    static List<String> table(StackArns arns, Set<Use> called) {
        return called.stream().sorted(ORDER).map(u -> u.function() + " | " + u.action() + " | " + arns.label(u.resource())).toList();
    }

    static final Comparator<Use> ORDER = Comparator.comparing(Use::function).thenComparing(Use::action).thenComparing(Use::resource);
}
