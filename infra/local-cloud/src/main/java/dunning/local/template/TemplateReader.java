package dunning.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a SAM template with snakeyaml-engine. The YAML is composed into nodes (not constructed), so
 * CloudFormation's short tags (!Ref, !GetAtt, !Sub, !Join, !Select, !Split, !If, !Equals, ...) are
 * read by their tag into {@link CfnValue} intrinsics, the same records their long forms give.
 */
public final class TemplateReader {

    private TemplateReader() {}

    public static SamTemplate read(Path file) {
        try {
            return parse(Files.readString(file), file);
        } catch (IOException e) {
            throw new TemplateException("cannot read template " + file + ": " + e.getMessage(), e);
        }
    }

    public static SamTemplate parse(String yaml, Path source) {
        LoadSettings settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setLabel(source == null ? "template" : source.toString())
                .setCodePointLimit(10 * 1024 * 1024)
                .build();
        Optional<Node> root = new Compose(settings).composeString(yaml);
        if (root.isEmpty()) {
            throw new TemplateException(source + ": empty template");
        }
        CfnValue doc = toValue(root.get());
        if (!(doc instanceof CfnValue.MapValue top)) {
            throw new TemplateException(source + ": the template is not a map");
        }
        return new ModelBuilder(source, top).build();
    }

