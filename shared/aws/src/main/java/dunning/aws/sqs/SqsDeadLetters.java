package dunning.aws.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dunning.aws.lambda.DeadLetters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The function's DLQ (DEAD_LETTER_QUEUE_URL, its source queue's redrive target): the original body,
 * and as message attributes the reason, the function, the original message id and where it came
 * from, so a person reading the DLQ sees why without searching the logs.
 */
public final class SqsDeadLetters implements DeadLetters {
    public static final String REASON = "dunning-reason";
    public static final String FUNCTION = "dunning-function";
    public static final String ORIGINAL_MESSAGE_ID = "dunning-original-message-id";
    public static final String SOURCE = "dunning-source";
    /** SQS message attributes count toward the 256 KB message limit: a reason is kept readable, not whole. */
    static final int MAX_REASON = 2000;

    private final Supplier<SqsClient> sqs;
    private final String deadLetterQueueUrl;

    /** {@code sqs} is asked for only when a message goes to the DLQ: a function's cold start does not build an SQS client for it. */
    public SqsDeadLetters(Supplier<SqsClient> sqs, String deadLetterQueueUrl) {
        this.sqs = sqs;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    @Override
    public void send(String function, SQSEvent.SQSMessage message, String reason) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(REASON, text(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason));
        attributes.put(FUNCTION, text(function));
        if (message.getMessageId() != null) {
            attributes.put(ORIGINAL_MESSAGE_ID, text(message.getMessageId()));
        }
        if (message.getEventSourceArn() != null && !message.getEventSourceArn().isEmpty()) {
            attributes.put(SOURCE, text(message.getEventSourceArn()));
        }
        String body = message.getBody() == null || message.getBody().isEmpty() ? "(empty body)" : message.getBody();
        sqs.get().sendMessage(b -> b.queueUrl(deadLetterQueueUrl).messageBody(body).messageAttributes(attributes));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value.isEmpty() ? "-" : sqsText(value)).build();
    }

    /**
     * SQS refuses a message whose attributes hold characters outside XML's (#x9, #xA, #xD, #x20-#xD7FF,
     * #xE000-#xFFFD, #x10000-#x10FFFF): a reason quoting a forged value with a control character would
     * make the DLQ send fail and lose the reason, so such characters are written as a backslash, u and four hex digits.
     */
    static String sqsText(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (allowed) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04X", cp));
            }
        });
        return out.toString();
    }
}
