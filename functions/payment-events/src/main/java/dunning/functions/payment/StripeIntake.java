package dunning.functions.payment;

import dunning.aws.events.stripe.StripeAmounts;
import dunning.aws.events.stripe.StripeCharge;
import dunning.aws.events.stripe.StripeCreditNote;
import dunning.aws.events.stripe.StripeCustomer;
import dunning.aws.events.stripe.StripeDispute;
import dunning.aws.events.stripe.StripeEvent;
import dunning.aws.events.stripe.StripeInvoice;
import dunning.aws.events.stripe.StripePaymentIntent;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import dunning.aws.json.NotActionableException;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.Awaited;
import dunning.aws.store.BillingRecords;
import dunning.aws.store.NotKnownYetException;
import dunning.aws.store.PaymentInbox;
import dunning.aws.store.StripeObjects;
import dunning.aws.stripe.InvoicePayments;
import dunning.domain.engine.AccountEvent;
import dunning.domain.port.AccountBook;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.inject.Inject;
import javax.inject.Named;

/**
 * Stripe as the billing system (DESIGN §5.1; docs/semantics.md, "Stripe"). A customer is an account
 * (its id the customer's, unless an account already carries the customer as its Stripe id); a Stripe
 * invoice is a dunning invoice, issued from whichever of its events comes first (each carries the
 * whole invoice), its id Stripe's {@code in_…}. Payments are booked from Stripe's running totals
 * ({@code amount_paid}, {@code amount_refunded}): only their increase, so {@code invoice.paid} and
 * {@code invoice.payment_succeeded} for one payment book it once. A failed attempt is booked once, from
 * {@code invoice.payment_failed}, with the decline code {@code charge.failed} or
 * {@code payment_intent.payment_failed} left for its charge or PaymentIntent; until that code is known
 * the failure is soft.
 */
public final class StripeIntake {
    public static final String SYSTEM = "stripe";
    /** A failure whose decline code is not known (yet): a soft decline (DESIGN §5.1). */
    public static final String UNKNOWN_DECLINE = "generic_decline";
    /** What a failure needing the customer's authentication (3-D Secure, SCA) is recorded as. */
    public static final String AUTHENTICATION_REQUIRED = "authentication_required";
    /** Stripe's decline codes of a payment that needs the customer to authenticate, not a card decline. */
    static final Set<String> AUTHENTICATION = Set.of("authentication_required", "authentication_not_handled");
    static final int COUNTER_ATTEMPTS = 3;

    private final AccountDirectory directory;
    private final BillingRecords records;
    private final PaymentInbox inbox;
    private final StripeObjects objects;
    private final InvoicePayments api;
    private final String defaultTimeZone;
    private final String defaultArTerm;

    @Inject
    public StripeIntake(AccountDirectory directory, BillingRecords records, PaymentInbox inbox, StripeObjects objects,
                        InvoicePayments api, @Named("STRIPE_DEFAULT_TIME_ZONE") String defaultTimeZone,
                        @Named("STRIPE_DEFAULT_AR_TERM") String defaultArTerm) {
        this.directory = directory;
        this.records = records;
        this.inbox = inbox;
        this.objects = objects;
        this.api = api;
        this.defaultTimeZone = Fields.timeZone(defaultTimeZone, "STRIPE_DEFAULT_TIME_ZONE");
        this.defaultArTerm = Fields.checkId(defaultArTerm, "STRIPE_DEFAULT_AR_TERM", Id.AR_TERM);
    }

    Booked accept(StripeEvent e) {
        if (e instanceof StripeEvent.CustomerChanged c) {
            return customer(c);
        }
        if (e instanceof StripeEvent.InvoiceChanged i) {
            return invoice(i);
        }
        if (e instanceof StripeEvent.ChargeChanged c) {
            return charge(c);
        }
        if (e instanceof StripeEvent.PaymentIntentFailed p) {
            return intent(p);
        }
        if (e instanceof StripeEvent.DisputeChanged d) {
            return dispute(d);
        }
        return creditNote((StripeEvent.CreditNoteCreated) e);
    }

    // ---- customers -------------------------------------------------------------------------------

