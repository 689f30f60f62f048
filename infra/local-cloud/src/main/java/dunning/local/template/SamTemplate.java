package dunning.local.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed model of a SAM template: what the local cloud provisions and what the consistency
 * checks read. Values that may hold intrinsics stay {@link CfnValue}s; resolve them with a
 * {@link Resolver}. {@code outputs} holds each of the template's Outputs by name: its Value, in
 * template order.
 */
public record SamTemplate(
        Path source,
        Map<String, Parameter> parameters,
        Map<String, CfnValue> conditions,
        Map<String, CfnValue> mappings,
        Map<String, Resource> resources,
        List<FunctionDef> functions,
        List<QueueDef> queues,
        List<TableDef> tables,
        List<EventBusDef> eventBuses,
        List<RuleDef> rules,
        List<QueuePolicyDef> queuePolicies,
        Map<String, CfnValue> outputs) {

    public static SamTemplate read(Path file) {
        return TemplateReader.read(file);
    }

    public Optional<FunctionDef> function(String logicalId) {
        return functions.stream().filter(f -> f.logicalId().equals(logicalId)).findFirst();
    }

    public Optional<QueueDef> queue(String logicalId) {
        return queues.stream().filter(q -> q.logicalId().equals(logicalId)).findFirst();
    }

    public Optional<TableDef> table(String logicalId) {
        return tables.stream().filter(t -> t.logicalId().equals(logicalId)).findFirst();
    }

    public Optional<EventBusDef> eventBus(String logicalId) {
        return eventBuses.stream().filter(b -> b.logicalId().equals(logicalId)).findFirst();
    }

    public Optional<RuleDef> rule(String logicalId) {
        return rules.stream().filter(r -> r.logicalId().equals(logicalId)).findFirst();
    }

    /** A template parameter; {@code type} is String, Number, CommaDelimitedList, ... */
    public record Parameter(String name, String type, Optional<String> defaultValue, String description) {}

    /** Any resource, with its raw properties and metadata. */
    public record Resource(String logicalId, String type, CfnValue.MapValue properties, CfnValue.MapValue metadata) {}

    /** An AWS::Serverless::Function with Globals.Function applied. */
    public record FunctionDef(
            String logicalId,
            String handler,
            String runtime,
            String codeUri,
            int memorySize,
            int timeoutSeconds,
            List<String> architectures,
            String autoPublishAlias,
            String snapStartApplyOn,
            String buildMethod,
            Map<String, CfnValue> environment,
            List<CfnValue> policies,
            List<SqsEventSource> sqsEventSources,
            List<ScheduleEvent> schedules) {

        /** The class part of Handler (before "::"). */
        public String handlerClass() {
            int i = handler.indexOf("::");
            return i < 0 ? handler : handler.substring(0, i);
        }

        /** The method part of Handler (after "::"), handleRequest by default. */
        public String handlerMethod() {
            int i = handler.indexOf("::");
            return i < 0 ? "handleRequest" : handler.substring(i + 2);
        }
    }

    /** An event source of Type SQS. */
    public record SqsEventSource(
            String name, CfnValue queue, int batchSize, List<String> functionResponseTypes,
            int maximumBatchingWindowInSeconds, boolean enabled) {

        /** The logical id of the queue when Queue is !GetAtt X.Arn, else empty. */
        public Optional<String> queueLogicalId() {
            return queue instanceof CfnValue.GetAtt g && g.attribute().equals("Arn")
                    ? Optional.of(g.resource()) : Optional.empty();
        }

        public boolean reportsBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }
    }

    /** An event source of Type ScheduleV2 (EventBridge Scheduler). Input and timezone may be null. */
    public record ScheduleEvent(String name, CfnValue scheduleExpression, CfnValue timezone, CfnValue input, String state) {
        public boolean enabled() {
            return state == null || state.equals("ENABLED");
        }
    }

    /** An AWS::SQS::Queue; queueName is null when the template lets CloudFormation name it. */
    public record QueueDef(
            String logicalId, CfnValue queueName, int visibilityTimeoutSeconds, Integer messageRetentionPeriod,
            Integer delaySeconds, boolean fifo, Optional<Redrive> redrive) {}

    public record Redrive(CfnValue deadLetterTargetArn, int maxReceiveCount) {
        /** The DLQ's logical id when the target is !GetAtt X.Arn. */
        public Optional<String> deadLetterQueueLogicalId() {
            return deadLetterTargetArn instanceof CfnValue.GetAtt g && g.attribute().equals("Arn")
                    ? Optional.of(g.resource()) : Optional.empty();
        }
    }

    public record KeyElement(String attributeName, String keyType) {}

    public record IndexDef(String indexName, List<KeyElement> keySchema, String projectionType, List<String> nonKeyAttributes) {}

    /** An AWS::DynamoDB::Table. */
    public record TableDef(
            String logicalId, CfnValue tableName, String billingMode, Map<String, String> attributeTypes,
            List<KeyElement> keySchema, List<IndexDef> globalSecondaryIndexes, boolean pointInTimeRecovery) {}

    /** An AWS::Events::EventBus. */
    public record EventBusDef(String logicalId, CfnValue name) {}

    /** An AWS::Events::Rule; eventBusName null means the default bus. */
    public record RuleDef(String logicalId, CfnValue eventBusName, CfnValue eventPattern, String state, List<RuleTarget> targets) {
        public boolean enabled() {
            return state == null || state.equals("ENABLED");
        }
    }

    public record RuleTarget(String id, CfnValue arn) {
        /** The target queue's logical id when Arn is !GetAtt X.Arn of a queue. */
        public Optional<String> logicalId() {
            return arn instanceof CfnValue.GetAtt g && g.attribute().equals("Arn") ? Optional.of(g.resource()) : Optional.empty();
        }
    }

    /** An AWS::SQS::QueuePolicy. */
    public record QueuePolicyDef(String logicalId, List<CfnValue> queues, CfnValue policyDocument) {}
}
