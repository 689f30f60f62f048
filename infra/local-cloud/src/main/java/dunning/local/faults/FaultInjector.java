package dunning.local.faults;

import dunning.local.runtime.LocalRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Faults in the AWS calls of the functions the {@link LocalRuntime} runs, for the chain tests: an
 * SDK execution interceptor, registered for every client through the SDK's global interceptor file
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} naming this class). Rules
 * are static, so a test arms them wherever the SDK built the instance:
 *
 * <pre>{@code
 * FaultInjector.when("NotificationFunction", "SesV2", "SendEmail").onCall(2).loseResponse(FaultInjector.clientError("reset"));
 * FaultInjector.when("DunningEvaluationFunction", "DynamoDb", "TransactWriteItems").crashAfterSending();
 * ...
 * FaultInjector.reset();
 * }</pre>
 *
 * <p>A call is one attempt on the wire, as the service sees it: each retry of the SDK is a call of
 * its own, so a retryable fault is retried by the SDK's own strategy, exactly as a real one would
 * be (and a lost response the SDK retries is applied twice). Only calls made on a thread running
 * a handler match ({@link LocalRuntime#currentFunction()}); the runtime's own polling and the
 * engines' internal clients never do. One fault per call: the first rule registered that fires.
 */
public final class FaultInjector implements ExecutionInterceptor {
    /** Any function the runtime runs (never a call made outside a handler). */
    public static final String ANY_FUNCTION = "*";

    /** What a rule does to the call it fires on. */
    public enum Fault {
        /** The call fails with the given exception; the request never reaches the service. */
        FAIL_BEFORE_SENDING,
        /** The service handles the request, then the caller gets the given exception: a lost response. */
        LOSE_RESPONSE,
        /** The execution environment dies before the request is sent. */
        CRASH_BEFORE_SENDING,
        /** The execution environment dies after the service handled the request. */
        CRASH_AFTER_SENDING
    }

    /** One fault injected: where, into which call of its rule (1-based), and what was thrown. */
    public record Injection(String function, String service, String operation, Fault fault, int call, String thrown) {}

    private record Pending(Rule rule, int call, String function) {}

    private static final Pending NONE = new Pending(null, 0, null);
    private static final ExecutionAttribute<Pending> PENDING = new ExecutionAttribute<>("dunning.local.faults.pending");
    private static final List<Rule> RULES = new CopyOnWriteArrayList<>();
    private static final List<Injection> INJECTED = new CopyOnWriteArrayList<>();

    /** Built by the SDK from the global interceptor file. */
    public FaultInjector() {
    }

    /**
     * Starts a rule for {@code function}'s calls (a logical id of the template, or {@link #ANY_FUNCTION})
     * of {@code service} (the SDK's service name: {@code "DynamoDb"}, {@code "Sqs"}, {@code "EventBridge"},
     * {@code "SesV2"}) and {@code operation} ({@code "TransactWriteItems"}, {@code "SendMessageBatch"} ...).
     * By default it fires on the next matching call.
     */
    public static Selector when(String function, String service, String operation) {
        return new Selector(Objects.requireNonNull(function, "function"), Objects.requireNonNull(service, "service"),
                Objects.requireNonNull(operation, "operation"));
    }

    /** Drops every rule and every record of what was injected. */
    public static void reset() {
        RULES.clear();
        INJECTED.clear();
    }

    /** Every fault injected since the last {@link #reset()}, in order. */
    public static List<Injection> injected() {
        return List.copyOf(INJECTED);
    }

    /** A failure the SDK retries, as it retries a broken connection (an IOException underneath). */
    public static Supplier<SdkClientException> networkError(String message) {
        return () -> SdkClientException.builder().message(message).cause(new IOException(message)).build();
    }

    /** A client-side failure the SDK does not retry. */
    public static Supplier<SdkClientException> clientError(String message) {
        return () -> SdkClientException.builder().message(message).build();
    }

    /** Which calls a rule fires on, then what it does to them. */
    public static final class Selector {
        private final String function;
        private final String service;
        private final String operation;
        private int from = 1;
        private int to = 1;

        private Selector(String function, String service, String operation) {
            this.function = function;
            this.service = service;
            this.operation = operation;
        }

        /** Only the k-th matching call (1-based). */
        public Selector onCall(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("calls count from 1: " + k);
            }
            from = k;
            to = k;
            return this;
        }

        /** The next n matching calls. */
        public Selector onNextCalls(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least one call: " + n);
            }
            from = 1;
            to = n;
            return this;
        }

        /** Every matching call, until the rule is cancelled or reset. */
        public Selector onEveryCall() {
            from = 1;
            to = Integer.MAX_VALUE;
            return this;
        }

        public Rule failBeforeSending(Supplier<? extends SdkException> failure) {
            return arm(Fault.FAIL_BEFORE_SENDING, Objects.requireNonNull(failure, "failure"));
        }

        public Rule loseResponse(Supplier<? extends SdkException> failure) {
            return arm(Fault.LOSE_RESPONSE, Objects.requireNonNull(failure, "failure"));
        }

        public Rule crashBeforeSending() {
            return arm(Fault.CRASH_BEFORE_SENDING, null);
        }

        public Rule crashAfterSending() {
            return arm(Fault.CRASH_AFTER_SENDING, null);
        }

        private Rule arm(Fault fault, Supplier<? extends SdkException> failure) {
            Rule rule = new Rule(function, service, operation, from, to, fault, failure);
            RULES.add(rule);
            return rule;
        }
    }

    /** An armed rule: it counts the calls it matches and the faults it fired. */
    public static final class Rule {
        private final String function;
        private final String service;
        private final String operation;
        private final int from;
        private final int to;
        private final Fault fault;
        private final Supplier<? extends SdkException> failure;
        private int calls;
        private int fired;

        private Rule(String function, String service, String operation, int from, int to, Fault fault,
                     Supplier<? extends SdkException> failure) {
            this.function = function;
            this.service = service;
            this.operation = operation;
            this.from = from;
            this.to = to;
            this.fault = fault;
            this.failure = failure;
        }

        boolean matches(String fn, String svc, String op) {
            return (function.equals(ANY_FUNCTION) || function.equals(fn)) && service.equals(svc) && operation.equals(op);
        }

        /** Counts a matching call; its number if this rule fires on it, else 0. */
        synchronized int count() {
            calls++;
            return calls >= from && calls <= to ? calls : 0;
        }

        synchronized void fire() {
            fired++;
        }

        /** Matching calls seen. */
        public synchronized int calls() {
            return calls;
        }

        /** Faults injected. */
        public synchronized int fired() {
            return fired;
        }

        /** Disarms this rule alone. */
        public void cancel() {
            RULES.remove(this);
        }

        @Override
        public String toString() {
            return fault + " on " + function + " " + service + "." + operation + " calls " + from + ".."
                    + (to == Integer.MAX_VALUE ? "*" : String.valueOf(to));
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(PENDING, NONE);
        Optional<String> function = LocalRuntime.currentFunction();
        if (function.isEmpty() || RULES.isEmpty()) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Pending chosen = null;
        for (Rule rule : RULES) {
            if (rule.matches(function.get(), service, operation)) {
                int call = rule.count();
                if (call > 0 && chosen == null) {
                    chosen = new Pending(rule, call, function.get());
                }
            }
        }
        if (chosen == null) {
            return;
        }
        switch (chosen.rule().fault) {
            case FAIL_BEFORE_SENDING -> throw inject(chosen, service, operation, chosen.rule().failure.get());
            case CRASH_BEFORE_SENDING -> throw inject(chosen, service, operation,
                    new SimulatedCrash(function.get() + " crashed before sending " + service + "." + operation));
            default -> attributes.putAttribute(PENDING, chosen);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Pending pending = attributes.getAttribute(PENDING);
        if (pending == null || pending == NONE) {
            return;
        }
        attributes.putAttribute(PENDING, NONE);
        // the service answered; read the answer off the wire so the connection is reused, then lose it
        context.responseBody().ifPresent(FaultInjector::drain);
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (pending.rule().fault == Fault.LOSE_RESPONSE) {
            throw inject(pending, service, operation, pending.rule().failure.get());
        }
        throw inject(pending, service, operation,
                new SimulatedCrash(pending.function() + " crashed after sending " + service + "." + operation));
    }

    private static <T extends Throwable> T inject(Pending p, String service, String operation, T thrown) {
        p.rule().fire();
        INJECTED.add(new Injection(p.function(), service, operation, p.rule().fault, p.call(), thrown.toString()));
        return thrown;
    }

    private static void drain(InputStream body) {
        try (body) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