    private Booked customer(StripeEvent.CustomerChanged e) {
        StripeCustomer c = e.customer();
        Optional<String> account = directory.accountOfExternalId(SYSTEM, c.id());
        if (c.notDunned() && account.isEmpty()) {
            records.notDunned(SYSTEM, c.id(), e.created());
            throw new NotActionableException(NotActionableException.Kind.NOT_DUNNED, "Stripe customer " + c.id()
                    + " is not dunned (metadata " + StripeCustomer.DUNNING + ": off)");
        }
        String accountId = account.orElse(Fields.checkId(c.id(), "$.detail.data.object.id", Id.ACCOUNT));
        String mp = "$.detail.data.object.metadata";
        Optional<String> zone = Optional.ofNullable(c.metadata().get(StripeCustomer.TIME_ZONE))
                .map(z -> Fields.timeZone(z, mp + "." + StripeCustomer.TIME_ZONE));
        Optional<String> term = Optional.ofNullable(c.metadata().get(StripeCustomer.AR_TERM))
                .map(t -> Fields.checkId(t, mp + "." + StripeCustomer.AR_TERM, Id.AR_TERM));
        Optional<String> email = c.email().filter(m -> m.contains("@"));
        // what the upsert wrote (its last attempt's profile): whether the account has a currency yet, without reading it back
        BillingRecords.Profile[] written = new BillingRecords.Profile[1];
        BillingRecords.Upserted u = records.upsert(accountId, e.created(), stored -> {
            Map<String, String> external = new TreeMap<>(stored.map(BillingRecords.Profile::externalIds).orElse(Map.of()));
            external.put(SYSTEM, c.id());
            Optional<String> currency = stored.flatMap(BillingRecords.Profile::currency).or(c::currency);
            return written[0] = new BillingRecords.Profile(accountId,
                    c.name().or(() -> stored.map(BillingRecords.Profile::name)).or(() -> email).orElse(c.id()),
                    email.or(() -> stored.flatMap(BillingRecords.Profile::email)),
                    c.preferredLocales().stream().findFirst().or(() -> stored.map(BillingRecords.Profile::locale)).orElse("en"),
                    zone.or(() -> stored.map(BillingRecords.Profile::timeZone)).orElse(defaultTimeZone), currency,
                    term.or(() -> stored.map(BillingRecords.Profile::arTerm).filter(t -> !t.isEmpty())).orElse(defaultArTerm),
                    stored.flatMap(BillingRecords.Profile::billGroup), stored.map(BillingRecords.Profile::tags).orElse(List.of()),
                    stored.map(BillingRecords.Profile::annualRevenue).orElse(BigDecimal.ZERO),
                    stored.map(BillingRecords.Profile::exempt).orElse(false) || c.notDunned(),
                    stored.map(BillingRecords.Profile::collectionsCases).orElse(0),
                    stored.map(BillingRecords.Profile::recurring).orElse(List.of()), external);
        });
        if (u == BillingRecords.Upserted.OLDER) {
            throw new NotActionableException(NotActionableException.Kind.NOTHING_TO_APPLY, "Stripe " + e.type() + " " + e.eventId()
                    + " of " + c.id() + " is older than the account's profile: changes nothing");
        }
        boolean hasCurrency = written[0].currency().isPresent();
        return new Booked(hasCurrency ? Set.of(accountId) : Set.of(),
                List.of(new Awaited.Customer(SYSTEM, c.id()), new Awaited.Account(accountId)));
    }

    /** The account of a Stripe customer; a customer not dunned by design is acknowledged, an unknown one parked. */
    private String account(String customer) {
        Optional<String> account = directory.accountOfExternalId(SYSTEM, customer);
        if (account.isPresent()) {
            return account.get();
        }
        if (directory.notDunned(SYSTEM, customer)) {
            throw new NotActionableException(NotActionableException.Kind.NOT_DUNNED, "Stripe customer " + customer + " is not dunned");
        }
        throw new NotKnownYetException(new Awaited.Customer(SYSTEM, customer), "no account has stripe id " + customer + " (yet)");
    }

    /**
     * The customer's account, if it is known: for an event that only records what it knows (a decline code,
     * a link) an unknown customer is no reason to wait; for one that books ({@code mustKnow}) it is.
     */
    private Optional<String> knownAccount(String customer, boolean mustKnow) {
        try {
            return Optional.of(account(customer));
        } catch (NotKnownYetException e) {
            if (mustKnow) {
                throw e;
            }
            return Optional.empty();
        }
    }

