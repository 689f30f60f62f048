package dunning.aws.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Item sizes the way DynamoDB counts them (names plus values), for staying under its limits before it says no. */
public final class Items {
    /** DynamoDB's item size limit. */
    static final long MAX_ITEM_BYTES = 400 * 1024;

    private Items() {}

    /** An item's size as DynamoDB counts it against its limits, in bytes. */
    public static long size(Map<String, AttributeValue> item) {
        if (item == null) {
            return 0;
        }
        long sum = 0;
        for (var e : item.entrySet()) {
            sum += e.getKey().getBytes(StandardCharsets.UTF_8).length + size(e.getValue());
        }
        return sum;
    }

    static long size(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return v.n().length() / 2 + 2;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasM()) {
            return 3 + size(v.m());
        }
        if (v.hasL()) {
            long sum = 3;
            for (AttributeValue x : v.l()) {
                sum += 1 + size(x);
            }
            return sum;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(x -> x.getBytes(StandardCharsets.UTF_8).length).sum();
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        return 8;
    }
}
