package dunning.local.iam;

import dunning.local.template.Resolver;
import dunning.local.template.SamTemplate;
import dunning.local.template.TemplateException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ARNs a deployment of the template would give its resources, in one fixed account and region,
 * with the parameters' defaults: what both sides of the least-privilege comparison are written in.
 * The template's grants are resolved through {@link #resolver()} (Ref, GetAtt and Sub as
 * CloudFormation would), the calls the functions made on the local cloud are mapped onto the same
 * ARNs by logical id ({@link CallTargets}), so a grant and a call meet only when they name the same
 * resource of the template. {@link #label(String)} turns an ARN back into the template's own words
 * for a failure message.
 */
public final class StackArns {
    static final String PARTITION = "aws";
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final String STACK = "dunning";

    private final SamTemplate template;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Resolver resolver;
    private final Map<String, String> labels = new LinkedHashMap<>();

    public StackArns(SamTemplate template) {
        this.template = template;
        template.parameters().forEach((name, p) -> p.defaultValue().ifPresent(v -> parameters.put(name,
                p.type().equals("CommaDelimitedList") ? Arrays.stream(v.split(",")).map(String::trim).toList() : v)));
        this.resolver = new Resolver(new Bindings(), template);
        for (SamTemplate.TableDef t : template.tables()) {
            labels.put(tableArn(t.logicalId()), t.logicalId());
            t.globalSecondaryIndexes().forEach(i -> labels.put(indexArn(t.logicalId(), i.indexName()),
                    t.logicalId() + " index " + i.indexName()));
        }
        template.queues().forEach(q -> labels.put(queueArn(q.logicalId()), q.logicalId()));
        template.eventBuses().forEach(b -> labels.put(busArn(busName(b.logicalId())), b.logicalId()));
        labels.put(busArn("default"), "the default event bus");
        sesIdentity().ifPresent(id -> labels.put(sesIdentityArn(id), "SesIdentity (identity/" + id + ")"));
    }

    public SamTemplate template() {
        return template;
    }

    /** Resolves a template value to plain values, resources named as deployed. */
    public Resolver resolver() {
        return resolver;
    }

    /** The template's name for an ARN ("DunningTable index WakeUps", "FeeQueueDLQ", ...), or the ARN itself. */
    public String label(String arn) {
        return labels.getOrDefault(arn, arn);
    }

    public String tableArn(String logicalId) {
        return arn("dynamodb", "table/" + tableName(logicalId));
    }

    public String indexArn(String tableLogicalId, String index) {
        return tableArn(tableLogicalId) + "/index/" + index;
    }

    public String queueArn(String logicalId) {
        return arn("sqs", queueName(logicalId));
    }

    public String busArn(String busName) {
        return arn("events", "event-bus/" + busName);
    }

    public String sesIdentityArn(String identity) {
        return arn("ses", "identity/" + identity);
    }

    public String sesConfigurationSetArn(String name) {
        return arn("ses", "configuration-set/" + name);
    }

    public String sesContactListArn(String name) {
        return arn("ses", "contact-list/" + name);
    }

    /** The SesIdentity parameter's value: the identity the functions send as. */
    public Optional<String> sesIdentity() {
        return Optional.ofNullable(parameters.get("SesIdentity")).map(String::valueOf);
    }

    public String busName(String logicalId) {
        SamTemplate.EventBusDef bus = template.eventBus(logicalId)
                .orElseThrow(() -> new TemplateException("no event bus " + logicalId));
        return bus.name() == null ? physical(logicalId) : resolver.resolveString(bus.name());
    }

    private String tableName(String logicalId) {
        SamTemplate.TableDef t = template.table(logicalId).orElseThrow(() -> new TemplateException("no table " + logicalId));
        return t.tableName() == null ? physical(logicalId) : resolver.resolveString(t.tableName());
    }

    private String queueName(String logicalId) {
        SamTemplate.QueueDef q = template.queue(logicalId).orElseThrow(() -> new TemplateException("no queue " + logicalId));
        return q.queueName() == null ? physical(logicalId) : resolver.resolveString(q.queueName());
    }

    private static String physical(String logicalId) {
        return STACK + "-" + logicalId;
    }

    private static String arn(String service, String resource) {
        return "arn:" + PARTITION + ":" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
    }

    /** Ref and GetAtt as CloudFormation answers them for this stack. */
    private final class Bindings implements Resolver.Bindings {
        @Override
        public Object ref(String name) {
            switch (name) {
                case "AWS::Partition": return PARTITION;
                case "AWS::Region": return REGION;
                case "AWS::AccountId": return ACCOUNT;
                case "AWS::StackName": return STACK;
                case "AWS::URLSuffix": return "amazonaws.com";
                default: break;
            }
            if (parameters.containsKey(name)) {
                return parameters.get(name);
            }
            if (template.queue(name).isPresent()) {
                return "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + queueName(name);
            }
            if (template.table(name).isPresent()) {
                return tableName(name);
            }
            if (template.eventBus(name).isPresent()) {
                return busName(name);
            }
            if (template.resources().containsKey(name)) {
                return physical(name);
            }
            throw new TemplateException("Ref " + name + ": no such parameter (with a default) or resource");
        }

        @Override
        public Object getAtt(String resource, String attribute) {
            if (template.queue(resource).isPresent()) {
                return switch (attribute) {
                    case "Arn" -> queueArn(resource);
                    case "QueueName" -> queueName(resource);
                    case "QueueUrl" -> ref(resource);
                    default -> throw new TemplateException("GetAtt " + resource + "." + attribute + ": a queue has Arn, QueueName, QueueUrl");
                };
            }
            if (template.table(resource).isPresent() && attribute.equals("Arn")) {
                return tableArn(resource);
            }
            if (template.eventBus(resource).isPresent()) {
                return switch (attribute) {
                    case "Arn" -> busArn(busName(resource));
                    case "Name" -> busName(resource);
                    default -> throw new TemplateException("GetAtt " + resource + "." + attribute + ": a bus has Arn, Name");
                };
            }
            if (template.rule(resource).isPresent() && attribute.equals("Arn")) {
                return arn("events", "rule/" + physical(resource));
            }
            throw new TemplateException("GetAtt " + resource + "." + attribute + ": not a resource attribute this test knows");
        }
    }
}