    // ---- invoices --------------------------------------------------------------------------------

    private Booked invoice(StripeEvent.InvoiceChanged e) {
        StripeInvoice inv = e.invoice();
        String p = "$.detail.data.object";
        String accountId = account(inv.customer());
        if (inv.amountIssued() == 0) {
            // DESIGN §5.1: a $0 invoice (a trial, one paid from the customer's credit balance) is acknowledged and ignored
            throw new NotActionableException(NotActionableException.Kind.NOTHING_TO_APPLY, "Stripe " + e.type() + " " + e.eventId()
                    + " of " + inv.id() + ": amount_due is 0");
        }
        if (!records.hasInvoice(accountId, inv.id())) {
            // issued once, by whichever of its events comes first: its dates are the account's business dates as of then,
            // and a later event of it (after the account's time zone changed, say) does not issue it again
            BillingRecords.Stored stored = records.profile(accountId)
                    .orElseThrow(() -> new NotKnownYetException(new Awaited.Account(accountId)));
            ZoneId zone = ZoneId.of(stored.profile().timeZone());
            // an invoice exists from its finalization; charge_automatically invoices carry no due date and are due then
            LocalDate issued = LocalDate.ofInstant(inv.finalizedAt().orElse(inv.created()), zone);
            LocalDate due = inv.dueDate().map(d -> LocalDate.ofInstant(d, zone)).filter(d -> !d.isBefore(issued)).orElse(issued);
            BigDecimal amount = StripeAmounts.fromMinorUnits(inv.amountIssued(), inv.currency(), p + ".amount_due");
            records.issue(new BillingRecords.Invoice(accountId, inv.id(), inv.number().orElse(inv.id()), issued, due, inv.currency(),
                    amount, inv.hostedInvoiceUrl()));
        }
        List<Awaited> arrived = new ArrayList<>();
        arrived.add(new Awaited.Invoice(accountId, inv.id()));
        StripeObjects.Link link = new StripeObjects.Link(accountId, inv.id());
        objects.link(inv.id(), link);
        arrived.add(new Awaited.Payment(SYSTEM, inv.id()));
        for (String payment : List.of(inv.charge(), inv.paymentIntent()).stream().flatMap(Optional::stream).toList()) {
            objects.link(payment, link);
            arrived.add(new Awaited.Payment(SYSTEM, payment));
        }
        String type = e.type();
        if (type.equals(StripeEvent.INVOICE_PAID) || type.equals(StripeEvent.INVOICE_PAYMENT_SUCCEEDED)) {
            paid(e, accountId);
        } else if (type.equals(StripeEvent.INVOICE_PAYMENT_FAILED)) {
            failed(e, accountId, arrived);
        } else if (type.equals(StripeEvent.INVOICE_PAYMENT_ACTION_REQUIRED)) {
            actionRequired(e, accountId);
        } else if (type.equals(StripeEvent.INVOICE_VOIDED)) {
            String id = "stripe:" + inv.id() + "#void";
            record(accountId, id, e.created(), new AccountEvent.InvoiceVoided(id, inv.id()), inv.id());
        } else if (type.equals(StripeEvent.INVOICE_MARKED_UNCOLLECTIBLE)) {
            String id = "stripe:" + inv.id() + "#uncollectible";
            record(accountId, id, e.created(), new AccountEvent.InvoiceWrittenOff(id, inv.id()), inv.id());
        }
        return new Booked(Set.of(accountId), arrived);
    }

