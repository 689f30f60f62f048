package dunning.local.iam;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunning.local.template.CfnValue;
import dunning.local.template.SamTemplate;
import dunning.local.template.TemplateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What template.yaml lets each function do: every Allow statement of its {@code Policies}, actions
 * and resources resolved to ARNs ({@link StackArns}). A SAM policy template (DynamoDBCrudPolicy, ...)
 * is expanded the way SAM expands it: its definition from SAM's policy_templates.json with its
 * parameters substituted. What this cannot judge exactly is a problem, never a silent pass: a
 * wildcard in an action or a resource (it grants more than it names), Deny, NotAction, NotResource or
 * Condition (the local cloud evaluates no IAM), a managed policy, a SAM policy template this class
 * does not hold.
 */
final class TemplateGrants {
    /** One action on one resource (an ARN). */
    record Grant(String action, String resource) {}

    /** Each function's grants, and what could not be read exactly. */
    record Result(Map<String, Set<Grant>> grants, List<String> problems) {}

    /**
     * The SAM policy templates this test can expand, as SAM's own policy_templates.json defines them
     * (aws-sam-translator 1.110.0, samtranslator/policy_templates_data/policy_templates.json, Apache-2.0:
     * the copy bundled with ../shared/tools/template-check). Only what the template used, or might.
     */
    private static final String SAM_POLICY_TEMPLATES = """
            {
              "SQSSendMessagePolicy": {"Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage*"],
                "Resource": {"Fn::Sub": ["arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}", {"queueName": {"Ref": "QueueName"}}]}}]},
              "SQSPollerPolicy": {"Statement": [{"Effect": "Allow", "Action": ["sqs:ChangeMessageVisibility",
                "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
                "Resource": {"Fn::Sub": ["arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}", {"queueName": {"Ref": "QueueName"}}]}}]},
              "DynamoDBCrudPolicy": {"Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:DeleteItem",
                "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
                "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"],
                "Resource": [{"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}", {"tableName": {"Ref": "TableName"}}]},
                             {"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*", {"tableName": {"Ref": "TableName"}}]}]}]},
              "DynamoDBReadPolicy": {"Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Scan",
                "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"],
                "Resource": [{"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}", {"tableName": {"Ref": "TableName"}}]},
                             {"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*", {"tableName": {"Ref": "TableName"}}]}]}]},
              "DynamoDBWritePolicy": {"Statement": [{"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:BatchWriteItem"],
                "Resource": [{"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}", {"tableName": {"Ref": "TableName"}}]},
                             {"Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*", {"tableName": {"Ref": "TableName"}}]}]}]},
              "EventBridgePutEventsPolicy": {"Statement": [{"Effect": "Allow", "Action": "events:PutEvents",
                "Resource": {"Fn::Sub": ["arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${eventBusName}", {"eventBusName": {"Ref": "EventBusName"}}]}}]},
              "SESCrudPolicy": {"Statement": [{"Effect": "Allow", "Action": ["ses:GetIdentityVerificationAttributes",
                "ses:SendEmail", "ses:SendRawEmail", "ses:VerifyEmailIdentity"],
                "Resource": {"Fn::Sub": ["arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${identityName}", {"identityName": {"Ref": "IdentityName"}}]}}]}
            }
            """;

    private TemplateGrants() {
    }

