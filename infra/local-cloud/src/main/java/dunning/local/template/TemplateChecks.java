package dunning.local.template;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What `sam build`/`sam deploy` would not catch but would break the chain at run time: a handler
 * class that does not exist, an environment variable the code reads and the template does not set,
 * a queue without a DLQ, an SQS event source whose partial batch failures Lambda would ignore, a
 * visibility timeout shorter than six times its function's timeout, a policy on every resource, a
 * schedule without its explicit Input.
 */
public final class TemplateChecks {
    private TemplateChecks() {
    }

    /** Every problem of the template, one line each; empty when it is consistent. */
    public static List<String> problems(SamTemplate template, ClassLoader code) {
        List<String> problems = new ArrayList<>();
        Set<String> deadLetterQueues = new HashSet<>();
        template.queues().forEach(q -> q.redrive().flatMap(SamTemplate.Redrive::deadLetterQueueLogicalId)
                .ifPresent(deadLetterQueues::add));
        for (SamTemplate.QueueDef queue : template.queues()) {
            if (deadLetterQueues.contains(queue.logicalId())) {
                continue;
            }
            if (queue.redrive().isEmpty()) {
                problems.add(queue.logicalId() + ": queue has no DLQ (RedrivePolicy)");
            } else if (queue.redrive().get().deadLetterQueueLogicalId().flatMap(template::queue).isEmpty()) {
                problems.add(queue.logicalId() + ": RedrivePolicy names no queue of this template");
            }
        }
        for (SamTemplate.FunctionDef f : template.functions()) {
            String id = f.logicalId();
            Optional<Class<?>> handler = load(f.handlerClass(), code);
            if (handler.isEmpty()) {
                problems.add(id + ": handler class " + f.handlerClass() + " does not exist");
            } else {
                requiredEnv(handler.get()).forEach(name -> {
                    if (!f.environment().containsKey(name) && !name.equals("AWS_REGION")) {
                        problems.add(id + ": environment variable " + name + " is read by " + f.handlerClass()
                                + " but not set in the template");
                    }
                });
            }
            for (SamTemplate.SqsEventSource source : f.sqsEventSources()) {
                if (!source.reportsBatchItemFailures()) {
                    problems.add(id + ": SQS event source " + source.name()
                            + " lacks FunctionResponseTypes [ReportBatchItemFailures]; Lambda would ignore partial failures");
                }
                source.queueLogicalId().flatMap(template::queue).ifPresentOrElse(q -> {
                    if (q.visibilityTimeoutSeconds() < 6 * f.timeoutSeconds()) {
                        problems.add(q.logicalId() + ": VisibilityTimeout " + q.visibilityTimeoutSeconds()
                                + " is less than 6 x the Timeout " + f.timeoutSeconds() + " of " + id);
                    }
                }, () -> problems.add(id + ": SQS event source " + source.name() + " names no queue of this template"));
            }
            for (SamTemplate.ScheduleEvent schedule : f.schedules()) {
                if (schedule.input() == null) {
                    problems.add(id + ": schedule " + schedule.name() + " has no Input (Scheduler's payload is not a ScheduledEvent)");
                }
            }
            for (CfnValue policy : f.policies()) {
                if (anyWildcardResource(policy)) {
                    problems.add(id + ": a policy grants Resource '*'");
                }
            }
        }
        return problems;
    }

    private static Optional<Class<?>> load(String name, ClassLoader code) {
        try {
            return Optional.of(Class.forName(name, false, code));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The names of the handler's REQUIRED_ENV: a set of Setting, read here without depending on its module. */
    private static Set<String> requiredEnv(Class<?> handler) {
        try {
            Field field = handler.getField("REQUIRED_ENV");
            return ((Set<?>) field.get(null)).stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
        } catch (ReflectiveOperationException e) {
            return Set.of();
        }
    }

    private static boolean anyWildcardResource(CfnValue value) {
        if (value instanceof CfnValue.MapValue map) {
            for (Map.Entry<String, CfnValue> e : map.entries().entrySet()) {
                if (e.getKey().equals("Resource") && isWildcard(e.getValue())) {
                    return true;
                }
                if (anyWildcardResource(e.getValue())) {
                    return true;
                }
            }
        } else if (value instanceof CfnValue.ListValue list) {
            return list.items().stream().anyMatch(TemplateChecks::anyWildcardResource);
        }
        return false;
    }

    private static boolean isWildcard(CfnValue value) {
        if (value instanceof CfnValue.Scalar s) {
            return "*".equals(String.valueOf(s.value()));
        }
        return value instanceof CfnValue.ListValue list && list.items().stream().anyMatch(TemplateChecks::isWildcard);
    }
}