    /**
     * Stripe's {@code amount_paid} is what the invoice has been paid so far: only its increase over what
     * was booked is booked, up to {@code amount_due} (an overpayment is Stripe's to keep on the customer's
     * balance, and Stripe takes it off the next invoice itself).
     */
    private void paid(StripeEvent.InvoiceChanged e, String accountId) {
        StripeInvoice inv = e.invoice();
        long paid = Math.min(inv.amountPaid(), inv.amountDue());
        String counter = "stripe:" + inv.id() + ":paid";
        for (int attempt = 1; ; attempt++) {
            long before = inbox.counter(counter);
            if (paid <= before) {
                return; // booked already: a twin (invoice.paid and invoice.payment_succeeded), a redelivery, or an older total
            }
            BigDecimal amount = StripeAmounts.fromMinorUnits(paid - before, inv.currency(), "$.detail.data.object.amount_paid");
            String id = "stripe:" + inv.id() + "#paid:" + paid;
            try {
                inbox.record(accountId, id + "#SUCCEEDED", new AccountBook.Inbound(id, e.created(),
                                new AccountEvent.PaymentReceived(id, amount, inv.currency(), Optional.of(inv.id()))), List.of(),
                        Optional.of(new PaymentInbox.Counter(counter, before, paid)));
                return;
            } catch (PaymentInbox.CounterMovedException moved) {
                if (attempt == COUNTER_ATTEMPTS) {
                    throw moved;
                }
            }
        }
    }

    /** One failed attempt ({@code attempt_count}) is one failure, its decline code the one its charge or PaymentIntent left. */
    private void failed(StripeEvent.InvoiceChanged e, String accountId, List<Awaited> arrived) {
        StripeInvoice inv = e.invoice();
        Optional<String> code = declineCode(e, accountId, arrived);
        if (code.isPresent() && code.get().equals(AUTHENTICATION_REQUIRED)) {
            actionRequired(e, accountId); // the customer must authenticate: the notice for that, no retry, no "declined"
            return;
        }
        String id = "stripe:" + inv.id() + "#attempt:" + inv.attemptCount();
        // Stripe retries the card itself while next_payment_attempt is set: no retry requests of ours then
        record(accountId, id, e.created(), new AccountEvent.PaymentFailed(id, inv.id(), code.orElse(UNKNOWN_DECLINE),
                inv.nextPaymentAttempt().isPresent()), inv.id());
    }

    /** One authentication notice per attempt: invoice.payment_action_required and an authentication failure of the same attempt are one. */
    private void actionRequired(StripeEvent.InvoiceChanged e, String accountId) {
        StripeInvoice inv = e.invoice();
        String id = "stripe:" + inv.id() + "#action:" + inv.attemptCount();
        record(accountId, id, e.created(), new AccountEvent.PaymentActionRequired(id, inv.id()), inv.id());
    }

    /**
     * The decline code of the invoice's latest attempt: before basil the invoice names its charge and
     * PaymentIntent; from basil on only Stripe's InvoicePayment API links them, and only with a key.
     */
    private Optional<String> declineCode(StripeEvent.InvoiceChanged e, String accountId, List<Awaited> arrived) {
        StripeInvoice inv = e.invoice();
        List<String> payments = new ArrayList<>();
        inv.charge().ifPresent(payments::add);
        inv.paymentIntent().ifPresent(payments::add);
        if (payments.isEmpty() && api.configured()) {
            List<InvoicePayments.InvoicePayment> found = api.ofInvoice(inv.id());
            for (int i = 0; i < found.size(); i++) {
                InvoicePayments.InvoicePayment ip = found.get(i);
                for (String payment : List.of(ip.paymentIntent(), ip.charge()).stream().flatMap(Optional::stream).toList()) {
                    objects.link(payment, new StripeObjects.Link(accountId, inv.id()));
                    arrived.add(new Awaited.Payment(SYSTEM, payment));
                    if (i == 0) {
                        payments.add(payment); // the newest payment is the attempt that failed
                    }
                }
            }
        }
        for (String payment : payments) {
            Optional<String> code = objects.decline(payment);
            if (code.isPresent()) {
                return code;
            }
        }
        return Optional.empty();
    }

    // ---- charges and PaymentIntents --------------------------------------------------------------

