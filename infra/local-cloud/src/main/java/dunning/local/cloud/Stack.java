package dunning.local.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunning.local.template.CfnValue;
import dunning.local.template.Resolver;
import dunning.local.template.SamTemplate;
import dunning.local.template.TemplateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * template.yaml made real on a set of AWS-API endpoints, the way CloudFormation would: the
 * tables with their indexes, every queue with its DLQ and redrive policy, every rule with its
 * pattern and target queue, the SES identity. Afterwards it answers what Ref and GetAtt mean
 * here, so each function gets exactly the environment the template gives it.
 */
public final class Stack {
    /** Where the stack goes: its name, region, parameter overrides, and the endpoints every function is pointed at. */
    public record Settings(String stackName, String region, Map<String, String> parameters, Map<String, String> endpoints) {
        public Settings {
            parameters = Map.copyOf(parameters);
            endpoints = Map.copyOf(endpoints);
        }
    }

    static final String ACCOUNT_ID = "000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SamTemplate template;
    private final Settings settings;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> queueArns = new LinkedHashMap<>();
    private final Map<String, String> queueNames = new LinkedHashMap<>();
    private final Map<String, String> tableNames = new LinkedHashMap<>();
    private final Map<String, String> busNames = new LinkedHashMap<>();
    private final java.util.Set<String> eventBuses = new java.util.LinkedHashSet<>(List.of("default"));
    private final Resolver resolver;

    private Stack(SamTemplate template, Settings settings) {
        this.template = template;
        this.settings = settings;
        template.parameters().forEach((name, p) -> {
            String value = Optional.ofNullable(settings.parameters().get(name)).or(p::defaultValue)
                    .orElseThrow(() -> new TemplateException("parameter " + name + " has no Default and no value was given"));
            parameters.put(name, p.type().equals("CommaDelimitedList")
                    ? Arrays.stream(value.split(",")).map(String::trim).toList() : value);
        });
        settings.parameters().keySet().stream().filter(k -> !template.parameters().containsKey(k)).findFirst()
                .ifPresent(k -> {
                    throw new TemplateException("parameter " + k + " is not declared in " + template.source());
                });
        this.resolver = new Resolver(new Bindings(), template);
    }

    /** Creates every table, queue, rule and SES identity of {@code template} through {@code clients}. */
    public static Stack provision(SamTemplate template, Settings settings, LocalClients clients, RuleSink rules) {
        Stack stack = new Stack(template, settings);
        stack.createTables(clients);
        stack.createQueues(clients);
        stack.createRules(rules);
        stack.createSesIdentity(clients);
        return stack;
    }

    public SamTemplate template() {
        return template;
    }

    public Resolver resolver() {
        return resolver;
    }

    public String queueUrl(String logicalId) {
        return physical(queueUrls, logicalId, "queue");
    }

    public String queueArn(String logicalId) {
        return physical(queueArns, logicalId, "queue");
    }

    public String tableName(String logicalId) {
        return physical(tableNames, logicalId, "table");
    }

    /** Every table by logical id: its name. */
    public Map<String, String> tables() {
        return Map.copyOf(tableNames);
    }

    /** Every queue by logical id (DLQs included): its URL, in template order. */
    public Map<String, String> queueUrls() {
        Map<String, String> inOrder = new LinkedHashMap<>();
        template.queues().forEach(q -> inOrder.put(q.logicalId(), queueUrls.get(q.logicalId())));
        return java.util.Collections.unmodifiableMap(inOrder);
    }

    /** The event buses of the stack: the default bus, the template's own, and those its rules listen on (a partner's). */
    public List<String> eventBuses() {
        return List.copyOf(eventBuses);
    }

