package dunning.aws.events.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import java.time.Instant;
import java.util.Optional;

/** The field checks every Stripe object shares: ids with their prefixes, minor units, epoch seconds. */
final class StripeFields {
    /** Stripe's timestamps, epoch seconds: up to 9999-12-31T23:59:59Z. */
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private StripeFields() {}

    /** The object's {@code object} field must name its kind ("invoice", "charge", …). */
    static void kind(JsonNode o, String path, String kind) {
        if (!kind.equals(Fields.text(o, "object", path))) {
            throw new BadMessageException(path + ".object: expected " + kind);
        }
    }

    /** An id of {@code kind} starting with one of {@code prefixes} (Stripe's object ids carry their type). */
    static String id(JsonNode o, String name, String path, Id kind, String what, String... prefixes) {
        return prefixed(Fields.id(o, name, path, kind), path + "." + name, what, prefixes);
    }

    static Optional<String> optionalId(JsonNode o, String name, String path, Id kind, String what, String... prefixes) {
        return Fields.optionalId(o, name, path, kind).map(v -> prefixed(v, path + "." + name, what, prefixes));
    }

    private static String prefixed(String v, String path, String what, String... prefixes) {
        for (String p : prefixes) {
            if (v.startsWith(p)) {
                return v;
            }
        }
        throw new BadMessageException(path + ": not a Stripe " + what + " id (" + String.join(", ", prefixes) + "…): "
                + Fields.shown(v));
    }

    /** A customer as Stripe names it in an object: cus_… (never expanded in events), or null. */
    static Optional<String> customer(JsonNode o, String path) {
        return optionalId(o, "customer", path, Id.EXTERNAL, "customer", "cus_");
    }

    static long minorUnits(JsonNode o, String name, String path) {
        return Fields.integer(o, name, path, 0, StripeAmounts.MAX_MINOR_UNITS);
    }

    static Optional<Long> optionalMinorUnits(JsonNode o, String name, String path) {
        return Fields.optionalInteger(o, name, path, 0, StripeAmounts.MAX_MINOR_UNITS);
    }

    static Optional<Instant> epoch(JsonNode o, String name, String path) {
        return Fields.optionalInteger(o, name, path, 0, MAX_EPOCH_SECOND).map(Instant::ofEpochSecond);
    }

    /** A nested object that may be absent or null. */
    static Optional<JsonNode> optionalObject(JsonNode o, String name, String path) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isObject()) {
            throw new BadMessageException(path + "." + name + ": must be an object");
        }
        return Optional.of(n);
    }

    /** A short code Stripe sets (a decline code, a status): printable, at most 64 bytes. */
    static Optional<String> code(JsonNode o, String name, String path) {
        return Fields.optionalPrintable(o, name, path, "a code", 64);
    }
}
