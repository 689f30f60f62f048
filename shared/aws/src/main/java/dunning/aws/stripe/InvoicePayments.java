package dunning.aws.stripe;

import java.util.List;
import java.util.Optional;

/**
 * Port: Stripe's InvoicePayment objects (API 2025-03-31 "basil" and later), the only link between
 * an invoice and the PaymentIntents and charges that pay it once the invoice no longer names them.
 * Needs a Stripe secret key: without one ({@link #configured()} false) nothing is looked up and a
 * failure whose decline code is not known is handled as soft (DESIGN §5.1).
 */
public interface InvoicePayments {
    /** One InvoicePayment: the invoice, the payment behind it, its status (open, paid, canceled) and when it was created. */
    record InvoicePayment(String id, String invoice, Optional<String> paymentIntent, Optional<String> charge, String status,
                          long created) {}

    boolean configured();

    /** {@code GET /v1/invoice_payments?invoice=…}: the invoice's payments, newest first. */
    List<InvoicePayment> ofInvoice(String invoiceId);

    /** {@code GET /v1/invoice_payments?payment[type]=payment_intent&payment[payment_intent]=…}: the invoices a PaymentIntent paid. */
    List<InvoicePayment> ofPaymentIntent(String paymentIntentId);

    /** No Stripe key: nothing can be looked up. */
    InvoicePayments NONE = new InvoicePayments() {
        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public List<InvoicePayment> ofInvoice(String invoiceId) {
            return List.of();
        }

        @Override
        public List<InvoicePayment> ofPaymentIntent(String paymentIntentId) {
            return List.of();
        }
    };
}
