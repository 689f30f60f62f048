package dunning.aws.events;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import dunning.aws.events.stripe.StripeEventReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the EventBridge envelopes that reach PaymentEventsQueue ({@link #readInbound}). Each detail-type
 * is accepted from its own producer only, and each producer by its exact source:
 * <ul>
 * <li>{@code billing.payments}: {@code Payment Failed}, {@code Payment Succeeded}, {@code Payment Refunded};</li>
 * <li>{@code billing.accounts}: {@code Account Upserted}, {@code Invoice Dispute Changed}, {@code Payment Plan Agreed},
 *     {@code Dunning Level Approved}, {@code Dunning Exemption Changed};</li>
 * <li>{@code billing.invoices}: {@code Invoice Issued}, {@code Invoice Voided}, {@code Credit Note Issued};</li>
 * <li>Stripe's partner source {@code aws.partner/stripe.com/<event destination id>} ({@code ed_…} live,
 *     {@code ed_test_…} in a sandbox): the Stripe event types of {@link StripeEventReader#TYPES}, read by
 *     {@link StripeEventReader}.</li>
 * </ul>
 * ALLOWED_EVENT_SOURCES says which of them this stack takes: a comma list of exact sources, where the
 * Stripe one is either one destination's source or the pattern {@value #STRIPE_ANY_DESTINATION} (any
 * destination id). A source that is not allowed, a detail-type from another producer's source, an
 * unknown detail-type or a detail that breaks its schema is a BadMessageException naming the reason.
 */
public final class PaymentEventReader {
    public static final String PAYMENT_FAILED = "Payment Failed";
    public static final String PAYMENT_SUCCEEDED = "Payment Succeeded";
    public static final String PAYMENT_REFUNDED = "Payment Refunded";
    public static final String PAYMENTS_SOURCE = "billing.payments";
    public static final String ACCOUNTS_SOURCE = "billing.accounts";
    public static final String INVOICES_SOURCE = "billing.invoices";
    public static final String STRIPE_SOURCE_PREFIX = "aws.partner/stripe.com/";
    /** The ALLOWED_EVENT_SOURCES entry for any of Stripe's event destinations. */
    public static final String STRIPE_ANY_DESTINATION = STRIPE_SOURCE_PREFIX + "ed_*";
    /** Retry attempts of one payment a {@code Payment Failed} may count. */
    public static final int MAX_ATTEMPT = 100;
    /** Invoices one payment plan may cover: its inbox transaction checks each exists (DynamoDB takes 100 items). */
    public static final int MAX_PLAN_INVOICES = 50;
    public static final int MAX_INSTALLMENTS = 24;
    public static final int MAX_EVERY_DAYS = 366;

    /** An event destination's source: Stripe's ids are letters and digits after ed_ (or ed_test_). */
    private static final Pattern STRIPE_SOURCE = Pattern.compile("aws\\.partner/stripe\\.com/ed_[A-Za-z0-9_]{1,200}");

    private static final Set<String> OWN_FAILED = Set.of("paymentId", "accountId", "invoiceId", "amount", "currency",
            "declineCode", "failedAt", "attempt");
    private static final Set<String> OWN_SUCCEEDED = Set.of("paymentId", "accountId", "invoiceId", "amount", "currency", "paidAt");

    /** Who may send what. */
    private enum Producer {
        PAYMENTS(PAYMENTS_SOURCE, Set.of(PAYMENT_FAILED, PAYMENT_SUCCEEDED, PAYMENT_REFUNDED)),
        ACCOUNTS(ACCOUNTS_SOURCE, Set.of(BillingEvent.ACCOUNT_UPSERTED, AccountInstruction.DISPUTE_CHANGED,
                AccountInstruction.PAYMENT_PLAN_AGREED, AccountInstruction.LEVEL_APPROVED, AccountInstruction.EXEMPTION_CHANGED)),
        INVOICES(INVOICES_SOURCE, Set.of(BillingEvent.INVOICE_ISSUED, BillingEvent.INVOICE_VOIDED, BillingEvent.CREDIT_NOTE_ISSUED)),
        STRIPE(STRIPE_SOURCE_PREFIX + "ed_…", StripeEventReader.TYPES);

        final String source;
        final Set<String> detailTypes;

        Producer(String source, Set<String> detailTypes) {
            this.source = source;
            this.detailTypes = detailTypes;
        }

        static Optional<Producer> ofSource(String source) {
            if (source.equals(PAYMENTS_SOURCE)) {
                return Optional.of(PAYMENTS);
            }
            if (source.equals(ACCOUNTS_SOURCE)) {
                return Optional.of(ACCOUNTS);
            }
            if (source.equals(INVOICES_SOURCE)) {
                return Optional.of(INVOICES);
            }
            return STRIPE_SOURCE.matcher(source).matches() ? Optional.of(STRIPE) : Optional.empty();
        }

        static Optional<Producer> ofDetailType(String detailType) {
            for (Producer p : values()) {
                if (p.detailTypes.contains(detailType)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    private final Set<String> allowed;
    private final boolean anyStripeDestination;

    /**
     * @param allowedSources ALLOWED_EVENT_SOURCES: exact sources, comma-separated; an entry that is no
     *     producer's source is a configuration error, reported at start rather than on every message
     */
    public PaymentEventReader(String allowedSources) {
        Set<String> exact = new LinkedHashSet<>();
        boolean anyStripe = false;
        List<String> unknown = new ArrayList<>();
        for (String raw : (allowedSources == null ? "" : allowedSources).split(",")) {
            String s = raw.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (s.equals(STRIPE_ANY_DESTINATION)) {
                anyStripe = true;
            } else if (Producer.ofSource(s).isPresent()) {
                exact.add(s);
            } else {
                unknown.add(s);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("ALLOWED_EVENT_SOURCES: " + unknown + " is no source payment-events reads; it takes "
                    + PAYMENTS_SOURCE + ", " + ACCOUNTS_SOURCE + ", " + INVOICES_SOURCE + ", " + STRIPE_ANY_DESTINATION + " or one "
                    + STRIPE_SOURCE_PREFIX + "ed_… source, each exactly");
        }
        if (exact.isEmpty() && !anyStripe) {
            throw new IllegalStateException("ALLOWED_EVENT_SOURCES holds no source");
        }
        this.allowed = java.util.Collections.unmodifiableSet(exact);
        this.anyStripeDestination = anyStripe;
    }

    /** An event, by detail-type, from the source that owns it: the stack's own, or Stripe's. */
    public ConsumedEvent readInbound(JsonNode envelope) {
        Fields.requireObject(envelope, "$");
        String source = Fields.text(envelope, "source", "$");
        String detailType = Fields.text(envelope, "detail-type", "$");
        Producer from = Producer.ofSource(source).filter(p -> allowed.contains(source) || p == Producer.STRIPE && anyStripeDestination)
                .orElseThrow(() -> new BadMessageException("$.source: source not allowed: " + Fields.shown(source)
                        + " (ALLOWED_EVENT_SOURCES: " + allowedSources() + ")"));
        Producer owner = Producer.ofDetailType(detailType)
                .orElseThrow(() -> new BadMessageException("$.detail-type: unknown detail-type: " + Fields.shown(detailType)));
        if (owner != from) {
            throw new BadMessageException("$.detail-type: " + detailType + " is accepted only from " + owner.source
                    + ", not from " + source);
        }
        Instant time = Fields.optionalInstant(envelope, "time", "$").orElse(Instant.EPOCH);
        JsonNode detail = Fields.object(envelope, "detail", "$");
        if (from == Producer.STRIPE) {
            return StripeEventReader.read(detailType, detail);
        }
        return switch (detailType) {
            case PAYMENT_FAILED -> ownFailed(detail, time);
            case PAYMENT_SUCCEEDED -> ownSucceeded(detail, time);
            case PAYMENT_REFUNDED -> BillingEventReader.paymentRefunded(detail, time);
            case BillingEvent.ACCOUNT_UPSERTED -> BillingEventReader.accountUpserted(detail);
            case BillingEvent.INVOICE_ISSUED -> BillingEventReader.invoiceIssued(detail, time);
            case BillingEvent.INVOICE_VOIDED -> BillingEventReader.invoiceVoided(detail, time);
            case BillingEvent.CREDIT_NOTE_ISSUED -> BillingEventReader.creditNoteIssued(detail, time);
            default -> instruction(detailType, detail, time);
        };
    }

    /** A payment event (tests and tools); anything else here is a BadMessageException. */
    public PaymentEvent read(JsonNode envelope) {
        ConsumedEvent e = readInbound(envelope);
        if (e instanceof PaymentEvent p) {
            return p;
        }
        throw new BadMessageException("$.detail-type: not a payment event");
    }

    private String allowedSources() {
        List<String> all = new ArrayList<>(allowed);
        if (anyStripeDestination) {
            all.add(STRIPE_ANY_DESTINATION);
        }
        return String.join(",", all);
    }

    private static AccountInstruction instruction(String detailType, JsonNode d, Instant time) {
        String p = "$.detail";
        String eventId = Fields.id(d, "eventId", p, Id.EVENT);
        PaymentEvent.AccountRef account = new PaymentEvent.AccountRef.Direct(Fields.id(d, "accountId", p, Id.ACCOUNT));
        return switch (detailType) {
            case AccountInstruction.DISPUTE_CHANGED -> {
                Fields.onlyKnown(d, p, Set.of("eventId", "accountId", "invoiceId", "status", "changedAt"));
                String status = Fields.text(d, "status", p);
                if (!status.equals("OPEN") && !status.equals("CLOSED")) {
                    throw new BadMessageException(p + ".status: expected OPEN or CLOSED, got " + Fields.shown(status));
                }
                yield new AccountInstruction.DisputeChanged(eventId, account, Fields.id(d, "invoiceId", p, Id.INVOICE),
                        status.equals("OPEN"), Fields.optionalInstant(d, "changedAt", p).orElse(time));
            }
            case AccountInstruction.PAYMENT_PLAN_AGREED -> {
                Fields.onlyKnown(d, p, Set.of("eventId", "accountId", "invoiceIds", "installments", "everyDays", "agreedAt"));
                List<String> invoices = Fields.ids(d, "invoiceIds", p, 1, MAX_PLAN_INVOICES, Id.INVOICE);
                long installments = Fields.integer(d, "installments", p, 1, MAX_INSTALLMENTS);
                long everyDays = Fields.integer(d, "everyDays", p, 1, MAX_EVERY_DAYS);
                yield new AccountInstruction.PaymentPlanAgreed(eventId, account, invoices, (int) installments, (int) everyDays,
                        Fields.optionalInstant(d, "agreedAt", p).orElse(time));
            }
            case AccountInstruction.LEVEL_APPROVED -> {
                Fields.onlyKnown(d, p, Set.of("eventId", "accountId", "level", "approvedBy", "approvedAt"));
                Fields.optionalText(d, "approvedBy", p);
                yield new AccountInstruction.LevelApproved(eventId, account, Fields.id(d, "level", p, Id.LEVEL),
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

    private static PaymentEvent ownFailed(JsonNode d, Instant time) {
        String p = "$.detail";
        Fields.onlyKnown(d, p, OWN_FAILED);
        String paymentId = Fields.id(d, "paymentId", p, Id.EVENT);
        String accountId = Fields.id(d, "accountId", p, Id.ACCOUNT);
        if (d.get("invoiceId") == null || d.get("invoiceId").isNull()) {
            throw new BadMessageException(p + ".invoiceId: required: dunning follows a failed payment up on its invoice");
        }
        String invoiceId = Fields.id(d, "invoiceId", p, Id.INVOICE);
        String currency = Fields.currency(d, "currency", p);
        BigDecimal amount = Fields.money(d, "amount", p, currency, Fields.Sign.POSITIVE);
        String decline = Fields.text(d, "declineCode", p);
        Fields.optionalInteger(d, "attempt", p, 1, MAX_ATTEMPT);
        return new PaymentEvent.Failed(paymentId, new PaymentEvent.AccountRef.Direct(accountId), Optional.of(invoiceId), amount,
                currency, decline, Fields.optionalInstant(d, "failedAt", p).orElse(time));
    }

    private static PaymentEvent ownSucceeded(JsonNode d, Instant time) {
        String p = "$.detail";
        Fields.onlyKnown(d, p, OWN_SUCCEEDED);
        String paymentId = Fields.id(d, "paymentId", p, Id.EVENT);
        String accountId = Fields.id(d, "accountId", p, Id.ACCOUNT);
        Optional<String> invoiceId = Fields.optionalId(d, "invoiceId", p, Id.INVOICE);
        String currency = Fields.currency(d, "currency", p);
        BigDecimal amount = Fields.money(d, "amount", p, currency, Fields.Sign.POSITIVE);
        return new PaymentEvent.Succeeded(paymentId, new PaymentEvent.AccountRef.Direct(accountId), invoiceId, amount, currency,
                Fields.optionalInstant(d, "paidAt", p).orElse(time));
    }
}
