package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;

/**
 * The value of a key attribute (S, N or B), with DynamoDB's order: strings by their UTF-8 bytes,
 * numbers numerically, binaries by unsigned bytes. Equal when the (normalised) values are equal.
 */
final class KeyValue implements Comparable<KeyValue> {
    static final Comparator<KeyValue> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private final JsonNode value;
    private final String type;
    private final byte[] bytes;
    private final BigDecimal number;

    KeyValue(JsonNode value) {
        this.value = value;
        this.type = AttributeValues.type(value);
        String text = AttributeValues.payload(value).asText();
        switch (type) {
            case "S" -> {
                bytes = text.getBytes(StandardCharsets.UTF_8);
                number = null;
            }
            case "B" -> {
                bytes = Base64.getDecoder().decode(text);
                number = null;
            }
            case "N" -> {
                bytes = null;
                number = new BigDecimal(text);
            }
            default -> throw new IllegalArgumentException("not a key type: " + type);
        }
    }

    JsonNode value() {
        return value;
    }

    String type() {
        return type;
    }

    @Override
    public int compareTo(KeyValue o) {
        if (!type.equals(o.type)) {
            return type.compareTo(o.type);
        }
        return number != null ? number.compareTo(o.number) : Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue k && value.equals(k.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