    /** charge.failed leaves its decline code; charge.refunded books the increase of amount_refunded; charge.succeeded only links. */
    private Booked charge(StripeEvent.ChargeChanged e) {
        StripeCharge c = e.charge();
        boolean refund = e.type().equals(StripeEvent.CHARGE_REFUNDED);
        if (e.type().equals(StripeEvent.CHARGE_FAILED)) {
            // the decline code first: it is what the invoice's failure needs, whether or not the customer is known yet
            c.declineCode().map(StripeIntake::normalized)
                    .ifPresent(d -> ids(c.id(), c.paymentIntent()).forEach(payment -> objects.decline(payment, d)));
        }
        List<Awaited> arrived = new ArrayList<>();
        Optional<StripeObjects.Link> link = Optional.empty();
        if (c.invoice().isPresent() && c.customer().isPresent()) {
            link = knownAccount(c.customer().get(), refund).map(account -> new StripeObjects.Link(account, c.invoice().get()));
            for (String payment : link.isPresent() ? ids(c.id(), c.paymentIntent()) : List.<String>of()) {
                objects.link(payment, link.get());
                arrived.add(new Awaited.Payment(SYSTEM, payment));
            }
        }
        if (e.type().equals(StripeEvent.CHARGE_FAILED)) {
            return new Booked(Set.of(), arrived);
        }
        if (e.type().equals(StripeEvent.CHARGE_SUCCEEDED)) {
            // payments are booked from the invoice's amount_paid: a charge only tells which invoice it paid
            if (arrived.isEmpty()) {
                throw new NotActionableException(NotActionableException.Kind.NOTHING_TO_APPLY, "Stripe charge.succeeded " + c.id()
                        + " links no invoice of a known account: invoice payments are booked from invoice.paid");
            }
            return new Booked(Set.of(), arrived);
        }
        if (link.isEmpty()) {
            link = linkOf(c.id(), c.paymentIntent(), c.customer());
        }
        if (link.isEmpty()) {
            if (c.namesInvoice()) {
                throw new NotActionableException(NotActionableException.Kind.NOTHING_TO_APPLY, "Stripe charge.refunded " + c.id()
                        + ": the charge paid no invoice, nothing of dunning's is owed again");
            }
            throw new NotKnownYetException(new Awaited.Payment(SYSTEM, c.paymentIntent().orElse(c.id())),
                    "Stripe charge " + c.id() + " is of an invoice not known yet");
        }
        refunded(e, link.get(), arrived);
        return new Booked(Set.of(link.get().accountId()), arrived);
    }

    /** Stripe's amount_refunded is the charge's refunds so far: only its increase is booked, on the invoice the charge paid. */
    private void refunded(StripeEvent.ChargeChanged e, StripeObjects.Link link, List<Awaited> arrived) {
        StripeCharge c = e.charge();
        String counter = "stripe:" + c.id() + ":refunded";
        for (int attempt = 1; ; attempt++) {
            long before = inbox.counter(counter);
            if (c.amountRefunded() <= before) {
                return;
            }
            BigDecimal amount = StripeAmounts.fromMinorUnits(c.amountRefunded() - before, c.currency(),
                    "$.detail.data.object.amount_refunded");
            String id = "stripe:" + c.id() + "#refunded:" + c.amountRefunded();
            try {
                inbox.record(link.accountId(), id + "#REFUNDED", new AccountBook.Inbound(id, e.created(),
                                new AccountEvent.PaymentRefunded(id, link.invoiceId(), amount, c.currency())), List.of(link.invoiceId()),
                        Optional.of(new PaymentInbox.Counter(counter, before, c.amountRefunded())));
                return;
            } catch (PaymentInbox.CounterMovedException moved) {
                if (attempt == COUNTER_ATTEMPTS) {
                    throw moved;
                }
            }
        }
    }

    private Booked intent(StripeEvent.PaymentIntentFailed e) {
        StripePaymentIntent pi = e.intent();
        Optional<String> code = pi.declineCode().or(pi::errorCode).map(StripeIntake::normalized);
        if (pi.errorCode().filter(AUTHENTICATION::contains).isPresent()) {
            code = Optional.of(AUTHENTICATION_REQUIRED);
        }
        List<String> ids = ids(pi.id(), pi.latestCharge());
        Optional<String> decline = code;
        decline.ifPresent(d -> ids.forEach(payment -> objects.decline(payment, d)));
        List<Awaited> arrived = new ArrayList<>();
        Optional<String> account = pi.invoice().isPresent() && pi.customer().isPresent()
                ? knownAccount(pi.customer().get(), false) : Optional.empty();
        if (account.isPresent()) {
            StripeObjects.Link link = new StripeObjects.Link(account.get(), pi.invoice().get());
            for (String payment : ids) {
                objects.link(payment, link);
                arrived.add(new Awaited.Payment(SYSTEM, payment));
            }
        }
        return new Booked(Set.of(), arrived);
    }

