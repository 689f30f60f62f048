package dunning.local.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * What IAM must allow for one SDK call: the actions and the resource each is checked on, as AWS
 * documents them. Pure: the request in, the needs out; {@link IamActionRecorder} applies it to every
 * call a handler makes.
 *
 * <ul>
 * <li>DynamoDB (Service Authorization Reference, "Actions, resources, and condition keys for Amazon
 *     DynamoDB"; Developer Guide, "Using IAM with DynamoDB transactions"): an item operation needs the
 *     action of its name on the table; Query and Scan need dynamodb:Query / dynamodb:Scan on the table, or
 *     on the index ARN ({@code table/T/index/I}) when the request names an index; BatchGetItem and
 *     BatchWriteItem are actions of their own on each table they touch; TransactWriteItems is no action:
 *     each part needs the action of its underlying operation (Put: PutItem, Update: UpdateItem, Delete:
 *     DeleteItem, ConditionCheck: dynamodb:ConditionCheckItem) on its table, and TransactGetItems needs
 *     dynamodb:GetItem per part.</li>
 * <li>SQS (Developer Guide, "Amazon SQS batch actions"): SendMessageBatch, DeleteMessageBatch and
 *     ChangeMessageVisibilityBatch have no permission of their own; they need sqs:SendMessage,
 *     sqs:DeleteMessage, sqs:ChangeMessageVisibility on the queue. Every other operation needs the
 *     action of its name on the queue.</li>
 * <li>EventBridge: PutEvents needs events:PutEvents on each bus its entries name (the default bus when
 *     an entry names none).</li>
 * <li>SES v2 (Service Authorization Reference, "Amazon Simple Email Service v2"): SendEmail needs
 *     ses:SendEmail on the sending identity; on the configuration set too when the request names one
 *     (and when the identity has a default configuration set, which the request does not show: see
 *     docs/security.md), and on the contact list when it names list management options.</li>
 * </ul>
 * An operation of these services not listed here, or of another service, is {@link Need#unmapped}: the
 * least-privilege test fails on it until its documented mapping is added, so nothing a function calls
 * can slip through unexamined.
 */
public final class IamActions {
    private IamActions() {
    }

    /** Where an action is needed, as the request names it (local names: the test maps them to the template's resources). */
    public sealed interface Target {
        /** A DynamoDB table by name. */
        record Table(String name) implements Target {}

        /** A global or local secondary index of a table. */
        record Index(String table, String index) implements Target {}

        /** An SQS queue by URL. */
        record Queue(String url) implements Target {}

        /** An EventBridge bus by name or ARN ("default" when the entry names none). */
        record Bus(String nameOrArn) implements Target {}

        /** The SES identity a mail is sent as: the From address (and the identity ARN when the request gives one). */
        record SesIdentity(String fromAddress, String identityArn) implements Target {}

        record SesConfigurationSet(String name) implements Target {}

        record SesContactList(String name) implements Target {}

        /** A call whose mapping is not known here. */
        record Unmapped(String service, String operation) implements Target {}
    }

    /** One action on one target. */
    public record Need(String action, Target target) {
        public static Need unmapped(String service, String operation) {
            return new Need("?", new Target.Unmapped(service, operation));
        }

        public boolean isUnmapped() {
            return target instanceof Target.Unmapped;
        }
    }

    /** The needs of one call; {@code service} and {@code operation} are the SDK's names ("DynamoDb", "TransactWriteItems"). */
    public static List<Need> of(String service, String operation, SdkRequest request) {
        return switch (service) {
            case "DynamoDb" -> dynamoDb(operation, request);
            case "Sqs" -> sqs(operation, request);
            case "EventBridge" -> eventBridge(operation, request);
            case "SesV2" -> sesV2(operation, request);
            default -> List.of(Need.unmapped(service, operation));
        };
    }

    private static List<Need> dynamoDb(String operation, SdkRequest request) {
        List<Need> needs = new ArrayList<>();
        if (request instanceof GetItemRequest r) {
            needs.add(new Need("dynamodb:GetItem", new Target.Table(r.tableName())));
        } else if (request instanceof PutItemRequest r) {
            needs.add(new Need("dynamodb:PutItem", new Target.Table(r.tableName())));
        } else if (request instanceof UpdateItemRequest r) {
            needs.add(new Need("dynamodb:UpdateItem", new Target.Table(r.tableName())));
        } else if (request instanceof DeleteItemRequest r) {
            needs.add(new Need("dynamodb:DeleteItem", new Target.Table(r.tableName())));
        } else if (request instanceof QueryRequest r) {
            needs.add(new Need("dynamodb:Query", r.indexName() == null ? new Target.Table(r.tableName())
                    : new Target.Index(r.tableName(), r.indexName())));
        } else if (request instanceof ScanRequest r) {
            needs.add(new Need("dynamodb:Scan", r.indexName() == null ? new Target.Table(r.tableName())
                    : new Target.Index(r.tableName(), r.indexName())));
        } else if (request instanceof BatchGetItemRequest r) {
            r.requestItems().keySet().forEach(t -> needs.add(new Need("dynamodb:BatchGetItem", new Target.Table(t))));
        } else if (request instanceof BatchWriteItemRequest r) {
            r.requestItems().keySet().forEach(t -> needs.add(new Need("dynamodb:BatchWriteItem", new Target.Table(t))));
        } else if (request instanceof TransactWriteItemsRequest r) {
            for (TransactWriteItem part : r.transactItems()) {
                needs.add(transactPart(part));
            }
        } else if (request instanceof TransactGetItemsRequest r) {
            for (TransactGetItem part : r.transactItems()) {
                needs.add(new Need("dynamodb:GetItem", new Target.Table(part.get().tableName())));
            }
        } else {
            needs.add(Need.unmapped("DynamoDb", operation));
        }
        return needs;
    }

    private static Need transactPart(TransactWriteItem part) {
        if (part.put() != null) {
            return new Need("dynamodb:PutItem", new Target.Table(part.put().tableName()));
        }
        if (part.update() != null) {
            return new Need("dynamodb:UpdateItem", new Target.Table(part.update().tableName()));
        }
        if (part.delete() != null) {
            return new Need("dynamodb:DeleteItem", new Target.Table(part.delete().tableName()));
        }
        if (part.conditionCheck() != null) {
            return new Need("dynamodb:ConditionCheckItem", new Target.Table(part.conditionCheck().tableName()));
        }
        return Need.unmapped("DynamoDb", "TransactWriteItems part " + part);
    }

    /** The SQS operations and their action (batch forms included); each takes its queue's URL. */
    private static final Map<String, String> SQS_ACTIONS = Map.ofEntries(
            Map.entry("SendMessage", "sqs:SendMessage"),
            Map.entry("SendMessageBatch", "sqs:SendMessage"),
            Map.entry("ReceiveMessage", "sqs:ReceiveMessage"),
            Map.entry("DeleteMessage", "sqs:DeleteMessage"),
            Map.entry("DeleteMessageBatch", "sqs:DeleteMessage"),
            Map.entry("ChangeMessageVisibility", "sqs:ChangeMessageVisibility"),
            Map.entry("ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility"),
            Map.entry("GetQueueAttributes", "sqs:GetQueueAttributes"),
            Map.entry("SetQueueAttributes", "sqs:SetQueueAttributes"),
            Map.entry("PurgeQueue", "sqs:PurgeQueue"));

    private static List<Need> sqs(String operation, SdkRequest request) {
        String action = SQS_ACTIONS.get(operation);
        var url = request.getValueForField("QueueUrl", String.class);
        if (action == null || url.isEmpty()) {
            return List.of(Need.unmapped("Sqs", operation));
        }
        return List.of(new Need(action, new Target.Queue(url.get())));
    }

    private static List<Need> eventBridge(String operation, SdkRequest request) {
        if (!(request instanceof PutEventsRequest r)) {
            return List.of(Need.unmapped("EventBridge", operation));
        }
        List<Need> needs = new ArrayList<>();
        for (PutEventsRequestEntry e : r.entries()) {
            needs.add(new Need("events:PutEvents", new Target.Bus(e.eventBusName() == null || e.eventBusName().isEmpty()
                    ? "default" : e.eventBusName())));
        }
        return needs;
    }

    private static List<Need> sesV2(String operation, SdkRequest request) {
        if (!(request instanceof SendEmailRequest r)) {
            return List.of(Need.unmapped("SesV2", operation));
        }
        List<Need> needs = new ArrayList<>();
        needs.add(new Need("ses:SendEmail", new Target.SesIdentity(r.fromEmailAddress(), r.fromEmailAddressIdentityArn())));
        if (r.configurationSetName() != null) {
            needs.add(new Need("ses:SendEmail", new Target.SesConfigurationSet(r.configurationSetName())));
        }
        if (r.listManagementOptions() != null) {
            needs.add(new Need("ses:SendEmail", new Target.SesContactList(r.listManagementOptions().contactListName())));
        }
        return needs;
    }
}
