package dunning.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.local.cloud.Stack;
import dunning.local.template.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda, locally: for every SQS event source in the template it receives up to the source's
 * batch size from the queue and invokes the function's real handler class the way an event
 * source mapping does: records it reports in {@code batchItemFailures} (or the whole batch when
 * the handler throws or reports an unknown id) go back to the queue, the rest are deleted, and
 * SQS's redrive moves a message to its DLQ after {@code maxReceiveCount} receives. Schedules
 * fire on the {@link SimulatedClock}, so a month runs in seconds.
 *
 * <p>One deliberate difference: a failed message is made visible again at once instead of after
 * the queue's visibility timeout, because simulated time does not pass while the queues drain.
 * Retries and the DLQ therefore happen within one {@link #drain()}.
 *
 * <p>Handlers are built once per execution environment (a warm container) with their
 * {@code (Map<String,String> env, Clock clock)} constructor: the stack's environment for that
 * function and the runner's clock. An environment that dies mid-invocation (an {@link Error}
 * escapes the handler, such as {@link dunning.local.faults.SimulatedCrash}) is treated as Lambda
 * treats it: its batch is neither deleted nor reported, so every message returns to the queue,
 * and its handler is thrown away, so the next invocation starts cold.
 *
 * <p>For ordering tests, {@link #hold} keeps matching messages away from the function and
 * {@link #release} delivers them later, in an order of the test's choosing; {@link #remainingTimeFor}
 * gives invocations a chosen remaining time.
 *
 * <p>Work is done one piece at a time: {@link #drain}, {@link #advanceTo}, {@link #fire},
 * {@link #invoke}, {@link #release} and {@link #fireDueSchedules} each take the runtime for their
 * whole run, so an execution environment never runs two invocations at once however many threads
 * call in. Tests call them synchronously; {@link #startBackground} adds a thread that drains the
 * queues as messages arrive (and, on a clock that follows the wall, fires the schedules when they
 * are due), for the local cloud run as a server; the synchronous calls keep working beside it.
 */
public final class LocalRuntime implements AutoCloseable {
    /** What one invocation was given and what it answered. */
    public record Invocation(Instant at, String function, String trigger, int records, int failed, Optional<String> error) {}

    private record Source(SamTemplate.FunctionDef function, String name, String queue, String queueUrl, String queueArn,
                          int batchSize, boolean reportsFailures) {}

    /** Messages kept from a queue's function until released: received, and parked here in flight. */
    private record Hold(Predicate<String> matches, List<Message> parked) {}

    /** SQS's longest visibility timeout: a parked message stays in flight, neither redelivered nor received again. */
    static final int PARKED_VISIBILITY_SECONDS = 12 * 60 * 60;

    private record Schedule(SamTemplate.FunctionDef function, String name, Cron cron, ZoneId zone, String input) {}

    private record Firing(Instant at, Schedule schedule) {}

    static final int MAX_ROUNDS = 100_000;
    private static final ThreadLocal<String> CURRENT_FUNCTION = new ThreadLocal<>();

    /** The logical id of the function this thread is running a handler of, if any (for request accounting in tests). */
    public static Optional<String> currentFunction() {
        return Optional.ofNullable(CURRENT_FUNCTION.get());
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Stack stack;
    private final SqsClient sqs;
    private final SimulatedClock clock;
    private final Instant anchor;
    private final List<Source> sources = new ArrayList<>();
    private final List<Schedule> schedules = new ArrayList<>();
    private final Map<String, Object> handlers = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-lambda");
        t.setDaemon(true);
        return t;
    });
    private volatile int concurrency = 1;
    private volatile boolean deliverTwice;
    /** SendWatch's count when a drain last found every queue empty (and nothing sent meanwhile could be waiting). */
    private volatile long drainedAtSends = -1;
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> environmentsStarted = new ConcurrentHashMap<>();
    private final Map<String, java.time.Duration> remainingTime = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    /** Held for every piece of work: one drain, firing or invocation at a time. */
    private final java.util.concurrent.locks.ReentrantLock work = new java.util.concurrent.locks.ReentrantLock();
    /** Schedules due before this instant have fired. */
    private volatile Instant firedUntil;
    private volatile Background background;

    public LocalRuntime(Stack stack, SqsClient sqs, SimulatedClock clock) {
        this.stack = stack;
        this.sqs = sqs;
        this.clock = clock;
        this.anchor = clock.instant();
        this.firedUntil = anchor;
        for (SamTemplate.FunctionDef f : stack.template().functions()) {
            for (SamTemplate.SqsEventSource s : f.sqsEventSources()) {
                if (!s.enabled()) {
                    continue;
                }
                String queue = s.queueLogicalId().orElseThrow(() -> new IllegalStateException(
                        f.logicalId() + "." + s.name() + ": the local runtime polls queues of this template only (Queue: !GetAtt X.Arn)"));
                sources.add(new Source(f, s.name(), queue, stack.queueUrl(queue), stack.queueArn(queue),
                        Math.min(10, Math.max(1, s.batchSize())), s.reportsBatchItemFailures()));
            }
            for (SamTemplate.ScheduleEvent s : f.schedules()) {
                if (!s.enabled()) {
                    continue;
                }
                ZoneId zone = s.timezone() == null ? ZoneId.of("UTC") : ZoneId.of(stack.resolver().resolveString(s.timezone()));
                String input = s.input() == null ? "{}" : stack.resolver().resolveString(s.input());
                schedules.add(new Schedule(f, s.name(), Cron.parse(stack.resolver().resolveString(s.scheduleExpression())), zone, input));
            }
        }
    }

    public SimulatedClock clock() {
        return clock;
    }

    /** An SQS event source as the runtime polls it. */
    public record EventSource(String function, String name, String queue, int batchSize, boolean reportsBatchItemFailures) {}

    /** A schedule as the runtime fires it. */
    public record ScheduleInfo(String function, String name, String expression, ZoneId zone) {}

    /** A schedule that fired, and when. */
    public record Fired(Instant at, String function, String schedule) {}

    /** The event sources polled, in template order. */
    public List<EventSource> eventSources() {
        return sources.stream().map(s -> new EventSource(s.function().logicalId(), s.name(), s.queue(), s.batchSize(),
                s.reportsFailures())).toList();
    }

    /** The schedules fired, in template order. */
    public List<ScheduleInfo> schedules() {
        return schedules.stream().map(s -> new ScheduleInfo(s.function().logicalId(), s.name(), s.cron().toString(), s.zone())).toList();
    }

    /** Every invocation so far, in order. */
    public List<Invocation> invocations() {
        synchronized (invocations) {
            return List.copyOf(invocations);
        }
    }

    /**
     * Delivers every batch twice before it is deleted, as SQS's at-least-once delivery may: the
     * handlers must give exactly the effects of a single delivery.
     */
    public LocalRuntime deliverEveryMessageTwice(boolean twice) {
        this.deliverTwice = twice;
        return this;
    }

    /**
     * How many execution environments each function may run at once (Lambda's concurrency): each
     * has its own handler instance and polls its function's queue. 1 (the default) processes one
     * batch at a time, in order; more lets a big portfolio use the machine's cores.
     */
    public LocalRuntime concurrency(int environments) {
        if (environments < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = environments;
        return this;
    }

    /** How many handler instances (execution environments, each a cold start) the function has had. */
    public int environmentsStarted(String functionLogicalId) {
        java.util.concurrent.atomic.AtomicInteger n = environmentsStarted.get(functionLogicalId);
        return n == null ? 0 : n.get();
    }

    /**
     * Every following invocation of the function starts with {@code remaining} left, instead of the
     * template's {@code Timeout}, and counts down from there in wall time: for handlers that stop
     * taking new records when time runs low. At most the Timeout, as in Lambda.
     */
    public LocalRuntime remainingTimeFor(String functionLogicalId, java.time.Duration remaining) {
        SamTemplate.FunctionDef f = stack.template().function(functionLogicalId)
                .orElseThrow(() -> new IllegalArgumentException("no function " + functionLogicalId + " in the template"));
        if (remaining.isNegative() || remaining.compareTo(java.time.Duration.ofSeconds(f.timeoutSeconds())) > 0) {
            throw new IllegalArgumentException(functionLogicalId + ": remaining time must be between 0 and its Timeout of "
                    + f.timeoutSeconds() + " s, not " + remaining);
        }
        remainingTime.put(functionLogicalId, remaining);
        return this;
    }

    /** Back to the template's Timeout for the function's invocations. */
    public LocalRuntime clearRemainingTime(String functionLogicalId) {
        remainingTime.remove(functionLogicalId);
        return this;
    }

    /**
     * From now on, messages of the queue whose body matches are kept from its function: the runtime
     * receives them as the event source mapping would and parks them in flight (visibility set to
     * SQS's 12-hour maximum), so SQS neither redelivers them nor counts another receive, until
     * {@link #release} delivers them. The rest of the queue flows as usual, so newer messages
     * overtake held ones.
     */
    public LocalRuntime hold(String queueLogicalId, Predicate<String> bodyMatches) {
        sourceOf(queueLogicalId);
        holds.compute(queueLogicalId, (q, old) -> new Hold(bodyMatches,
                old == null ? java.util.Collections.synchronizedList(new ArrayList<>()) : old.parked()));
        return this;
    }

    /** Ends the hold on the queue and delivers what it kept in the order it was received, then drains. */
    public int release(String queueLogicalId) {
        return release(queueLogicalId, held -> held);
    }

    /** As {@link #release(String)}, newest first: the oldest message arrives after every newer one. */
    public int releaseReversed(String queueLogicalId) {
        return release(queueLogicalId, held -> {
            List<Message> reversed = new ArrayList<>(held);
            java.util.Collections.reverse(reversed);
            return reversed;
        });
    }

    /** As {@link #release(String)}, in the order of their bodies by {@code order}. */
    public int release(String queueLogicalId, Comparator<String> order) {
        return release(queueLogicalId, held -> held.stream().sorted(Comparator.comparing(Message::body, order)).toList());
    }

    /** Bodies held on the queue, in the order they were received. */
    public List<String> held(String queueLogicalId) {
        Hold h = holds.get(queueLogicalId);
        if (h == null) {
            return List.of();
        }
        synchronized (h.parked()) {
            return h.parked().stream().map(Message::body).toList();
        }
    }

    private int release(String queueLogicalId, java.util.function.UnaryOperator<List<Message>> order) {
        work.lock();
        try {
            return releaseHeld(queueLogicalId, order);
        } finally {
            work.unlock();
        }
    }

    private int releaseHeld(String queueLogicalId, java.util.function.UnaryOperator<List<Message>> order) {
        Source source = sourceOf(queueLogicalId);
        Hold h = holds.remove(queueLogicalId);
        if (h == null) {
            return drain();
        }
        List<Message> parked;
        synchronized (h.parked()) {
            parked = order.apply(List.copyOf(h.parked()));
        }
        int invocations = 0;
        for (int from = 0; from < parked.size(); from += source.batchSize()) {
            List<Message> batch = parked.subList(from, Math.min(parked.size(), from + source.batchSize()));
            if (deliverTwice) {
                deliver(source, batch, 0, false);
            }
            deliver(source, batch, 0, true);
            invocations++;
        }
        return invocations + drain();
    }

    private Source sourceOf(String queueLogicalId) {
        return sources.stream().filter(s -> s.queue().equals(queueLogicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function polls queue " + queueLogicalId + " in the template"));
    }

    /**
     * Moves the clock to {@code until}, firing each schedule due in {@code [now, until)} at its time
     * and draining the queues after each, as the deployed chain would between two firings. Returns
     * the firings, in order.
     */
    public List<Fired> advanceTo(Instant until) {
        work.lock();
        try {
            Instant from = clock.instant();
            List<Fired> fired = fire(due(from, until), true);
            clock.set(until);
            firedUntil = until;
            drain();
            return fired;
        } finally {
            work.unlock();
        }
    }

    /**
     * Fires, at the clock's present time, each schedule due since the last firing up to the clock's
     * now, draining after each, without moving the clock: for a clock that follows the wall, where
     * time moves by itself. Returns the firings, in order.
     */
    public List<Fired> fireDueSchedules() {
        work.lock();
        try {
            Instant now = clock.instant();
            if (!now.isAfter(firedUntil)) {
                return List.of();
            }
            List<Fired> fired = fire(due(firedUntil, now), false);
            firedUntil = now;
            return fired;
        } finally {
            work.unlock();
        }
    }

    private List<Firing> due(Instant from, Instant until) {
        List<Firing> due = new ArrayList<>();
        for (Schedule s : schedules) {
            s.cron().firings(from, until, s.zone(), anchor).forEach(t -> due.add(new Firing(t, s)));
        }
        due.sort(Comparator.comparing(Firing::at).thenComparing(f -> f.schedule().function().logicalId())
                .thenComparing(f -> f.schedule().name()));
        return due;
    }

    private List<Fired> fire(List<Firing> due, boolean moveClock) {
        List<Fired> fired = new ArrayList<>();
        for (Firing f : due) {
            if (moveClock) {
                clock.set(f.at());
            }
            long sendsBefore = SendWatch.sends();
            fired.add(new Fired(f.at(), f.schedule().function().logicalId(), f.schedule().name()));
            invokeWithInput(f.schedule().function(), "schedule " + f.schedule().name(), f.schedule().input());
            if (SendWatch.sends() != sendsBefore || sendsBefore != drainedAtSends) {
                drain(); // a firing that sent nothing, after a drain that left nothing, leaves nothing to deliver
            }
        }
        return fired;
    }

    /**
     * Fires one of the template's schedules now, by its event name (e.g. DailyDunningSweep), with
     * its Input and {@code overrides} set on it (e.g. an explicit asOf); returns the handler's answer.
     */
    public String fire(String scheduleName, Map<String, String> overrides) {
        Schedule s = schedules.stream().filter(x -> x.name().equals(scheduleName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no schedule " + scheduleName + " in the template"));
        ObjectNode input = (ObjectNode) readJson(s.input());
        overrides.forEach(input::put);
        work.lock();
        try {
            return invokeWithInput(s.function(), "schedule " + s.name(), input.toString());
        } finally {
            work.unlock();
        }
    }

    /** Invokes a function directly with a JSON input (like {@code sam local invoke -e}), returning its JSON answer. */
    public String invoke(String functionLogicalId, String input) {
        SamTemplate.FunctionDef f = stack.template().function(functionLogicalId)
                .orElseThrow(() -> new IllegalArgumentException("no function " + functionLogicalId + " in the template"));
        work.lock();
        try {
            return invokeWithInput(f, "direct", input);
        } finally {
            work.unlock();
        }
    }

    /**
     * Polls every event-source queue until none has a message left, invoking handlers batch by
     * batch. Returns the number of invocations.
     */
    public int drain() {
        work.lock();
        try {
            return drainQueues();
        } finally {
            work.unlock();
        }
    }

    private int drainQueues() {
        int count = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            // every environment of every function polls its queue until it finds it empty; a round
            // that processed nothing means no message is left anywhere (all sends come from processing)
            List<java.util.concurrent.Future<Integer>> polls = new ArrayList<>();
            for (Source s : sources) {
                for (int e = 0; e < concurrency; e++) {
                    int environment = e;
                    polls.add(workers.submit(() -> pollUntilEmpty(s, environment)));
                }
            }
            int processed = 0;
            for (java.util.concurrent.Future<Integer> poll : polls) {
                try {
                    processed += poll.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while draining", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the local runtime failed: " + e.getCause(), e.getCause());
                }
            }
            if (processed == 0) {
                drainedAtSends = SendWatch.sends(); // everything sent so far was delivered: the queues are empty
                return count;
            }
            count += processed;
        }
        throw new IllegalStateException("the queues did not drain in " + MAX_ROUNDS + " rounds: do messages cause each other forever?");
    }

    private int pollUntilEmpty(Source s, int environment) {
        int batches = 0;
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(s.queueUrl()).maxNumberOfMessages(s.batchSize())
                    .waitTimeSeconds(0).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                return batches;
            }
            batch = park(s, batch);
            if (batch.isEmpty()) {
                continue;
            }
            batches++;
            if (deliverTwice) {
                deliver(s, batch, environment, false);
            }
            deliver(s, batch, environment, true);
        }
    }

    /** Parks the messages a hold on the source's queue matches; returns the others. */
    private List<Message> park(Source source, List<Message> batch) {
        Hold h = holds.get(source.queue());
        if (h == null) {
            return batch;
        }
        List<Message> keep = new ArrayList<>();
        List<ChangeMessageVisibilityBatchRequestEntry> park = new ArrayList<>();
        for (Message m : batch) {
            if (h.matches().test(m.body())) {
                h.parked().add(m);
                park.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId())
                        .receiptHandle(m.receiptHandle()).visibilityTimeout(PARKED_VISIBILITY_SECONDS).build());
            } else {
                keep.add(m);
            }
        }
        if (!park.isEmpty()) {
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(source.queueUrl()).entries(park));
        }
        return keep;
    }

    private void deliver(Source source, List<Message> batch, int environment, boolean settle) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : batch) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            m.attributesAsStrings().forEach(attributes::put);
            r.setAttributes(attributes);
            r.setMessageAttributes(Map.of());
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(source.queueArn());
            r.setAwsRegion(stack.region());
            records.add(r);
        }
        event.setRecords(records);

        Set<String> failed = new LinkedHashSet<>();
        Optional<String> error = Optional.empty();
        try {
            List<String> reported = invokeSqs(source.function(), event, environment);
            Set<String> ids = new java.util.HashSet<>(batch.stream().map(Message::messageId).toList());
            if (!source.reportsFailures() && !reported.isEmpty()) {
                // without ReportBatchItemFailures Lambda ignores the response: the batch succeeded
                reported = List.of();
            }
            if (reported.stream().anyMatch(id -> id == null || !ids.contains(id))) {
                error = Optional.of("batchItemFailures names an id not in the batch: the whole batch is retried");
                failed.addAll(ids);
            } else {
                failed.addAll(reported);
            }
        } catch (RuntimeException e) {
            error = Optional.of(e.toString());
            batch.forEach(m -> failed.add(m.messageId()));
        } catch (Error e) {
            // the environment died: nothing is deleted or reported, the batch returns, the next start is cold
            error = Optional.of("environment crashed: " + e);
            batch.forEach(m -> failed.add(m.messageId()));
            discard(source.function(), environment);
        }
        invocations.add(new Invocation(clock.instant(), source.function().logicalId(), "sqs " + source.name(),
                batch.size(), failed.size(), error));

        if (!settle) {
            return; // a duplicate delivery: the batch stays in flight and is delivered again
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        List<ChangeMessageVisibilityBatchRequestEntry> retry = new ArrayList<>();
        for (Message m : batch) {
            if (failed.contains(m.messageId())) {
                retry.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId())
                        .receiptHandle(m.receiptHandle()).visibilityTimeout(0).build());
            } else {
                done.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(source.queueUrl()).entries(done));
        }
        if (!retry.isEmpty()) {
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(source.queueUrl()).entries(retry));
        }
    }

    /** Returns the ids the handler reported as failed. */
    private List<String> invokeSqs(SamTemplate.FunctionDef function, SQSEvent event, int environment) {
        CURRENT_FUNCTION.set(function.logicalId());
        try {
            Object handler = handler(function, environment);
            return invokeSqs(handler, event, context(function));
        } finally {
            CURRENT_FUNCTION.remove();
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> invokeSqs(Object handler, SQSEvent event, LocalContext context) {
        if (handler instanceof RequestStreamHandler stream) {
            JsonNode answer = readJson(invokeStream(stream, writeSqsEvent(event), context));
            List<String> ids = new ArrayList<>();
            answer.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").isTextual()
                    ? f.path("itemIdentifier").asText() : null));
            return ids;
        }
        SQSBatchResponse response = ((RequestHandler<SQSEvent, SQSBatchResponse>) handler).handleRequest(event, context);
        if (response == null || response.getBatchItemFailures() == null) {
            return List.of();
        }
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private String invokeWithInput(SamTemplate.FunctionDef function, String trigger, String input) {
        Optional<String> outcome = Optional.empty();
        CURRENT_FUNCTION.set(function.logicalId());
        try {
            if (!(handler(function, 0) instanceof RequestStreamHandler stream)) {
                throw new IllegalStateException(function.logicalId() + ": a schedule or direct input needs a RequestStreamHandler, "
                        + function.handlerClass() + " is not one");
            }
            String answer = invokeStream(stream, input.getBytes(StandardCharsets.UTF_8), context(function));
            JsonNode error = readJson(answer).path("error");
            outcome = error.isMissingNode() ? Optional.empty() : Optional.of(error.asText());
            return answer;
        } catch (RuntimeException e) {
            outcome = Optional.of(e.toString());
            throw e;
        } catch (Error e) {
            // a crashed environment: thrown away; the caller (a test, the scheduler's stand-in) sees the crash
            outcome = Optional.of("environment crashed: " + e);
            discard(function, 0);
            throw e;
        } finally {
            CURRENT_FUNCTION.remove();
            invocations.add(new Invocation(clock.instant(), function.logicalId(), trigger, 0, 0, outcome));
        }
    }

    private static String invokeStream(RequestStreamHandler handler, byte[] input, LocalContext context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(input), out, context);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private JsonNode readJson(String text) {
        try {
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("the handler answered with something that is not JSON: " + text, e);
        }
    }

    /** Lambda's JSON form of an SQS event. */
    private byte[] writeSqsEvent(SQSEvent event) {
        ObjectNode root = json.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.getMessageId());
            r.put("receiptHandle", m.getReceiptHandle());
            r.put("body", m.getBody());
            ObjectNode attributes = r.putObject("attributes");
            m.getAttributes().forEach(attributes::put);
            r.putObject("messageAttributes");
            r.put("md5OfBody", m.getMd5OfBody());
            r.put("eventSource", m.getEventSource());
            r.put("eventSourceARN", m.getEventSourceArn());
            r.put("awsRegion", m.getAwsRegion());
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private LocalContext context(SamTemplate.FunctionDef function) {
        java.time.Duration remaining = remainingTime.getOrDefault(function.logicalId(),
                java.time.Duration.ofSeconds(function.timeoutSeconds()));
        return new LocalContext(stack.physicalName(function.logicalId()), function.memorySize(), remaining);
    }

    /** Drops the handler of a dead environment; nothing of it runs again, not even a close. */
    private void discard(SamTemplate.FunctionDef function, int environment) {
        handlers.remove(function.logicalId() + "#" + environment);
    }

    /** The handler of one execution environment of the function, built on first use with the stack's environment and the runner's clock. */
    private Object handler(SamTemplate.FunctionDef function, int environment) {
        String id = function.logicalId();
        return handlers.computeIfAbsent(id + "#" + environment, key -> {
            try {
                Class<?> type = Class.forName(function.handlerClass());
                environmentsStarted.computeIfAbsent(id, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                return type.getConstructor(Map.class, Clock.class).newInstance(stack.environmentFor(id), clock);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(id + ": handler class " + function.handlerClass() + " is not on the classpath", e);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(id + ": " + function.handlerClass()
                        + " needs a (Map<String,String> env, Clock clock) constructor to run locally", e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Error crash) {
                    throw crash; // the environment died during its init
                }
                throw new IllegalStateException(id + ": building the handler failed: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(id + ": cannot build " + function.handlerClass() + ": " + e, e);
            }
        });
    }

    /**
     * Starts the background mode: a thread that drains the queues whenever a message may have
     * arrived (a send through the SDK anywhere in this JVM, or {@link Background#wake()}, which the
     * edge calls for every SQS or EventBridge request from outside), and at least every
     * {@code pollInterval} (for messages that become visible later); with {@code fireSchedules},
     * it also fires the schedules as the clock passes their times ({@link #fireDueSchedules}; meant
     * for a clock that follows the wall). The same one-at-a-time rule holds, so synchronous calls
     * (a test, the control endpoint's drain or advance) wait for the background's current piece of
     * work and vice versa. One background at a time; {@link #close()} stops it.
     */
    public synchronized Background startBackground(java.time.Duration pollInterval, boolean fireSchedules) {
        if (background != null) {
            throw new IllegalStateException("the local runtime already runs in the background");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive: " + pollInterval);
        }
        background = new Background(pollInterval, fireSchedules);
        background.thread.start();
        return background;
    }

    /** The runtime's background thread; {@link #close()} stops it and waits for its current work. */
    public final class Background implements AutoCloseable {
        /** How often the thread looks for a send or a due schedule. */
        static final long TICK_MILLIS = 50;

        private final long pollNanos;
        private final boolean fireSchedules;
        private final Object signal = new Object();
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicLong drains = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean woken;
        private volatile boolean stopped;
        private volatile Optional<String> lastError = Optional.empty();

        private Background(java.time.Duration pollInterval, boolean fireSchedules) {
            this.pollNanos = pollInterval.toNanos();
            this.fireSchedules = fireSchedules;
            this.thread = new Thread(this::run, "local-runtime-background");
            this.thread.setDaemon(true);
        }

        /** Something may have arrived from outside this JVM's SDK clients: drain soon. */
        public void wake() {
            drainedAtSends = -1; // what came from outside was not counted: the queues are no longer known to be empty
            synchronized (signal) {
                woken = true;
                signal.notifyAll();
            }
        }

        /** How many drains the background has run. */
        public long drains() {
            return drains.get();
        }

        /** The last failure of a background drain or firing, if any (it keeps running). */
        public Optional<String> lastError() {
            return lastError;
        }

        private void run() {
            long seenSends = Long.MIN_VALUE;
            long lastDrain = System.nanoTime() - pollNanos;
            while (!stopped) {
                try {
                    if (fireSchedules) {
                        fireDueSchedules();
                    }
                    long sends = SendWatch.sends();
                    boolean wake = woken;
                    if (wake || sends != seenSends || System.nanoTime() - lastDrain >= pollNanos) {
                        woken = false;
                        seenSends = sends;
                        drain();
                        drains.incrementAndGet();
                        lastDrain = System.nanoTime();
                    }
                } catch (RuntimeException e) {
                    if (stopped) {
                        return;
                    }
                    String message = e.toString();
                    if (!lastError.equals(Optional.of(message))) {
                        System.err.println("local-runtime: background work failed (it goes on): " + message);
                    }
                    lastError = Optional.of(message);
                    lastDrain = System.nanoTime(); // wait a poll interval before the next try, not a tick
                }
                synchronized (signal) {
                    if (!woken && !stopped) {
                        try {
                            signal.wait(TICK_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        }

        /** Stops the thread after its current piece of work (waiting for it up to 30 s). Idempotent. */
        @Override
        public void close() {
            stopped = true;
            synchronized (signal) {
                signal.notifyAll();
            }
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (LocalRuntime.this) {
                if (background == this) {
                    background = null;
                }
            }
        }
    }

    @Override
    public void close() {
        Background running = background;
        if (running != null) {
            running.close();
        }
        workers.shutdownNow();
        for (Object h : handlers.values()) {
            if (h instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("local-runtime: closing " + h.getClass().getSimpleName() + ": " + e);
                }
            }
        }
        handlers.clear();
    }
}