    // ---- disputes --------------------------------------------------------------------------------

    /** A dispute opens or closes on the invoice its charge paid; a dispute lost is a chargeback: the invoice owes it again. */
    private Booked dispute(StripeEvent.DisputeChanged e) {
        StripeDispute d = e.dispute();
        StripeObjects.Link link = linkOf(d.charge(), d.paymentIntent(), Optional.empty())
                .orElseThrow(() -> new NotKnownYetException(new Awaited.Payment(SYSTEM, d.paymentIntent().orElse(d.charge())),
                        "Stripe dispute " + d.id() + " of charge " + d.charge() + ": its invoice is not known yet"));
        boolean open = e.type().equals(StripeEvent.CHARGE_DISPUTE_CREATED);
        String id = "stripe:" + d.id() + (open ? "#open" : "#closed");
        record(link.accountId(), id, e.created(), new AccountEvent.DisputeChanged(id, link.invoiceId(), open), link.invoiceId());
        if (!open && d.lost()) {
            String chargeback = "stripe:" + d.id() + "#lost";
            BigDecimal amount = StripeAmounts.fromMinorUnits(d.amount(), d.currency(), "$.detail.data.object.amount");
            record(link.accountId(), chargeback, e.created(), new AccountEvent.PaymentRefunded(chargeback, link.invoiceId(), amount,
                    d.currency()), link.invoiceId());
        }
        return Booked.of(link.accountId());
    }

    /**
     * The invoice a charge or PaymentIntent paid: as Dunning learnt it from an earlier event, else (with a
     * Stripe key) from Stripe's InvoicePayments of the PaymentIntent.
     */
    private Optional<StripeObjects.Link> linkOf(String charge, Optional<String> intent, Optional<String> customer) {
        Optional<StripeObjects.Link> link = objects.link(charge).or(() -> intent.flatMap(objects::link));
        if (link.isPresent() || intent.isEmpty() || !api.configured()) {
            return link;
        }
        for (InvoicePayments.InvoicePayment ip : api.ofPaymentIntent(intent.get())) {
            Optional<StripeObjects.Link> invoice = objects.link(ip.invoice());
            if (invoice.isEmpty() && customer.isPresent()) {
                invoice = Optional.of(new StripeObjects.Link(account(customer.get()), ip.invoice()));
            }
            if (invoice.isPresent()) {
                for (String payment : ids(charge, intent)) {
                    objects.link(payment, invoice.get());
                }
                return invoice;
            }
        }
        return Optional.empty();
    }

    // ---- credit notes ----------------------------------------------------------------------------

    /** A pre-payment credit note lowers what its invoice owes; a post-payment one is Stripe's to refund or credit. */
    private Booked creditNote(StripeEvent.CreditNoteCreated e) {
        StripeCreditNote cn = e.creditNote();
        String accountId = account(cn.customer());
        long off = cn.offTheBalance();
        if (off == 0) {
            throw new NotActionableException(NotActionableException.Kind.NOTHING_TO_APPLY, "Stripe credit note " + cn.id() + " ("
                    + cn.type() + ", " + cn.status() + ") lowers nothing the invoice still owes: Stripe refunds or credits it itself");
        }
        BigDecimal amount = StripeAmounts.fromMinorUnits(off, cn.currency(), "$.detail.data.object.amount");
        String id = "stripe:" + cn.id();
        record(accountId, id, e.created(), new AccountEvent.CreditNoteIssued(id, cn.invoice(), amount, cn.currency()), cn.invoice());
        return Booked.of(accountId);
    }

    // ---- shared ----------------------------------------------------------------------------------

    private void record(String accountId, String id, Instant at, AccountEvent event, String invoice) {
        inbox.record(accountId, id, new AccountBook.Inbound(id, at, event), List.of(invoice));
    }

    private static List<String> ids(String first, Optional<String> second) {
        Set<String> out = new LinkedHashSet<>();
        out.add(first);
        second.ifPresent(out::add);
        return List.copyOf(out);
    }

    /** An authentication requirement is not a card decline: it is recorded as one code, whichever way Stripe wrote it. */
    static String normalized(String code) {
        return AUTHENTICATION.contains(code) ? AUTHENTICATION_REQUIRED : code;
    }
}