    /** The parameters as the stack got them (defaults, then overrides); a CommaDelimitedList joined by commas. */
    public Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> out.put(k, v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The template's Outputs, resolved on this stack (what {@code aws cloudformation describe-stacks} would show). */
    public Map<String, String> outputs() {
        Map<String, String> out = new LinkedHashMap<>();
        template.outputs().forEach((name, value) -> out.put(name, resolver.resolveString(value)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The logical ids of every queue, DLQs included. */
    public List<String> queues() {
        return List.copyOf(queueUrls.keySet());
    }

    public String region() {
        return settings.region();
    }

    public String stackName() {
        return settings.stackName();
    }

    /** The endpoint overrides and credentials every function on this stack gets. */
    public Map<String, String> endpoints() {
        return settings.endpoints();
    }

    /** The environment Lambda would give {@code functionLogicalId}: the template's variables resolved, plus the endpoints. */
    public Map<String, String> environmentFor(String functionLogicalId) {
        SamTemplate.FunctionDef function = template.function(functionLogicalId)
                .orElseThrow(() -> new IllegalArgumentException("no function " + functionLogicalId + " in " + template.source()));
        Map<String, String> env = new LinkedHashMap<>(settings.endpoints());
        env.put("AWS_REGION", settings.region());
        env.put("AWS_DEFAULT_REGION", settings.region());
        env.put("AWS_LAMBDA_FUNCTION_NAME", physicalName(functionLogicalId));
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memorySize()));
        function.environment().forEach((name, value) -> env.put(name, resolver.resolveString(value)));
        return Map.copyOf(env);
    }

    /** The name CloudFormation would give a resource without an explicit one (stack name, dash, logical id). */
    public String physicalName(String logicalId) {
        return settings.stackName() + "-" + logicalId;
    }

    private String physical(Map<String, String> names, String logicalId, String kind) {
        String name = names.get(logicalId);
        if (name == null) {
            throw new IllegalArgumentException("no " + kind + " " + logicalId + " in " + template.source());
        }
        return name;
    }

    private String nameOf(CfnValue declared, String logicalId) {
        return declared == null ? settings.stackName() + "-" + logicalId : resolver.resolveString(declared);
    }

    private void createTables(LocalClients clients) {
        for (SamTemplate.TableDef t : template.tables()) {
            String name = nameOf(t.tableName(), t.logicalId());
            createTable(clients, t, name);
            tableNames.put(t.logicalId(), name);
        }
    }

    /**
     * One more table exactly as the template declares {@code logicalId} (keys, indexes, billing
     * mode), under a new name: adapter tests get a clean table of the deployed shape each.
     */
    public String createTableLike(LocalClients clients, String logicalId, String name) {
        SamTemplate.TableDef t = template.tables().stream().filter(x -> x.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + logicalId + " in " + template.source()));
        createTable(clients, t, name);
        return name;
    }

    private void createTable(LocalClients clients, SamTemplate.TableDef t, String name) {
        {
            List<AttributeDefinition> attributes = new ArrayList<>();
            t.attributeTypes().forEach((n, type) -> attributes.add(AttributeDefinition.builder().attributeName(n).attributeType(type).build()));
            List<GlobalSecondaryIndex> indexes = t.globalSecondaryIndexes().stream().map(i -> GlobalSecondaryIndex.builder()
                    .indexName(i.indexName())
                    .keySchema(keys(i.keySchema()))
                    .projection(Projection.builder().projectionType(ProjectionType.fromValue(i.projectionType()))
                            .nonKeyAttributes(i.nonKeyAttributes().isEmpty() ? null : i.nonKeyAttributes()).build())
                    .build()).toList();
            clients.dynamoDb().createTable(b -> b.tableName(name)
                    .billingMode(BillingMode.fromValue(t.billingMode() == null ? "PROVISIONED" : t.billingMode()))
                    .attributeDefinitions(attributes)
                    .keySchema(keys(t.keySchema()))
                    .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes));
        }
    }

    private static List<KeySchemaElement> keys(List<SamTemplate.KeyElement> elements) {
        return elements.stream().map(k -> KeySchemaElement.builder().attributeName(k.attributeName()).keyType(k.keyType()).build()).toList();
    }

