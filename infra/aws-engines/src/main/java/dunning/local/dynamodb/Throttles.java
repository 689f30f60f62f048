package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import static dunning.local.dynamodb.AttributeValues.JSON;

/**
 * Throttling a test switches on: the next n requests of an operation are answered as DynamoDB
 * answers a throttled one. By default the answer follows the table's billing mode, as the API
 * reference documents it: on an on-demand table a data-plane call gets {@code ThrottlingException}
 * ("Throughput exceeds the current capacity of your table or index ..."), on a provisioned one
 * {@code ProvisionedThroughputExceededException}, both with their throttling reasons; a
 * transaction is cancelled instead ({@code TransactionCanceledException}, reason
 * {@code ThrottlingError} or {@code ProvisionedThroughputExceeded}), which the SDK does not retry;
 * a control-plane call gets {@code ThrottlingException}.
 */
final class Throttles {
    static final String ON_DEMAND = "Throughput exceeds the current capacity of your table or index. DynamoDB is "
            + "automatically scaling your table or index so please try again shortly. If exceptions persist, check if "
            + "you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
    static final String PROVISIONED = "The level of configured provisioned throughput for the table was exceeded. "
            + "Consider increasing your provisioning level with the UpdateTable API.";
    static final String CONTROL_PLANE = "Rate of requests exceeds the allowed throughput.";
    static final String ACCOUNT = "Throughput exceeds the current throughput quota for your account. Please contact "
            + "AWS Support at https://aws.amazon.com/support request a quota increase.";

    static final Set<String> CODES = Set.of("ThrottlingException", "ProvisionedThroughputExceededException",
            "RequestLimitExceeded", "TransactionCanceledException");
    private static final Set<String> CONTROL = Set.of("CreateTable", "DescribeTable", "ListTables", "DeleteTable",
            "UpdateTable", "DescribeTimeToLive", "DescribeEndpoints");
    private static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    private static final Set<String> TRANSACTIONS = Set.of("TransactWriteItems", "TransactGetItems");

    private static final class Pending {
        final String operation;
        final String code;
        int remaining;

        Pending(String operation, String code, int remaining) {
            this.operation = operation;
            this.code = code;
            this.remaining = remaining;
        }
    }

    private final List<Pending> pending = new ArrayList<>();
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    synchronized void add(String operation, int times, String code) {
        if (operation == null || operation.isEmpty()) {
            throw new IllegalArgumentException("name an operation, e.g. \"TransactWriteItems\", or \"*\" for any");
        }
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative: " + times);
        }
        if (code != null && !CODES.contains(code)) {
            throw new IllegalArgumentException("not a DynamoDB throttling answer: " + code + "; one of " + new TreeSet<>(CODES));
        }
        if (code != null && code.equals("TransactionCanceledException") && !operation.equals("*")
                && !TRANSACTIONS.contains(operation)) {
            throw new IllegalArgumentException("only a transaction is cancelled: " + operation);
        }
        pending.add(new Pending(operation, code, times));
    }

    /** The throttled answer for this request, or null when it goes through. */
    DynamoDbError next(String operation, JsonNode request, Engine engine) {
        String code;
        synchronized (this) {
            Pending hit = null;
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.remaining <= 0) {
                    it.remove();
                } else if (p.operation.equals("*") || p.operation.equals(operation)) {
                    hit = p;
                    break;
                }
            }
            if (hit == null) {
                return null;
            }
            hit.remaining--;
            code = hit.code;
        }
        counts.computeIfAbsent(operation, k -> new LongAdder()).increment();
        return answer(operation, code, request, engine);
    }

    private static DynamoDbError answer(String operation, String code, JsonNode request, Engine engine) {
        String[] table = engine.arnAndBillingMode(tableOf(operation, request));
        boolean provisioned = table != null && table[1].equals("PROVISIONED");
        if (code == null) {
            code = CONTROL.contains(operation) ? "ThrottlingException"
                    : TRANSACTIONS.contains(operation) ? "TransactionCanceledException"
                    : provisioned ? "ProvisionedThroughputExceededException" : "ThrottlingException";
        }
        if (code.equals("TransactionCanceledException") && TRANSACTIONS.contains(operation)) {
            // the first action hit the throttled partition, the others had nothing wrong
            ArrayNode reasons = JSON.arrayNode();
            List<String> codes = new ArrayList<>();
            int actions = Math.max(1, request.path("TransactItems").size());
            for (int i = 0; i < actions; i++) {
                ObjectNode r = reasons.addObject();
                String c = i > 0 ? "None" : provisioned ? "ProvisionedThroughputExceeded" : "ThrottlingError";
                r.put("Code", c);
                if (i == 0) {
                    r.put("Message", provisioned ? PROVISIONED : ON_DEMAND);
                }
                codes.add(c);
            }
            ObjectNode extra = JSON.objectNode();
            extra.set("CancellationReasons", reasons);
            return DynamoDbError.transactionCanceled("Transaction cancelled, please refer cancellation reasons for "
                    + "specific reasons " + codes, extra);
        }
        String message = CONTROL.contains(operation) ? CONTROL_PLANE
                : code.equals("RequestLimitExceeded") ? ACCOUNT
                : code.equals("ProvisionedThroughputExceededException") || provisioned ? PROVISIONED : ON_DEMAND;
        ObjectNode extra = null;
        if (table != null && !CONTROL.contains(operation)) {
            extra = JSON.objectNode();
            // the service model spells the member differently per error shape
            ObjectNode reason = extra.putArray(code.equals("ThrottlingException") ? "throttlingReasons" : "ThrottlingReasons")
                    .addObject();
            String limit = code.equals("RequestLimitExceeded") ? "AccountLimitExceeded"
                    : provisioned ? "ProvisionedThroughputExceeded" : "KeyRangeThroughputExceeded";
            reason.put("reason", "Table" + (READS.contains(operation) ? "Read" : "Write") + limit);
            reason.put("resource", table[0]);
        }
        return DynamoDbError.throttled(code, message, extra);
    }

    /** The (first) table a request names. */
    private static String tableOf(String operation, JsonNode request) {
        if (request.hasNonNull("TableName")) {
            return request.get("TableName").asText();
        }
        Iterator<String> names = request.path("RequestItems").fieldNames();
        if (names.hasNext()) {
            return names.next();
        }
        JsonNode first = request.path("TransactItems").path(0);
        Iterator<JsonNode> bodies = first.elements();
        return bodies.hasNext() ? bodies.next().path("TableName").asText(null) : null;
    }

    long count(String operation) {
        LongAdder a = counts.get(operation);
        return a == null ? 0 : a.sum();
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    synchronized void clear() {
        pending.clear();
    }
}
