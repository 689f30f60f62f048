package dunning.aws.dynamodb;

import dunning.domain.engine.Effect;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An {@link Effect} as its action record and outbox marker keep it (attribute {@code effect}, a
 * map): what the evaluation decided, in full. Workers carry out the effect as stored here, never
 * what a queue message says it is.
 */
public final class EffectCodec {
    public static final String KIND = "kind";

    private EffectCodec() {}

    /** The kind's stored name: the effect type's simple name (SendEmail, ApplyFee, …). */
    public static String kind(Effect e) {
        return e.getClass().getSimpleName();
    }

    public static AttributeValue encode(Effect effect) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(KIND, Attr.s(kind(effect)));
        m.put("key", Attr.s(effect.key()));
        Effect.Context c = effect.context();
        m.put("account", Attr.s(c.account()));
        m.put("day", Attr.s(c.day().toString()));
        c.episode().ifPresent(e -> m.put("episode", Attr.n(e)));
        c.level().ifPresent(l -> m.put("level", Attr.s(l)));
        c.path().ifPresent(p -> m.put("path", Attr.s(p.name())));
        m.put("planId", Attr.s(c.planId()));
        m.put("planVersion", Attr.n(c.planVersion()));
        m.put("daysOverdue", Attr.n(c.daysOverdue()));
        m.put("overdueAmount", Attr.money(c.overdueAmount()));
        m.put("currency", Attr.s(c.currency()));
        effect.accept(new Effect.Visitor<Void>() {
            public Void sendEmail(Effect.SendEmail e) {
                m.put("template", Attr.s(e.template()));
                m.put("purpose", Attr.s(e.purpose().name()));
                e.invoice().ifPresent(i -> m.put("invoice", Attr.s(i)));
                e.declineCode().ifPresent(d -> m.put("declineCode", Attr.s(d)));
                return null;
            }

            public Void applyFee(Effect.ApplyFee e) {
                m.put("amount", Attr.money(e.amount()));
                m.put("description", Attr.s(e.description()));
                return null;
            }

            public Void changeStatus(Effect.ChangeStatus e) {
                m.put("from", Attr.s(e.from().name()));
                m.put("to", Attr.s(e.to().name()));
                m.put("sequence", Attr.n(e.sequence()));
                m.put("reason", Attr.s(e.reason()));
                return null;
            }

            public Void publishEvent(Effect.PublishEvent e) {
                m.put("detailType", Attr.s(e.detailType()));
                return null;
            }

            public Void createTask(Effect.CreateTask e) {
                m.put("taskKind", Attr.s(e.kind()));
                e.note().ifPresent(n -> m.put("note", Attr.s(n)));
                return null;
            }

            public Void requestRetry(Effect.RequestRetry e) {
                e.invoice().ifPresent(i -> m.put("invoice", Attr.s(i)));
                e.payment().ifPresent(p -> m.put("payment", Attr.s(p)));
                m.put("attempt", Attr.n(e.attempt()));
                return null;
            }

            public Void requestApproval(Effect.RequestApproval e) {
                return null;
            }

            public Void closeEpisode(Effect.CloseEpisode e) {
                m.put("closedEpisode", Attr.n(e.episode()));
                m.put("reason", Attr.s(e.reason()));
                e.lastLevel().ifPresent(l -> m.put("lastLevel", Attr.s(l)));
                return null;
            }
        });
        return AttributeValue.fromM(m);
    }

    public static Effect decode(AttributeValue value) {
        if (value == null || !value.hasM()) {
            throw new IllegalStateException("not a stored effect: " + value);
        }
        Map<String, AttributeValue> m = value.m();
        String key = Attr.str(m, "key");
        Effect.Context c = new Effect.Context(Attr.str(m, "account"), LocalDate.parse(Attr.str(m, "day")),
                Attr.optNum(m, "episode").map(Long::intValue), Attr.optStr(m, "level"),
                Attr.optStr(m, "path").map(Plan.Path::valueOf), Attr.str(m, "planId"), (int) Attr.num(m, "planVersion"),
                (int) Attr.num(m, "daysOverdue"), new BigDecimal(Attr.str(m, "overdueAmount")), Attr.str(m, "currency"));
        String kind = Attr.str(m, KIND);
        switch (kind) {
            case "SendEmail":
                return new Effect.SendEmail(key, c, Attr.str(m, "template"), Effect.Purpose.valueOf(Attr.str(m, "purpose")),
                        Attr.optStr(m, "invoice"), Attr.optStr(m, "declineCode"));
            case "ApplyFee":
                return new Effect.ApplyFee(key, c, Attr.money(m, "amount"), Attr.str(m, "description"));
            case "ChangeStatus":
                return new Effect.ChangeStatus(key, c, Plan.Status.valueOf(Attr.str(m, "from")), Plan.Status.valueOf(Attr.str(m, "to")),
                        Attr.num(m, "sequence"), Attr.str(m, "reason"));
            case "PublishEvent":
                return new Effect.PublishEvent(key, c, Attr.str(m, "detailType"));
            case "CreateTask":
                return new Effect.CreateTask(key, c, Attr.str(m, "taskKind"), Attr.optStr(m, "note"));
            case "RequestRetry":
                return new Effect.RequestRetry(key, c, Attr.optStr(m, "invoice"), Attr.optStr(m, "payment"),
                        (int) Attr.num(m, "attempt"));
            case "RequestApproval":
                return new Effect.RequestApproval(key, c);
            case "CloseEpisode":
                return new Effect.CloseEpisode(key, c, (int) Attr.num(m, "closedEpisode"), Attr.str(m, "reason"),
                        Attr.optStr(m, "lastLevel"));
            default:
                throw new IllegalStateException("effect " + key + " has an unknown kind " + kind);
        }
    }

    /** The effect of an action record or outbox marker, if it has one. */
    public static Optional<Effect> of(Map<String, AttributeValue> item) {
        return Optional.ofNullable(item.get("effect")).map(EffectCodec::decode);
    }
}
