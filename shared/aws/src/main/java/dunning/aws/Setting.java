package dunning.aws;

/**
 * Every environment variable Dunning's functions read, named as template.yaml sets it: the one
 * home of these names, so a misspelt one does not compile and a handler's REQUIRED_ENV is a set
 * of these. Lambda's own variables (AWS_REGION, the credentials, the endpoints) are AWS's names
 * and stay in {@link AwsClients}.
 */
public enum Setting {
    /** DunningTable's name. */
    TABLE_NAME,
    /** The function's own dead-letter queue: a message that can never succeed goes there at once, with its reason. */
    DEAD_LETTER_QUEUE_URL,
    /** The bus Dunning publishes its events on (DunningEventBus). */
    EVENT_BUS_NAME,
    /** Account batches of a bill run (the bill run's own fan-out). */
    BILL_RUN_QUEUE_URL,
    /** Where the functions that start an evaluation send it. */
    EVALUATION_QUEUE_URL,
    /** Where the hourly redispatch sweep hands parked events back to payment-events. */
    PAYMENT_EVENTS_QUEUE_URL,
    /** The workers' queues the evaluation hands its effects to. */
    FEE_QUEUE_URL,
    NOTIFICATION_QUEUE_URL,
    STATUS_CHANGE_QUEUE_URL,
    /** The notices' From address (template parameter SenderEmail, an SES identity). */
    SENDER_EMAIL,
    /** The start of the pay link a notice carries (template parameter PayLinkBaseUrl). */
    PAY_LINK_BASE_URL,
    /** The exact event sources payment-events takes, each for its own detail-types (template parameter AllowedEventSources). */
    ALLOWED_EVENT_SOURCES,
    /** A Stripe customer's time zone when its metadata names none (template parameter StripeDefaultTimeZone). */
    STRIPE_DEFAULT_TIME_ZONE,
    /** A Stripe customer's AR term when its metadata names none (template parameter StripeDefaultArTerm). */
    STRIPE_DEFAULT_AR_TERM,
    /** Stripe's secret key for the InvoicePayment lookup; "none" without one. */
    STRIPE_API_KEY,
    /** Stripe's API; https://api.stripe.com unless a test points it elsewhere. */
    STRIPE_API_URL
}
