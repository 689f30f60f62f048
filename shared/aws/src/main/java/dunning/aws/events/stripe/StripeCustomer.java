package dunning.aws.events.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Dunning reads of a Stripe Customer: name, email, preferred locales, currency (null until the
 * customer is first invoiced), and the metadata Dunning looks at ({@code dunning_time_zone},
 * {@code dunning_ar_term}, {@code dunning}).
 */
public record StripeCustomer(String id, Optional<String> name, Optional<String> email, List<String> preferredLocales,
                             Optional<String> currency, Map<String, String> metadata) {
    /** Metadata keys Dunning reads; Stripe metadata values are strings of at most 500 characters. */
    public static final String TIME_ZONE = "dunning_time_zone";
    public static final String AR_TERM = "dunning_ar_term";
    /** {@code off}: the customer is not dunned, by design. */
    public static final String DUNNING = "dunning";

    public StripeCustomer {
        preferredLocales = List.copyOf(preferredLocales);
        metadata = Map.copyOf(metadata);
    }

    static StripeCustomer read(JsonNode o, String p) {
        StripeFields.kind(o, p, "customer");
        List<String> locales = new ArrayList<>();
        JsonNode l = o.get("preferred_locales");
        if (l != null && !l.isNull()) {
            if (!l.isArray()) {
                throw new BadMessageException(p + ".preferred_locales: must be an array of strings");
            }
            for (int i = 0; i < l.size() && i < 10; i++) {
                if (!l.get(i).isTextual()) {
                    throw new BadMessageException(p + ".preferred_locales[" + i + "]: must be a string");
                }
                locales.add(Fields.locale(l.get(i).asText(), p + ".preferred_locales[" + i + "]"));
            }
        }
        Map<String, String> metadata = new TreeMap<>();
        StripeFields.optionalObject(o, "metadata", p).ifPresent(m -> {
            for (String key : List.of(TIME_ZONE, AR_TERM, DUNNING)) {
                Fields.optionalPrintable(m, key, p + ".metadata", "a metadata value", 500).ifPresent(v -> metadata.put(key, v));
            }
        });
        return new StripeCustomer(StripeFields.id(o, "id", p, Id.EXTERNAL, "customer", "cus_"),
                Fields.optionalPrintable(o, "name", p, "a name", 256),
                Fields.optionalPrintable(o, "email", p, "an email address", 254),
                locales, Optional.ofNullable(o.get("currency")).filter(c -> !c.isNull()).map(c -> Fields.currency(o, "currency", p)),
                metadata);
    }

    /** Whether metadata says this customer is not dunned ({@code dunning: off}). */
    public boolean notDunned() {
        return "off".equalsIgnoreCase(metadata.getOrDefault(DUNNING, ""));
    }
}