    static Result read(StackArns arns) {
        Map<String, Object> samTemplates;
        try {
            samTemplates = new ObjectMapper().readValue(SAM_POLICY_TEMPLATES, new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<Grant>> grants = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (SamTemplate.FunctionDef f : arns.template().functions()) {
            Set<Grant> mine = new LinkedHashSet<>();
            int n = 0;
            for (CfnValue policy : f.policies()) {
                String where = f.logicalId() + " Policies[" + n++ + "]";
                if (policy instanceof CfnValue.MapValue m && m.get("Statement") != null) {
                    statements(arns, m.get("Statement"), where, mine, problems);
                } else if (policy instanceof CfnValue.MapValue m && m.entries().size() == 1) {
                    String name = m.entries().keySet().iterator().next();
                    if (!(samTemplates.get(name) instanceof Map<?, ?> definition)) {
                        problems.add(where + ": SAM policy template " + name + " is not one this test can expand; write it as a Statement");
                        continue;
                    }
                    Map<String, CfnValue> params = m.get(name) instanceof CfnValue.MapValue p ? p.entries() : Map.of();
                    CfnValue statement = substitute(CfnValue.of(definition.get("Statement")), params);
                    statements(arns, statement, where + " (" + name + ")", mine, problems);
                } else {
                    problems.add(where + ": " + policy + " is not a policy statement this test can read (a managed policy?)");
                }
            }
            grants.put(f.logicalId(), mine);
        }
        return new Result(grants, problems);
    }

    private static void statements(StackArns arns, CfnValue value, String where, Set<Grant> out, List<String> problems) {
        List<CfnValue> list = value instanceof CfnValue.ListValue l ? l.items() : List.of(value);
        for (CfnValue s : list) {
            if (!(s instanceof CfnValue.MapValue statement)) {
                problems.add(where + ": a statement is not a map: " + s);
                continue;
            }
            String sid = statement.get("Sid") == null ? "" : " " + statement.get("Sid").literalString();
            String at = where + sid;
            for (String unsupported : List.of("NotAction", "NotResource", "Condition", "Principal", "NotPrincipal")) {
                if (statement.get(unsupported) != null) {
                    problems.add(at + ": " + unsupported + " is not evaluated here; grant exact actions on exact resources");
                }
            }
            String effect = statement.get("Effect") == null ? null : statement.get("Effect").literalString();
            if (!"Allow".equals(effect)) {
                problems.add(at + ": Effect " + effect + " is not evaluated here (only Allow)");
                continue;
            }
            List<String> actions = strings(arns, statement.get("Action"), at + " Action");
            List<String> resources = strings(arns, statement.get("Resource"), at + " Resource");
            if (actions.isEmpty() || resources.isEmpty()) {
                problems.add(at + ": a statement needs Action and Resource");
            }
            for (String action : actions) {
                if (action.contains("*") || action.contains("?")) {
                    problems.add(at + ": the wildcard action " + action + " on "
                            + String.join(", ", resources.stream().map(arns::label).toList()) + " grants more than it names; list the actions");
                    continue;
                }
                for (String resource : resources) {
                    if (resource.contains("*") || resource.contains("?")) {
                        problems.add(at + ": " + action + " on the wildcard resource " + arns.label(resource)
                                + " grants more than it names; list the resources");
                        continue;
                    }
                    out.add(new Grant(action, resource));
                }
            }
        }
    }

    private static List<String> strings(StackArns arns, CfnValue value, String where) {
        if (value == null) {
            return List.of();
        }
        Object resolved;
        try {
            resolved = arns.resolver().resolve(value);
        } catch (TemplateException e) {
            throw new TemplateException(where + ": " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        if (resolved instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else {
            out.add(String.valueOf(resolved));
        }
        return out;
    }

    /** The SAM policy template's definition with each Ref to one of its parameters replaced by the value given. */
    private static CfnValue substitute(CfnValue v, Map<String, CfnValue> params) {
        if (v instanceof CfnValue.Ref r && params.containsKey(r.name())) {
            return params.get(r.name());
        }
        if (v instanceof CfnValue.ListValue l) {
            return new CfnValue.ListValue(l.items().stream().map(x -> substitute(x, params)).toList());
        }
        if (v instanceof CfnValue.MapValue m) {
            Map<String, CfnValue> out = new LinkedHashMap<>();
            m.entries().forEach((k, x) -> out.put(k, substitute(x, params)));
            return new CfnValue.MapValue(out);
        }
        if (v instanceof CfnValue.Sub s) {
            Map<String, CfnValue> vars = new LinkedHashMap<>();
            s.variables().forEach((k, x) -> vars.put(k, substitute(x, params)));
            return new CfnValue.Sub(s.template(), vars);
        }
        return v;
    }
}
