package dunning.local.cloud;

import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Where the template's EventBridge rules go. The in-JVM EventBridge takes them as routes; a full
 * emulator such as LocalStack takes them through the EventBridge API, as CloudFormation would.
 */
@FunctionalInterface
public interface RuleSink {
    void addRule(String bus, String ruleName, String patternJson, String queueArn, String queueUrl);

    /**
     * An event bus the template declares (before any rule is added). By default nothing happens:
     * the EventBridge API's sink creates buses as their rules need them, as before.
     */
    default void addBus(String bus) {}

    /** Creates buses, rules and SQS targets through the EventBridge API. */
    static RuleSink eventBridgeApi(EventBridgeClient events) {
        return (bus, ruleName, pattern, queueArn, queueUrl) -> {
            if (!bus.equals("default")) {
                try {
                    events.createEventBus(b -> b.name(bus));
                } catch (ResourceAlreadyExistsException e) {
                    // a second rule on the same bus
                }
            }
            events.putRule(b -> b.eventBusName(bus).name(ruleName).eventPattern(pattern).state("ENABLED"));
            events.putTargets(b -> b.eventBusName(bus).rule(ruleName)
                    .targets(List.of(Target.builder().id(ruleName + "-target").arn(queueArn).build())));
        };
    }
}
