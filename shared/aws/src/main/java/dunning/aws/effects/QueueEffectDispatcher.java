package dunning.aws.effects;

import dunning.aws.dynamodb.ActionRecords;
import dunning.aws.dynamodb.ConflictException;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.events.DunningEvents;
import dunning.aws.json.Json;
import dunning.aws.messages.ActionMessage;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.QueueSender.OutgoingMessage;
import dunning.aws.store.ActionStatus;
import dunning.domain.engine.Effect;
import dunning.domain.port.EffectDispatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Hands effects over: a fee, a mail or a status change to its worker's queue (the message names
 * the action record the worker carries out), everything that is only an announcement straight to
 * the event bus, its record then DONE and its marker gone. Which effect goes where is one
 * {@link Effect.Visitor}: a new kind of effect does not compile until it has a place here.
 */
public final class QueueEffectDispatcher implements EffectDispatcher {
    /** Pairs of writes (record DONE, marker deleted) per transaction, within DynamoDB's 100 actions. */
    static final int DONE_PER_TRANSACTION = 50;

    private final QueueSender sender;
    private final EventPublisher events;
    private final DynamoTable table;
    private final ActionRecords actions;
    private final Clock clock;
    private final String feeQueue;
    private final String notificationQueue;
    private final String statusQueue;

    public QueueEffectDispatcher(QueueSender sender, EventPublisher events, DynamoTable table, Clock clock, String feeQueue,
                                 String notificationQueue, String statusQueue) {
        this.sender = sender;
        this.events = events;
        this.table = table;
        this.actions = new ActionRecords(table);
        this.clock = clock;
        this.feeQueue = feeQueue;
        this.notificationQueue = notificationQueue;
        this.statusQueue = statusQueue;
    }

    /** Where one effect goes: a queue message, or an event to publish. */
    private record Route(Optional<String> queue, String body, Optional<PublishedEvent> event) {
        static Route queue(String queue, ActionMessage message) {
            return new Route(Optional.of(queue), Json.write(message.toJson()), Optional.empty());
        }

        static Route publish(PublishedEvent event) {
            return new Route(Optional.empty(), "", Optional.of(event));
        }
    }

    @Override
    public void dispatch(String accountId, List<Effect> effects) {
        Map<String, List<OutgoingMessage>> byQueue = new LinkedHashMap<>();
        List<PublishedEvent> published = new ArrayList<>();
        List<String> publishedKeys = new ArrayList<>();
        for (Effect effect : effects) {
            Route r = effect.accept(routes);
            if (r.queue().isPresent()) {
                List<OutgoingMessage> list = byQueue.computeIfAbsent(r.queue().get(), q -> new ArrayList<>());
                list.add(new OutgoingMessage("m" + list.size(), r.body()));
            } else {
                published.add(r.event().orElseThrow());
                publishedKeys.add(effect.key());
            }
        }
        byQueue.forEach(sender::send);
        if (published.isEmpty()) {
            return;
        }
        events.publish(published);
        for (int from = 0; from < publishedKeys.size(); from += DONE_PER_TRANSACTION) {
            List<TransactWriteItem> writes = new ArrayList<>();
            for (String key : publishedKeys.subList(from, Math.min(publishedKeys.size(), from + DONE_PER_TRANSACTION))) {
                writes.add(actions.transition(key, ActionStatus.PENDING, ActionStatus.DONE, clock.instant(), Map.of()));
                writes.add(actions.deleteMarker(accountId, key));
            }
            try {
                table.transact(writes);
            } catch (ConflictException e) {
                // a second hand-over of the same announcement got here first: consumers dedupe on the detail's id
                for (int i = 0; i < writes.size(); i += 2) {
                    try {
                        table.transact(writes.subList(i, i + 2));
                    } catch (ConflictException again) {
                        // already DONE
                    }
                }
            }
        }
    }

    private final Effect.Visitor<Route> routes = new Effect.Visitor<>() {
        public Route sendEmail(Effect.SendEmail e) {
            Effect.Context c = e.context();
            return Route.queue(notificationQueue, new ActionMessage.Notification(e.key(), c.account(),
                    c.level().isPresent() ? episode(c) : Optional.empty(), c.level(), c.day(), e.template(), e.invoice(),
                    e.declineCode(), Optional.empty()));
        }

        public Route applyFee(Effect.ApplyFee e) {
            Effect.Context c = e.context();
            return Route.queue(feeQueue, new ActionMessage.Fee(e.key(), c.account(), episode(c), c.level(), c.day(), e.amount(),
                    c.currency(), Optional.of(e.description())));
        }

        public Route changeStatus(Effect.ChangeStatus e) {
            Effect.Context c = e.context();
            return Route.queue(statusQueue, new ActionMessage.Status(e.key(), c.account(), episode(c), c.level(), c.day(),
                    e.to().name(), Optional.of(e.reason())));
        }

        public Route publishEvent(Effect.PublishEvent e) {
            return Route.publish(DunningEvents.levelEvent(e.detailType(), e.key(), e.context().account(), e.day(), level(e.context())));
        }

        public Route createTask(Effect.CreateTask e) {
            Effect.Context c = e.context();
            return Route.publish(DunningEvents.taskCreated(e.key(), c.account(), episode(c), c.level(), c.day(), e.kind(), e.note()));
        }

        public Route requestRetry(Effect.RequestRetry e) {
            Effect.Context c = e.context();
            return Route.publish(DunningEvents.retryRequested(e.key(), c.account(), e.invoice(), e.payment(), c.day(),
                    Optional.of(e.attempt()), episode(c), c.level(), Optional.empty(), Optional.of(c.currency())));
        }

        public Route requestApproval(Effect.RequestApproval e) {
            return Route.publish(DunningEvents.levelEvent(DunningEvents.APPROVAL_REQUESTED, e.key(), e.context().account(), e.day(),
                    level(e.context())));
        }

        public Route closeEpisode(Effect.CloseEpisode e) {
            return Route.publish(DunningEvents.episodeClosed(e.key(), e.context().account(), String.valueOf(e.episode()), e.day(),
                    Optional.of(e.reason()), e.lastLevel()));
        }
    };

    private static Optional<String> episode(Effect.Context c) {
        return c.episode().map(String::valueOf);
    }

    private static DunningEvents.LevelContext level(Effect.Context c) {
        return new DunningEvents.LevelContext(episode(c), c.level().orElse(""), c.path().map(Enum::name),
                Optional.of(c.daysOverdue()), Optional.of(c.overdueAmount()), Optional.of(c.currency()), Optional.of(c.planId()),
                Optional.of(c.planVersion()));
    }
}