    /** Queues without a redrive policy (the DLQs) first, so every redrive can name its DLQ's ARN. */
    private void createQueues(LocalClients clients) {
        List<SamTemplate.QueueDef> ordered = new ArrayList<>(template.queues());
        ordered.sort((a, b) -> Boolean.compare(a.redrive().isPresent(), b.redrive().isPresent()));
        for (SamTemplate.QueueDef q : ordered) {
            String name = nameOf(q.queueName(), q.logicalId());
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(q.visibilityTimeoutSeconds()));
            if (q.messageRetentionPeriod() != null) {
                attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(q.messageRetentionPeriod()));
            }
            if (q.delaySeconds() != null) {
                attributes.put(QueueAttributeName.DELAY_SECONDS, String.valueOf(q.delaySeconds()));
            }
            if (q.fifo()) {
                attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            q.redrive().ifPresent(r -> attributes.put(QueueAttributeName.REDRIVE_POLICY, json(Map.of(
                    "deadLetterTargetArn", resolver.resolveString(r.deadLetterTargetArn()),
                    "maxReceiveCount", String.valueOf(r.maxReceiveCount())))));
            String url = clients.sqs().createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
            String arn = clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            queueUrls.put(q.logicalId(), url);
            queueArns.put(q.logicalId(), arn);
            queueNames.put(q.logicalId(), name);
        }
    }

    private void createRules(RuleSink rules) {
        template.eventBuses().forEach(b -> {
            String name = nameOf(b.name(), b.logicalId());
            busNames.put(b.logicalId(), name);
            eventBuses.add(name);
            rules.addBus(name);
        });
        for (SamTemplate.RuleDef rule : template.rules()) {
            if (!rule.enabled()) {
                continue;
            }
            String bus = rule.eventBusName() == null ? "default" : resolver.resolveString(rule.eventBusName());
            eventBuses.add(bus);
            String pattern = json(resolver.resolve(rule.eventPattern()));
            for (SamTemplate.RuleTarget target : rule.targets()) {
                String queue = target.logicalId().filter(queueUrls::containsKey).orElseThrow(() -> new TemplateException(
                        "rule " + rule.logicalId() + ": target " + target.id() + " is not a queue of this template"));
                rules.addRule(bus, physicalName(rule.logicalId()), pattern, queueArns.get(queue), queueUrls.get(queue));
            }
        }
    }

    private void createSesIdentity(LocalClients clients) {
        if (parameters.get("SesIdentity") instanceof String identity) {
            clients.sesV2().createEmailIdentity(b -> b.emailIdentity(identity));
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ref and GetAtt on this stack. */
    private final class Bindings implements Resolver.Bindings {
        @Override
        public Object ref(String name) {
            switch (name) {
                case "AWS::Region": return settings.region();
                case "AWS::AccountId": return ACCOUNT_ID;
                case "AWS::Partition": return "aws";
                case "AWS::StackName": return settings.stackName();
                case "AWS::URLSuffix": return "amazonaws.com";
                default: break;
            }
            if (parameters.containsKey(name)) {
                return parameters.get(name);
            }
            if (queueUrls.containsKey(name)) {
                return queueUrls.get(name);
            }
            if (tableNames.containsKey(name)) {
                return tableNames.get(name);
            }
            if (busNames.containsKey(name)) {
                return busNames.get(name);
            }
            if (template.resources().containsKey(name)) {
                return physicalName(name);
            }
            throw new TemplateException("Ref " + name + ": no such parameter or resource (or not provisioned yet)");
        }

        @Override
        public Object getAtt(String resource, String attribute) {
            if (queueUrls.containsKey(resource)) {
                return switch (attribute) {
                    case "Arn" -> queueArns.get(resource);
                    case "QueueName" -> queueNames.get(resource);
                    case "QueueUrl" -> queueUrls.get(resource);
                    default -> throw new TemplateException("GetAtt " + resource + "." + attribute + ": a queue has Arn, QueueName, QueueUrl");
                };
            }
            String arnPrefix = "arn:aws:";
            if (tableNames.containsKey(resource) && attribute.equals("Arn")) {
                return arnPrefix + "dynamodb:" + settings.region() + ":" + ACCOUNT_ID + ":table/" + tableNames.get(resource);
            }
            if (busNames.containsKey(resource)) {
                return attribute.equals("Name") ? busNames.get(resource)
                        : arnPrefix + "events:" + settings.region() + ":" + ACCOUNT_ID + ":event-bus/" + busNames.get(resource);
            }
            if (template.rule(resource).isPresent() && attribute.equals("Arn")) {
                return arnPrefix + "events:" + settings.region() + ":" + ACCOUNT_ID + ":rule/" + physicalName(resource);
            }
            throw new TemplateException("GetAtt " + resource + "." + attribute + ": not provisioned by the local cloud");
        }
    }
}
