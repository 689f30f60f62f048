package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error the engine answers in DynamoDB's wire shape: HTTP 400 (500 for internal errors) with
 * {@code {"__type": "<namespace>#<Name>", "message": "..."}} plus any extra fields, such as
 * {@code CancellationReasons} or {@code Item}, so the SDK raises its typed exception.
 */
final class DynamoDbError extends RuntimeException {
    private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";

    private final String type;
    private final int status;
    private final ObjectNode extra;

    private DynamoDbError(String type, int status, String message, ObjectNode extra) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.extra = extra;
    }

    static DynamoDbError validation(String message) {
        return new DynamoDbError("com.amazon.coral.validate#ValidationException", 400, message, null);
    }

    static DynamoDbError conditionalCheckFailed(ObjectNode item) {
        ObjectNode extra = null;
        if (item != null) {
            extra = JsonNodeFactory.instance.objectNode();
            extra.set("Item", item);
        }
        return new DynamoDbError(DYNAMODB + "ConditionalCheckFailedException", 400,
                "The conditional request failed", extra);
    }

    static DynamoDbError resourceNotFound(String message) {
        return new DynamoDbError(DYNAMODB + "ResourceNotFoundException", 400, message, null);
    }

    static DynamoDbError resourceInUse(String message) {
        return new DynamoDbError(DYNAMODB + "ResourceInUseException", 400, message, null);
    }

    static DynamoDbError idempotentParameterMismatch(String message) {
        return new DynamoDbError(DYNAMODB + "IdempotentParameterMismatchException", 400, message, null);
    }

    static DynamoDbError transactionCanceled(String message, ObjectNode extra) {
        return new DynamoDbError(DYNAMODB + "TransactionCanceledException", 400, message, extra);
    }

    /** A throttled request: {@code ThrottlingException}, {@code ProvisionedThroughputExceededException} ... */
    static DynamoDbError throttled(String shortType, String message, ObjectNode extra) {
        return new DynamoDbError(DYNAMODB + shortType, 400, message, extra);
    }

    static DynamoDbError unknownOperation(String target) {
        return new DynamoDbError("com.amazon.coral.service#UnknownOperationException", 400,
                "Unknown operation: " + target, null);
    }

    static DynamoDbError serialization(String message) {
        return new DynamoDbError("com.amazon.coral.service#SerializationException", 400, message, null);
    }

    static DynamoDbError internal(String message) {
        return new DynamoDbError(DYNAMODB + "InternalServerError", 500, message, null);
    }

    /** The short name, e.g. {@code ConditionalCheckFailedException}. */
    String shortType() {
        return type.substring(type.indexOf('#') + 1);
    }

    int status() {
        return status;
    }

    ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", type);
        body.put("message", getMessage());
        if (extra != null) {
            body.setAll(extra);
        }
        return body;
    }
}
