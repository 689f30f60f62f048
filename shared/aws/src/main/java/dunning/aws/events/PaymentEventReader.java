package dunning.aws.events;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the EventBridge envelopes that reach PaymentEventsQueue: payments ({@link #read}) and, through
 * {@link #readInbound}, account instructions too. A source outside the allowed
 * prefixes, an unknown detail-type or a detail that breaks its schema is a BadMessageException
 * naming the reason.
 */
public final class PaymentEventReader {
    public static final String PAYMENT_FAILED = "Payment Failed";
    public static final String PAYMENT_SUCCEEDED = "Payment Succeeded";
    public static final String STRIPE_PAYMENT_FAILED = "invoice.payment_failed";
    public static final String STRIPE_PAID = "invoice.paid";
    public static final String STRIPE_SOURCE_PREFIX = "aws.partner/stripe.com";
    /** Used for a Stripe failure that carries no decline code: a soft decline, Stripe retries too. */
    public static final String STRIPE_UNKNOWN_DECLINE = "generic_decline";

    private static final Set<String> OWN_FAILED = Set.of("paymentId", "accountId", "invoiceId", "amount", "currency",
            "declineCode", "failedAt", "attempt");
    private static final Set<String> OWN_SUCCEEDED = Set.of("paymentId", "accountId", "invoiceId", "amount", "currency", "paidAt");

    private static final Set<String> INSTRUCTIONS = Set.of(AccountInstruction.DISPUTE_CHANGED,
            AccountInstruction.PAYMENT_PLAN_AGREED, AccountInstruction.LEVEL_APPROVED, AccountInstruction.EXEMPTION_CHANGED);

    private final List<String> allowedSourcePrefixes;

    /** @param allowedSources the comma list of ALLOWED_EVENT_SOURCES; each entry is a prefix */
    public PaymentEventReader(String allowedSources) {
        this.allowedSourcePrefixes = java.util.Arrays.stream(allowedSources.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (allowedSourcePrefixes.isEmpty()) {
            throw new IllegalStateException("ALLOWED_EVENT_SOURCES holds no source");
        }
    }

    /** A payment or an account instruction, by detail-type. */
    public InboundEvent readInbound(JsonNode envelope) {
        Fields.requireObject(envelope, "$");
        String detailType = Fields.text(envelope, "detail-type", "$");
        if (!INSTRUCTIONS.contains(detailType)) {
            return read(envelope);
        }
        allowedSource(Fields.text(envelope, "source", "$"));
        Instant time = Fields.optionalInstant(envelope, "time", "$").orElse(Instant.EPOCH);
        JsonNode d = Fields.object(envelope, "detail", "$");
        String p = "$.detail";
        String eventId = Fields.text(d, "eventId", p);
        PaymentEvent.AccountRef account = new PaymentEvent.AccountRef.Direct(Fields.text(d, "accountId", p));
        return switch (detailType) {
            case AccountInstruction.DISPUTE_CHANGED -> {
                Fields.onlyKnown(d, p, Set.of("eventId", "accountId", "invoiceId", "status", "changedAt"));
                String status = Fields.text(d, "status", p);
                if (!status.equals("OPEN") && !status.equals("CLOSED")) {
                    throw new BadMessageException(p + ".status: expected OPEN or CLOSED, got " + status);
                }
                yield new AccountInstruction.DisputeChanged(eventId, account, Fields.text(d, "invoiceId", p),
                        status.equals("OPEN"), Fields.optionalInstant(d, "changedAt", p).orElse(time));
            }
            case AccountInstruction.PAYMENT_PLAN_AGREED -> {
                Fields.onlyKnown(d, p, Set.of("eventId", "accountId", "invoiceIds", "installments", "everyDays", "agreedAt"));
                long installments = Fields.integer(d, "installments", p);
                long everyDays = Fields.integer(d, "everyDays", p);
                if (installments < 1 || installments > 24) {
                    throw new BadMessageException(p + ".installments: expected 1 to 24, got " + installments);
                }
                if (everyDays < 1 || everyDays > 366) {
                    throw new BadMessageException(p + ".everyDays: expected 1 to 366, got " + everyDays);
                }
                yield new AccountInstruction.PaymentPlanAgreed(eventId, account, Fields.texts(d, "invoiceIds", p, 1, 100),
                        (int) installments, (int) everyDays, Fields.optionalInstant(d, "agreedAt", p).orElse(time));
            }
            case AccountInstruction.LEVEL_APPROVED -> {
                Fields.onlyKnown(d, p, Set.of("eventId", "accountId", "level", "approvedBy", "approvedAt"));
                Fields.optionalText(d, "approvedBy", p);
                yield new AccountInstruction.LevelApproved(eventId, account, Fields.text(d, "level", p),
                        Fields.optionalInstant(d, "approvedAt", p).orElse(time));
            }
            default -> {
                Fields.onlyKnown(d, p, Set.of("eventId", "accountId", "exempt", "reason", "changedAt"));
                if (d.get("exempt") == null || !d.get("exempt").isBoolean()) {
                    throw new BadMessageException(p + ".exempt: required, true or false");
                }
                Fields.optionalText(d, "reason", p);
                yield new AccountInstruction.ExemptionChanged(eventId, account, d.get("exempt").booleanValue(),
                        Fields.optionalInstant(d, "changedAt", p).orElse(time));
            }
        };
    }

    private void allowedSource(String source) {
        if (allowedSourcePrefixes.stream().noneMatch(source::startsWith)) {
            throw new BadMessageException("source not allowed: " + source + " (ALLOWED_EVENT_SOURCES=" + allowedSourcePrefixes + ")");
        }
    }

    public PaymentEvent read(JsonNode envelope) {
        Fields.requireObject(envelope, "$");
        String source = Fields.text(envelope, "source", "$");
        allowedSource(source);
        String detailType = Fields.text(envelope, "detail-type", "$");
        Instant time = Fields.optionalInstant(envelope, "time", "$").orElse(Instant.EPOCH);
        JsonNode detail = Fields.object(envelope, "detail", "$");
        return switch (detailType) {
            case PAYMENT_FAILED -> ownFailed(detail, time);
            case PAYMENT_SUCCEEDED -> ownSucceeded(detail, time);
            case STRIPE_PAYMENT_FAILED, STRIPE_PAID -> {
                if (!source.startsWith(STRIPE_SOURCE_PREFIX)) {
                    throw new BadMessageException("detail-type " + detailType + " is only accepted from " + STRIPE_SOURCE_PREFIX);
                }
                yield stripe(detailType, detail);
            }
            default -> throw new BadMessageException("unknown detail-type: " + detailType);
        };
    }

    private static PaymentEvent ownFailed(JsonNode d, Instant time) {
        String p = "$.detail";
        Fields.onlyKnown(d, p, OWN_FAILED);
        Fields.optionalInteger(d, "attempt", p);
        String currency = Fields.currency(d, "currency", p);
        return new PaymentEvent.Failed(Fields.text(d, "paymentId", p), new PaymentEvent.AccountRef.Direct(Fields.text(d, "accountId", p)),
                Fields.optionalText(d, "invoiceId", p), atScale(Fields.amount(d, "amount", p), currency, p + ".amount"),
                currency, Fields.text(d, "declineCode", p), Fields.optionalInstant(d, "failedAt", p).orElse(time));
    }

    private static PaymentEvent ownSucceeded(JsonNode d, Instant time) {
        String p = "$.detail";
        Fields.onlyKnown(d, p, OWN_SUCCEEDED);
        String currency = Fields.currency(d, "currency", p);
        BigDecimal amount = atScale(Fields.amount(d, "amount", p), currency, p + ".amount");
        if (amount.signum() <= 0) {
            throw new BadMessageException(p + ".amount: a payment must be positive");
        }
        return new PaymentEvent.Succeeded(Fields.text(d, "paymentId", p), new PaymentEvent.AccountRef.Direct(Fields.text(d, "accountId", p)),
                Fields.optionalText(d, "invoiceId", p), amount, currency, Fields.optionalInstant(d, "paidAt", p).orElse(time));
    }

    private static PaymentEvent stripe(String type, JsonNode d) {
        String p = "$.detail";
        String eventId = Fields.text(d, "id", p);
        if (!eventId.startsWith("evt_")) {
            throw new BadMessageException(p + ".id: not a Stripe event id: " + eventId);
        }
        if (!type.equals(Fields.text(d, "type", p))) {
            throw new BadMessageException(p + ".type: does not match detail-type " + type);
        }
        JsonNode invoice = Fields.object(Fields.object(d, "data", p), "object", p + ".data");
        String ip = p + ".data.object";
        if (!"invoice".equals(Fields.text(invoice, "object", ip))) {
            throw new BadMessageException(ip + ".object: expected invoice");
        }
        String customer = Fields.text(invoice, "customer", ip);
        String currency = Fields.currency(invoice, "currency", ip);
        long minor = Fields.integer(invoice, STRIPE_PAID.equals(type) ? "amount_paid" : "amount_due", ip);
        if (minor < 0) {
            throw new BadMessageException(ip + ": negative amount");
        }
        BigDecimal amount = fromMinorUnits(minor, currency);
        Optional<String> invoiceId = Optional.empty();
        JsonNode metadata = invoice.get("metadata");
        if (metadata != null && metadata.isObject()) {
            invoiceId = Fields.optionalText(metadata, "dunning_invoice_id", ip + ".metadata");
        }
        Instant created = Fields.optionalInteger(d, "created", p).map(Instant::ofEpochSecond).orElse(Instant.EPOCH);
        var account = new PaymentEvent.AccountRef.External("stripe", customer);
        String paymentId = "stripe:" + eventId;
        if (STRIPE_PAID.equals(type)) {
            if (amount.signum() == 0) {
                throw new BadMessageException(ip + ".amount_paid: zero, nothing to apply");
            }
            return new PaymentEvent.Succeeded(paymentId, account, invoiceId, amount, currency, created);
        }
        // a failure is followed up on its invoice: the dunning invoice id the integrator set, else Stripe's own
        invoiceId = invoiceId.or(() -> Fields.optionalText(invoice, "id", ip));
        String decline = STRIPE_UNKNOWN_DECLINE;
        JsonNode error = invoice.get("last_payment_error");
        if (error != null && error.isObject()) {
            decline = Fields.optionalText(error, "decline_code", ip + ".last_payment_error")
                    .or(() -> Fields.optionalText(error, "code", ip + ".last_payment_error")).orElse(decline);
        }
        return new PaymentEvent.Failed(paymentId, account, invoiceId, amount, currency, decline, created);
    }

    /** Stripe amounts are integers in the currency's minor unit (JPY 0 decimals, BHD 3, most 2). */
    public static BigDecimal fromMinorUnits(long minor, String currency) {
        return BigDecimal.valueOf(minor, scale(currency));
    }

    static BigDecimal atScale(BigDecimal amount, String currency, String path) {
        int scale = scale(currency);
        if (amount.stripTrailingZeros().scale() > scale) {
            throw new BadMessageException(path + ": more decimals than " + currency + " has (" + scale + ")");
        }
        return amount.setScale(scale);
    }

    public static int scale(String currency) {
        try {
            int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
            return Math.max(digits, 0);
        } catch (IllegalArgumentException e) {
            throw new BadMessageException("unknown currency " + currency);
        }
    }
}