    /** Converts a composed node into a value; tagged nodes become intrinsics. */
    static CfnValue toValue(Node node) {
        Tag tag = node.getTag();
        String t = tag.getValue();
        CfnValue value;
        if (node instanceof ScalarNode s) {
            value = scalar(s);
        } else if (node instanceof SequenceNode seq) {
            List<CfnValue> items = new ArrayList<>();
            for (Node n : seq.getValue()) {
                items.add(toValue(n));
            }
            value = new CfnValue.ListValue(items);
        } else if (node instanceof MappingNode m) {
            Map<String, CfnValue> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : m.getValue()) {
                Node k = tuple.getKeyNode();
                if (!(k instanceof ScalarNode ks)) {
                    throw new TemplateException("non-scalar map key at " + k.getStartMark().map(Object::toString).orElse("?"));
                }
                entries.put(ks.getValue(), toValue(tuple.getValueNode()));
            }
            if (t.startsWith("!")) {
                value = new CfnValue.MapValue(entries);
            } else {
                return CfnValue.intrinsicOrMap(entries);
            }
        } else {
            throw new TemplateException("unsupported YAML node " + node.getNodeType());
        }
        if (t.startsWith("!")) {
            String name = t.substring(1);
            if (name.equals("Condition")) {
                return new CfnValue.Fn("Condition", value);
            }
            try {
                return CfnValue.intrinsic(name, value);
            } catch (TemplateException e) {
                throw new TemplateException(e.getMessage() + " at " + node.getStartMark().map(Object::toString).orElse("?"), e);
            }
        }
        return value;
    }

    private static CfnValue scalar(ScalarNode s) {
        String text = s.getValue();
        Tag tag = s.getTag();
        if (tag.getValue().startsWith("!")) {
            return new CfnValue.Scalar(text);
        }
        if (Tag.NULL.equals(tag)) {
            return new CfnValue.Scalar(null);
        }
        if (Tag.BOOL.equals(tag)) {
            return new CfnValue.Scalar(Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
        }
        if (Tag.INT.equals(tag)) {
            try {
                return new CfnValue.Scalar(Long.decode(text.replace("0o", "0")));
            } catch (NumberFormatException e) {
                return new CfnValue.Scalar(text);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return new CfnValue.Scalar(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                return new CfnValue.Scalar(text);
            }
        }
        return new CfnValue.Scalar(text);
    }

    /** Turns the raw document into the typed model, applying Globals.Function. */
    private static final class ModelBuilder {
        private final Path source;
        private final CfnValue.MapValue top;

        ModelBuilder(Path source, CfnValue.MapValue top) {
            this.source = source;
            this.top = top;
        }

        SamTemplate build() {
            Map<String, SamTemplate.Parameter> parameters = new LinkedHashMap<>();
            map(top.get("Parameters"), "Parameters").entries().forEach((name, v) -> {
                CfnValue.MapValue p = map(v, "Parameters." + name);
                parameters.put(name, new SamTemplate.Parameter(name,
                        str(p.get("Type"), "String"),
                        Optional.ofNullable(p.get("Default")).map(d -> plainString(d, "Parameters." + name + ".Default")),
                        str(p.get("Description"), "")));
            });
            Map<String, CfnValue> conditions = map(top.get("Conditions"), "Conditions").entries();
            Map<String, CfnValue> mappings = map(top.get("Mappings"), "Mappings").entries();
            CfnValue.MapValue globals = map(map(top.get("Globals"), "Globals").get("Function"), "Globals.Function");

            Map<String, SamTemplate.Resource> resources = new LinkedHashMap<>();
            List<SamTemplate.FunctionDef> functions = new ArrayList<>();
            List<SamTemplate.QueueDef> queues = new ArrayList<>();
            List<SamTemplate.TableDef> tables = new ArrayList<>();
            List<SamTemplate.EventBusDef> buses = new ArrayList<>();
            List<SamTemplate.RuleDef> rules = new ArrayList<>();
            List<SamTemplate.QueuePolicyDef> policies = new ArrayList<>();
            CfnValue.MapValue res = map(top.get("Resources"), "Resources");
            if (res.entries().isEmpty()) {
                throw new TemplateException(source + ": no Resources");
            }
            res.entries().forEach((id, v) -> {
                CfnValue.MapValue r = map(v, "Resources." + id);
                String type = str(r.get("Type"), null);
                if (type == null) {
                    throw new TemplateException(source + ": Resources." + id + " has no Type");
                }
                CfnValue.MapValue props = map(r.get("Properties"), "Resources." + id + ".Properties");
                CfnValue.MapValue metadata = map(r.get("Metadata"), "Resources." + id + ".Metadata");
                resources.put(id, new SamTemplate.Resource(id, type, props, metadata));
                String where = "Resources." + id + ".Properties";
                switch (type) {
                    case "AWS::Serverless::Function" -> functions.add(function(id, props, metadata, globals, where));
                    case "AWS::SQS::Queue" -> queues.add(queue(id, props, where));
                    case "AWS::DynamoDB::Table" -> tables.add(table(id, props, where));
                    case "AWS::Events::EventBus" -> buses.add(new SamTemplate.EventBusDef(id, props.get("Name")));
                    case "AWS::Events::Rule" -> rules.add(rule(id, props, where));
                    case "AWS::SQS::QueuePolicy" -> policies.add(new SamTemplate.QueuePolicyDef(id,
                            list(props.get("Queues"), where + ".Queues"), props.get("PolicyDocument")));
                    default -> { }
                }
            });
            Map<String, CfnValue> outputs = new LinkedHashMap<>();
            map(top.get("Outputs"), "Outputs").entries().forEach((name, v) -> {
                CfnValue value = map(v, "Outputs." + name).get("Value");
                if (value == null) {
                    throw new TemplateException(source + ": Outputs." + name + " has no Value");
                }
                outputs.put(name, value);
            });
            return new SamTemplate(source, parameters, conditions, mappings, resources,
                    List.copyOf(functions), List.copyOf(queues), List.copyOf(tables), List.copyOf(buses),
                    List.copyOf(rules), List.copyOf(policies), java.util.Collections.unmodifiableMap(outputs));
        }

        private SamTemplate.FunctionDef function(String id, CfnValue.MapValue props, CfnValue.MapValue metadata,
                                                 CfnValue.MapValue globals, String where) {
            Map<String, CfnValue> env = new LinkedHashMap<>();
            env.putAll(envVars(globals.get("Environment"), "Globals.Function.Environment"));
            env.putAll(envVars(props.get("Environment"), where + ".Environment"));
            List<SamTemplate.SqsEventSource> sqs = new ArrayList<>();
            List<SamTemplate.ScheduleEvent> schedules = new ArrayList<>();
            map(props.get("Events"), where + ".Events").entries().forEach((name, ev) -> {
                CfnValue.MapValue e = map(ev, where + ".Events." + name);
                String type = str(e.get("Type"), "");
                CfnValue.MapValue p = map(e.get("Properties"), where + ".Events." + name + ".Properties");
                String at = where + ".Events." + name + ".Properties";
                if (type.equals("SQS")) {
                    List<String> responseTypes = new ArrayList<>();
                    for (CfnValue rt : list(p.get("FunctionResponseTypes"), at + ".FunctionResponseTypes")) {
                        responseTypes.add(plainString(rt, at + ".FunctionResponseTypes"));
                    }
                    if (p.get("Queue") == null) {
                        throw new TemplateException(source + ": " + at + " has no Queue");
                    }
                    sqs.add(new SamTemplate.SqsEventSource(name, p.get("Queue"),
                            integer(p.get("BatchSize"), 10, at + ".BatchSize"), List.copyOf(responseTypes),
                            integer(p.get("MaximumBatchingWindowInSeconds"), 0, at + ".MaximumBatchingWindowInSeconds"),
                            bool(p.get("Enabled"), true)));
                } else if (type.equals("ScheduleV2") || type.equals("Schedule")) {
                    if (p.get("ScheduleExpression") == null) {
                        throw new TemplateException(source + ": " + at + " has no ScheduleExpression");
                    }
                    String state = p.get("State") != null ? str(p.get("State"), null)
                            : (p.get("Enabled") != null && !bool(p.get("Enabled"), true) ? "DISABLED" : "ENABLED");
                    schedules.add(new SamTemplate.ScheduleEvent(name, p.get("ScheduleExpression"),
                            p.get("ScheduleExpressionTimezone"), p.get("Input"), state));
                }
            });
            CfnValue snap = pick(props, globals, "SnapStart");
            String applyOn = snap instanceof CfnValue.MapValue sm ? str(sm.get("ApplyOn"), null) : null;
            List<String> arch = new ArrayList<>();
            for (CfnValue a : list(pick(props, globals, "Architectures"), where + ".Architectures")) {
                arch.add(plainString(a, where + ".Architectures"));
            }
            String handler = str(pick(props, globals, "Handler"), null);
            if (handler == null) {
                throw new TemplateException(source + ": " + where + " has no Handler");
            }
            CfnValue policiesValue = pick(props, globals, "Policies");
            List<CfnValue> policies = policiesValue == null ? List.of()
                    : policiesValue instanceof CfnValue.ListValue l ? l.items() : List.of(policiesValue);
            return new SamTemplate.FunctionDef(id, handler,
                    str(pick(props, globals, "Runtime"), null),
                    str(pick(props, globals, "CodeUri"), null),
                    integer(pick(props, globals, "MemorySize"), 128, where + ".MemorySize"),
                    integer(pick(props, globals, "Timeout"), 3, where + ".Timeout"),
                    List.copyOf(arch),
                    str(pick(props, globals, "AutoPublishAlias"), null),
                    applyOn,
                    str(metadata.get("BuildMethod"), null),
                    java.util.Collections.unmodifiableMap(env), List.copyOf(policies),
                    List.copyOf(sqs), List.copyOf(schedules));
        }

        private SamTemplate.QueueDef queue(String id, CfnValue.MapValue props, String where) {
            Optional<SamTemplate.Redrive> redrive = Optional.empty();
            if (props.get("RedrivePolicy") != null) {
                CfnValue.MapValue rp = map(props.get("RedrivePolicy"), where + ".RedrivePolicy");
                if (rp.get("deadLetterTargetArn") == null) {
                    throw new TemplateException(source + ": " + where + ".RedrivePolicy has no deadLetterTargetArn");
                }
                redrive = Optional.of(new SamTemplate.Redrive(rp.get("deadLetterTargetArn"),
                        integer(rp.get("maxReceiveCount"), 10, where + ".RedrivePolicy.maxReceiveCount")));
            }
            return new SamTemplate.QueueDef(id, props.get("QueueName"),
                    integer(props.get("VisibilityTimeout"), 30, where + ".VisibilityTimeout"),
                    props.get("MessageRetentionPeriod") == null ? null : integer(props.get("MessageRetentionPeriod"), 0, where),
                    props.get("DelaySeconds") == null ? null : integer(props.get("DelaySeconds"), 0, where),
                    bool(props.get("FifoQueue"), false), redrive);
        }

        private SamTemplate.TableDef table(String id, CfnValue.MapValue props, String where) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (CfnValue a : list(props.get("AttributeDefinitions"), where + ".AttributeDefinitions")) {
                CfnValue.MapValue am = map(a, where + ".AttributeDefinitions");
                attrs.put(str(am.get("AttributeName"), null), str(am.get("AttributeType"), null));
            }
            List<SamTemplate.IndexDef> gsis = new ArrayList<>();
            for (CfnValue g : list(props.get("GlobalSecondaryIndexes"), where + ".GlobalSecondaryIndexes")) {
                CfnValue.MapValue gm = map(g, where + ".GlobalSecondaryIndexes");
                CfnValue.MapValue proj = map(gm.get("Projection"), where + ".Projection");
                List<String> nonKey = new ArrayList<>();
                for (CfnValue nk : list(proj.get("NonKeyAttributes"), where + ".NonKeyAttributes")) {
                    nonKey.add(plainString(nk, where));
                }
                gsis.add(new SamTemplate.IndexDef(str(gm.get("IndexName"), null),
                        keys(gm.get("KeySchema"), where + ".GlobalSecondaryIndexes.KeySchema"),
                        str(proj.get("ProjectionType"), "ALL"), List.copyOf(nonKey)));
            }
            CfnValue.MapValue pitr = map(props.get("PointInTimeRecoverySpecification"), where);
            return new SamTemplate.TableDef(id, props.get("TableName"), str(props.get("BillingMode"), "PROVISIONED"),
                    java.util.Collections.unmodifiableMap(attrs), keys(props.get("KeySchema"), where + ".KeySchema"),
                    List.copyOf(gsis), bool(pitr.get("PointInTimeRecoveryEnabled"), false));
        }

        private List<SamTemplate.KeyElement> keys(CfnValue v, String where) {
            List<SamTemplate.KeyElement> out = new ArrayList<>();
            for (CfnValue k : list(v, where)) {
                CfnValue.MapValue km = map(k, where);
                out.add(new SamTemplate.KeyElement(str(km.get("AttributeName"), null), str(km.get("KeyType"), null)));
            }
            if (out.isEmpty()) {
                throw new TemplateException(source + ": " + where + " is empty");
            }
            return List.copyOf(out);
        }

        private SamTemplate.RuleDef rule(String id, CfnValue.MapValue props, String where) {
            List<SamTemplate.RuleTarget> targets = new ArrayList<>();
            for (CfnValue t : list(props.get("Targets"), where + ".Targets")) {
                CfnValue.MapValue tm = map(t, where + ".Targets");
                targets.add(new SamTemplate.RuleTarget(str(tm.get("Id"), null), tm.get("Arn")));
            }
            return new SamTemplate.RuleDef(id, props.get("EventBusName"), props.get("EventPattern"),
                    str(props.get("State"), "ENABLED"), List.copyOf(targets));
        }

        private static CfnValue pick(CfnValue.MapValue props, CfnValue.MapValue globals, String key) {
            return props.get(key) != null ? props.get(key) : globals.get(key);
        }

        private Map<String, CfnValue> envVars(CfnValue env, String where) {
            return map(map(env, where).get("Variables"), where + ".Variables").entries();
        }

        private CfnValue.MapValue map(CfnValue v, String where) {
            if (v == null || (v instanceof CfnValue.Scalar s && s.value() == null)) {
                return new CfnValue.MapValue(Map.of());
            }
            if (v instanceof CfnValue.MapValue m) {
                return m;
            }
            throw new TemplateException(source + ": " + where + " must be a map, got " + v);
        }

        private List<CfnValue> list(CfnValue v, String where) {
            if (v == null) {
                return List.of();
            }
            if (v instanceof CfnValue.ListValue l) {
                return l.items();
            }
            throw new TemplateException(source + ": " + where + " must be a list, got " + v);
        }

        private String plainString(CfnValue v, String where) {
            if (v instanceof CfnValue.Scalar s) {
                return s.asString();
            }
            throw new TemplateException(source + ": " + where + " must be a literal, got " + v);
        }

        private static String str(CfnValue v, String fallback) {
            return v instanceof CfnValue.Scalar s && s.value() != null ? s.asString() : fallback;
        }

        private int integer(CfnValue v, int fallback, String where) {
            if (v == null) {
                return fallback;
            }
            if (v instanceof CfnValue.Scalar s && s.value() != null) {
                try {
                    return Integer.parseInt(s.asString().trim());
                } catch (NumberFormatException e) {
                    throw new TemplateException(source + ": " + where + " must be a whole number, got '" + s.asString() + "'");
                }
            }
            throw new TemplateException(source + ": " + where + " must be a literal number (the local cloud does not resolve intrinsics here), got " + v);
        }

        private static boolean bool(CfnValue v, boolean fallback) {
            return v instanceof CfnValue.Scalar s && s.value() != null ? Boolean.parseBoolean(s.asString()) : fallback;
        }
    }
}
